/**
 * Per-user cooldown for expensive commands. In memory on purpose: a restart forgiving a few seconds of cooldown is
 * harmless, and each shard process only sees its own users anyway.
 */
export type CooldownVerdict = { allowed: true } | { allowed: false; retryAtMs: number };

export class Cooldowns {
  private readonly until = new Map<string, number>();
  /** Sweeping expired entries every so many checks keeps memory bounded without a timer. */
  private checksSinceSweep = 0;

  constructor(private readonly cooldownMs: number) {}

  /** Admits the user and starts their cooldown, or says when they may try again. */
  take(userId: string, nowMs: number): CooldownVerdict {
    this.sweepOccasionally(nowMs);
    if (this.cooldownMs <= 0) return { allowed: true };
    const until = this.until.get(userId);
    if (until !== undefined && until > nowMs) return { allowed: false, retryAtMs: until };
    this.until.set(userId, nowMs + this.cooldownMs);
    return { allowed: true };
  }

  get size(): number {
    return this.until.size;
  }

  private sweepOccasionally(nowMs: number): void {
    if (++this.checksSinceSweep < 100) return;
    this.checksSinceSweep = 0;
    for (const [user, until] of this.until) if (until <= nowMs) this.until.delete(user);
  }
}
