import { describe, expect, it } from 'vitest';
import { StageClock, withStageTiming } from '../../src/bench/instrument.ts';

class Counter {
  private count = 0;
  readonly name = 'counter';
  get double(): number {
    return this.count * 2;
  }
  bump(by: number): number {
    this.count += by;
    return this.count;
  }
  async later(value: string): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return value;
  }
}

describe('withStageTiming', () => {
  it('passes calls, results, properties and getters through to the real object', async () => {
    const clock = new StageClock();
    const real = new Counter();
    const timed = withStageTiming(real, 'count', clock);
    expect(timed.bump(2)).toBe(2);
    expect(timed.bump(3)).toBe(5);
    expect(timed.double).toBe(10);
    expect(timed.name).toBe('counter');
    expect(await timed.later('x')).toBe('x');
    expect(real.bump(0)).toBe(5);
  });

  it('adds the time of async methods until their promise settles, per stage, and take() resets', async () => {
    const clock = new StageClock();
    const timed = withStageTiming(new Counter(), 'slow', clock);
    await timed.later('a');
    await timed.later('b');
    expect(clock.get('slow')).toBeGreaterThanOrEqual(8);
    expect(clock.get('other')).toBe(0);
    const taken = clock.take();
    expect(taken.get('slow')).toBeGreaterThanOrEqual(8);
    expect(clock.get('slow')).toBe(0);
  });

  it('still records the time of a call that throws, and rethrows', async () => {
    const clock = new StageClock();
    const failing = withStageTiming({ boom: async () => Promise.reject(new Error('no')) }, 'fail', clock);
    await expect(failing.boom()).rejects.toThrow('no');
    expect(clock.take().has('fail')).toBe(true);
  });
});

describe('withStageTiming with a method filter', () => {
  it('times only the chosen methods and leaves the others working but uncounted', () => {
    const clock = new StageClock();
    const timed = withStageTiming(new Counter(), 'search', clock, (name) => name === 'bump');
    timed.bump(1);
    expect(clock.take().has('search')).toBe(true);
    expect(timed.later).toBeTypeOf('function');
    void timed.later('x');
    expect(clock.take().has('search')).toBe(false);
  });
});
