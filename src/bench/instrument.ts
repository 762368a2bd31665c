/**
 * Stage timings without touching the pipeline's code: the embedder, the vector store and the lexical index are
 * wrapped so that every method call adds its duration (until its promise settles, for async methods) to a named
 * stage. Retrieval then runs exactly as in the engine, and what is left of its time is fusion and quote selection.
 */
export class StageClock {
  private readonly totals = new Map<string, number>();

  add(stage: string, ms: number): void {
    this.totals.set(stage, (this.totals.get(stage) ?? 0) + ms);
  }

  get(stage: string): number {
    return this.totals.get(stage) ?? 0;
  }

  /** Returns the totals since the last reset and starts again from zero (one question's worth). */
  take(): Map<string, number> {
    const snapshot = new Map(this.totals);
    this.totals.clear();
    return snapshot;
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * A view of `target` whose methods report their time to `clock` under `stage`. Methods run with the real object as
 * `this`, so classes with private state behave as before; properties and getters pass straight through.
 */
export function withStageTiming<T extends object>(
  target: T,
  stage: string,
  clock: StageClock,
  /** Which methods count towards the stage; by default all. Others pass through untimed. */
  timesMethod: (name: string) => boolean = () => true,
): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      if (typeof property !== 'string' || !timesMethod(property)) return value.bind(object);
      return (...args: unknown[]) => {
        const start = performance.now();
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
        if (isPromiseLike(result)) {
          return Promise.resolve(result).finally(() => clock.add(stage, performance.now() - start));
        }
        clock.add(stage, performance.now() - start);
        return result;
      };
    },
  });
}
