import type { QueryUnit } from './query.ts';
import { TITLE_ONLY_CREDIT } from './relevance.ts';

/**
 * A question's units as bit masks over its terms' vocabulary ids, so that a sentence stored as term ids is scored
 * without building a string set per sentence: a sentence becomes one mask of the question terms it holds, a unit is
 * held when one of its anchors' masks is inside it. Pure functions, unit-tested against termSetCoverage.
 */

export interface CompiledUnits {
  /** Per vocabulary id of a question term, its bit's position (a 32-bit word, then the bit in it). */
  readonly bitOf: ReadonlyMap<number, number>;
  /** 32-bit words in a mask: most questions have at most 32 terms, one word. */
  readonly words: number;
  /**
   * Per unit, the masks of its anchors that a term set from the vocabulary can hold: an anchor with a term outside
   * the vocabulary is left out, as nothing holds it. An empty anchor is all zeros, held by every set, as in holdsUnit.
   */
  readonly anchors: readonly (readonly Int32Array[])[];
  /**
   * Bit `id mod FILTER_BITS` set for every id of `bitOf`: most terms of a sentence are not the question's, and one
   * array read tells so where a Map look-up took several times longer.
   */
  readonly filter: Uint32Array;
}

/** Bits of CompiledUnits.filter (a power of two): a few KB per question, few false hits for a question's ≤ 100 terms. */
const FILTER_BITS = 1 << 15;

/** The units over a vocabulary (`idOf`: a term's id, negative when absent). */
export function compileUnits(units: readonly QueryUnit[], idOf: (term: string) => number): CompiledUnits {
  const bitOf = new Map<number, number>();
  const positions = units.map((unit) =>
    unit.anchors.flatMap((anchor) => {
      const bits: number[] = [];
      for (const term of anchor) {
        const id = idOf(term);
        if (id < 0) return [];
        let bit = bitOf.get(id);
        if (bit === undefined) {
          bit = bitOf.size;
          bitOf.set(id, bit);
        }
        bits.push(bit);
      }
      return [bits];
    }),
  );
  const words = Math.max(1, Math.ceil(bitOf.size / 32));
  const filter = new Uint32Array(FILTER_BITS / 32);
  for (const id of bitOf.keys()) filter[(id & (FILTER_BITS - 1)) >>> 5]! |= 1 << (id & 31);
  const anchors = positions.map((unit) =>
    unit.map((bits) => {
      const mask = new Int32Array(words);
      for (const bit of bits) mask[bit >> 5]! |= 1 << (bit & 31);
      return mask;
    }),
  );
  return { bitOf, words, anchors, filter };
}

/**
 * compileUnits with the question's own terms for vocabulary (so every anchor is kept), and each term's bit by its
 * string: for term lists that come as strings (a search hit's matched terms), see stringMask.
 */
export function compileTermUnits(units: readonly QueryUnit[]): { compiled: CompiledUnits; bitOfTerm: ReadonlyMap<string, number> } {
  const numbers = new Map<string, number>();
  const compiled = compileUnits(units, (term) => {
    let n = numbers.get(term);
    if (n === undefined) numbers.set(term, (n = numbers.size));
    return n;
  });
  const bitOfTerm = new Map<string, number>();
  for (const [term, n] of numbers) bitOfTerm.set(term, compiled.bitOf.get(n)!);
  return { compiled, bitOfTerm };
}

/** The mask of the question terms among `terms` (bits from compileTermUnits), in a new array `words` long. */
export function stringMask(terms: readonly string[], bitOfTerm: ReadonlyMap<string, number>, words: number): Int32Array {
  const mask = new Int32Array(words);
  for (let i = 0; i < terms.length; i++) {
    const bit = bitOfTerm.get(terms[i]!);
    if (bit !== undefined) mask[bit >> 5]! |= 1 << (bit & 31);
  }
  return mask;
}

/**
 * unitPresence (relevance.ts) of every unit, from the masks of a passage's text terms and of all its terms (null:
 * the same as its text's): 1 held in the text, TITLE_ONLY_CREDIT held only with the title, 0 not held.
 */
export function maskPresence(units: CompiledUnits, text: Int32Array, all: Int32Array | null): number[] {
  const out: number[] = [];
  for (const anchors of units.anchors) out.push(holdsAnchor(anchors, text) ? 1 : all !== null && holdsAnchor(anchors, all) ? TITLE_ONLY_CREDIT : 0);
  return out;
}

/** The mask of the question terms among `ids`, written into `mask` (units.words long) and returned. */
export function termMask(ids: ArrayLike<number>, units: CompiledUnits, mask: Int32Array = new Int32Array(units.words)): Int32Array {
  mask.fill(0);
  const filter = units.filter;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if ((filter[(id & (FILTER_BITS - 1)) >>> 5]! & (1 << (id & 31))) === 0) continue;
    const bit = units.bitOf.get(id);
    if (bit !== undefined) mask[bit >> 5]! |= 1 << (bit & 31);
  }
  return mask;
}

/**
 * termSetCoverage (relevance.ts) of the term set whose mask is `mask`: the same sum in the same order, so the same
 * floating-point value.
 */
export function maskCoverage(units: CompiledUnits, weights: readonly number[], mask: Int32Array): number {
  let total = 0;
  let got = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    total += w;
    const anchors = units.anchors[i];
    got += w * (anchors !== undefined && holdsAnchor(anchors, mask) ? 1 : 0);
  }
  return total > 0 ? got / total : 0;
}

/** holdsUnit (relevance.ts) of unit `i` for the term set whose mask is `mask`. */
export function holdsCompiledUnit(units: CompiledUnits, i: number, mask: Int32Array): boolean {
  const anchors = units.anchors[i];
  return anchors !== undefined && holdsAnchor(anchors, mask);
}

function holdsAnchor(anchors: readonly Int32Array[], mask: Int32Array): boolean {
  for (const anchor of anchors) if (within(anchor, mask)) return true;
  return false;
}

function within(anchor: Int32Array, mask: Int32Array): boolean {
  for (let w = 0; w < anchor.length; w++) if ((mask[w]! & anchor[w]!) !== anchor[w]) return false;
  return true;
}

/**
 * jaccard (diversify.ts) of two sets given as ascending distinct ids, one per element: a merge of two integer lists
 * instead of hashing strings.
 */
export function sortedJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 && b.length === 0) return 1;
  const inter = sharedIds(a, b, null);
  return inter / (a.length + b.length - inter);
}

/**
 * factSimilarity (diversify.ts) of two fingerprints given as ascending distinct ids: their jaccard when they share a
 * year (`isYear`), else 0. One merge finds both, where the string sets took a look-up per year and a jaccard.
 */
export function sortedFactSimilarity(a: ArrayLike<number>, b: ArrayLike<number>, isYear: (id: number) => boolean): number {
  const inter = sharedIds(a, b, isYear);
  return inter < 0 ? 0 : inter / (a.length + b.length - inter);
}

/** How many ids two ascending lists share (a merge); with `needed`, -1 when none of the shared ids satisfies it. */
function sharedIds(a: ArrayLike<number>, b: ArrayLike<number>, needed: ((id: number) => boolean) | null): number {
  let inter = 0;
  let met = needed === null;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      inter++;
      if (!met && needed!(x)) met = true;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return met ? inter : -1;
}
