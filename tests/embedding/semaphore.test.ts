import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/embedding/semaphore.ts';

/** A task that stays running until released, so tests control exactly when slots free up. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('Semaphore', () => {
  it('never runs more tasks at once than its limit', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 7 }, (_, i) =>
      semaphore.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2 + (i % 3)));
        running--;
        return i;
      }),
    );
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
    expect(semaphore.inFlight).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await semaphore.run(async () => 'next')).toBe('next');
    expect(semaphore.inFlight).toBe(0);
  });

  it('starts urgent tasks before ordinary ones, first come first served within each kind', async () => {
    const semaphore = new Semaphore(1);
    const blocker = gate();
    const order: string[] = [];
    const first = semaphore.run(() => blocker.opened);
    const queued = [
      semaphore.run(async () => order.push('bulk-1')),
      semaphore.run(async () => order.push('bulk-2')),
      semaphore.run(async () => order.push('urgent-1'), true),
      semaphore.run(async () => order.push('urgent-2'), true),
    ];
    expect(semaphore.queued).toBe(4);
    blocker.open();
    await Promise.all([first, ...queued]);
    expect(order).toEqual(['urgent-1', 'urgent-2', 'bulk-1', 'bulk-2']);
  });

  it('rejects a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
