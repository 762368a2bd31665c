/**
 * Caps how many model calls run at once. Each call holds activations for a whole batch, so a burst of questions
 * without a cap could multiply memory use by the number of waiting users.
 */
interface Waiter {
  start: () => void;
  urgent: boolean;
}

export class Semaphore {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Semaphore limit must be a whole number ≥ 1, got ${limit}`);
  }

  /** Calls now running. */
  get inFlight(): number {
    return this.active;
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `task` once a slot is free. Urgent tasks wait ahead of ordinary ones (first come, first served within
   * each kind): a user's question should not wait behind a bulk re-index.
   */
  async run<T>(task: () => Promise<T>, urgent = false): Promise<T> {
    await this.acquire(urgent);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(urgent: boolean): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((start) => {
      const waiter = { start, urgent };
      const firstOrdinary = urgent ? this.waiting.findIndex((w) => !w.urgent) : -1;
      if (firstOrdinary === -1) this.waiting.push(waiter);
      else this.waiting.splice(firstOrdinary, 0, waiter);
    });
  }

  private release(): void {
    // The slot passes straight to the next waiter, so `active` never dips below the limit while others wait.
    const next = this.waiting.shift();
    if (next) next.start();
    else this.active--;
  }
}
