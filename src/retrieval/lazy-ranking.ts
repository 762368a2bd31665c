/**
 * Items in the exact order of a key that is costly to compute, computing as few keys as possible (branch and bound).
 * Each item has a cheap upper bound of its key. Items are examined in bound order; the best examined one is certain
 * to come next as soon as its key is above every unexamined item's bound, since no unexamined key can exceed its
 * bound. The order given is therefore the order a full sort by (key descending, then `before`) gives, whatever the
 * bounds are, provided each is ≥ its item's key; only how many keys are computed depends on the bounds.
 * Pure, unit-tested.
 */
export interface LazyRankingOptions<T> {
  /** An upper bound of `key(item)`, cheap to compute. +Infinity is always valid (the item is examined first). */
  bound: (item: T) => number;
  /** The exact key, costly: read once per examined item (callers memoise it when others read it too). */
  key: (item: T) => number;
  /** Order among items of equal key: negative when `a` comes first. Must be a strict total order. */
  before: (a: T, b: T) => number;
}

export class LazyRanking<T> {
  /** Items by bound, highest first: the order in which they are examined. */
  private readonly byBound: { item: T; bound: number }[];
  private examined = 0;
  /** Examined items not handed out yet, with their keys, in final order. */
  private readonly ready: { item: T; key: number }[] = [];
  private readonly ranked: T[] = [];

  constructor(
    items: readonly T[],
    private readonly options: LazyRankingOptions<T>,
  ) {
    this.byBound = items.map((item) => ({ item, bound: options.bound(item) })).sort((a, b) => b.bound - a.bound);
  }

  /** The item ranked `i`-th (0 = best), or undefined when there are no more than `i` items. */
  at(i: number): T | undefined {
    while (this.ranked.length <= i) {
      const next = this.next();
      if (next === undefined) return undefined;
      this.ranked.push(next);
    }
    return this.ranked[i];
  }

  /** Every item in order (computes every key). */
  all(): T[] {
    while (this.at(this.ranked.length) !== undefined);
    return [...this.ranked];
  }

  /** How many keys have been computed so far (for tests and profiling). */
  get examinedCount(): number {
    return this.examined;
  }

  private next(): T | undefined {
    for (;;) {
      if (this.examined === this.byBound.length) return this.ready.shift()?.item;
      const head = this.ready[0];
      // Strictly above: an unexamined item of equal key might come first by `before`.
      if (head !== undefined && head.key > this.byBound[this.examined]!.bound) return this.ready.shift()!.item;
      this.examine(this.byBound[this.examined++]!.item);
    }
  }

  private examine(item: T): void {
    const key = this.options.key(item);
    const { before } = this.options;
    // Few items wait at a time (those whose bound was above the best key): a linear insertion is enough.
    let at = this.ready.length;
    while (at > 0) {
      const other = this.ready[at - 1]!;
      if (other.key > key || (other.key === key && before(other.item, item) < 0)) break;
      at--;
    }
    this.ready.splice(at, 0, { item, key });
  }
}
