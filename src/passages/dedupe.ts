import type { Passage } from '../domain.ts';

/**
 * Near-duplicate detection for passages across the whole corpus, in near-linear time.
 *
 * Each passage becomes a set of hashed word 3-shingles over normalised text (case, diacritics, punctuation and
 * whitespace ignored). Candidates are found through an inverted index over a *content-defined sample* of shingles
 * (those whose hash is 0 mod SAMPLE_MODULUS, plus the minimum hash). Because the sample is chosen by content, a
 * passage contained in another samples a subset of the other's sample, so containment is found as reliably as
 * high Jaccard similarity — which a plain MinHash/LSH scheme would miss. Candidates are then verified exactly.
 */

/** Word n-gram size. Three words keep "Vietnam and Russia" from making unrelated passages look alike. */
const SHINGLE_WORDS = 3;
const SAMPLE_MODULUS = 4;
/** Shingles shared by this many kept passages are stock phrases, useless for telling duplicates apart. */
const MAX_POSTINGS_PER_SHINGLE = 64;
/** Only the candidates sharing the most sampled shingles are verified. */
const MAX_CANDIDATES_VERIFIED = 16;
/**
 * A duplicate shares ≥ 80 % of a passage's shingles, hence about as large a share of its sample; a candidate
 * sharing less than half of the sample is not worth verifying. (Half, not 80 %, because small samples are noisy.)
 */
const MIN_SAMPLE_HIT_SHARE = 0.5;
export const NEAR_DUPLICATE_JACCARD = 0.8;
/** Share of a passage's shingles found in an earlier passage for it to count as contained in it. */
export const CONTAINMENT_THRESHOLD = 0.9;
/** Containment is not judged for passages this short: a few words are contained in many texts by chance. */
const MIN_SHINGLES_FOR_CONTAINMENT = 4;

export type DuplicateKind = 'exact' | 'near' | 'contained';

export interface CollapsedDuplicate {
  dropped: string;
  keptAs: string;
  kind: DuplicateKind;
}

const SPACE = 0;
const WORD = 1;
const MARK = 2;
/** Character classes by code point, cached: Unicode property regexes are far too slow to run per character. */
const classCache = new Map<number, number>();

function classOf(code: number): number {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) ? WORD : SPACE;
  }
  let cls = classCache.get(code);
  if (cls === undefined) {
    const char = String.fromCodePoint(code);
    cls = /\p{M}/u.test(char) ? MARK : /[\p{L}\p{N}]/u.test(char) ? WORD : SPACE;
    classCache.set(code, cls);
  }
  return cls;
}

/** Lower-case, strip diacritics (đ → d), keep letters and digits only, single spaces. Single pass, no regex. */
export function normaliseForDedupe(text: string): string {
  const decomposed = text.normalize('NFD').toLowerCase();
  let out = '';
  let pendingSpace = false;
  for (const char of decomposed) {
    const code = char.codePointAt(0)!;
    const cls = classOf(code);
    if (cls === MARK) continue;
    if (cls === SPACE) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += code === 0x111 ? 'd' : char;
  }
  return out;
}

/** 32-bit FNV-1a: fast, well spread, and deterministic across runs (the sample must be the same every time). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: spreads a combination of word hashes over all 32 bits. */
function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes of word 3-shingles, combined from per-word hashes so that no shingle string is ever built. */
function shingleHashes(normalised: string): Set<number> {
  const wordHashes = normalised.length > 0 ? normalised.split(' ').map(fnv1a) : [];
  const hashes = new Set<number>();
  if (wordHashes.length < SHINGLE_WORDS) {
    for (const hash of wordHashes) hashes.add(hash);
    return hashes;
  }
  for (let i = 0; i + SHINGLE_WORDS <= wordHashes.length; i++) {
    let combined = 0;
    for (let k = 0; k < SHINGLE_WORDS; k++) combined = Math.imul(combined ^ wordHashes[i + k]!, 0x9e3779b1) + k;
    hashes.add(mix32(combined));
  }
  return hashes;
}

function sampleOf(shingles: Set<number>): number[] {
  const sample: number[] = [];
  let min = Number.POSITIVE_INFINITY;
  for (const hash of shingles) {
    if (hash % SAMPLE_MODULUS === 0) sample.push(hash);
    if (hash < min) min = hash;
  }
  if (Number.isFinite(min) && min % SAMPLE_MODULUS !== 0) sample.push(min);
  return sample;
}

function overlap(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const hash of small) if (large.has(hash)) shared++;
  return shared;
}

/** How `candidate` duplicates the earlier `kept` passage, or null. */
function duplicateKind(candidate: Set<number>, kept: Set<number>): Exclude<DuplicateKind, 'exact'> | null {
  if (candidate.size === 0 || kept.size === 0) return null;
  const shared = overlap(candidate, kept);
  const jaccard = shared / (candidate.size + kept.size - shared);
  if (jaccard >= NEAR_DUPLICATE_JACCARD) return 'near';
  if (candidate.size >= MIN_SHINGLES_FOR_CONTAINMENT && shared / candidate.size >= CONTAINMENT_THRESHOLD) return 'contained';
  return null;
}

/**
 * Collapses exact and near-duplicate passages across the whole corpus; keeps the first occurrence.
 * A later passage is dropped when it equals an earlier kept one after normalisation, when their shingle sets have
 * Jaccard ≥ 0.8, or when ≥ 90 % of its shingles appear in an earlier kept passage. A later passage that *contains*
 * an earlier, shorter one says more and is kept.
 */
export function collapseDuplicates(passages: Passage[]): { kept: Passage[]; dropped: number; collapsed: CollapsedDuplicate[] } {
  const kept: Passage[] = [];
  const keptShingles: Set<number>[] = [];
  const keptByExactText = new Map<string, number>();
  const postings = new Map<number, number[]>();
  const collapsed: CollapsedDuplicate[] = [];

  for (const passage of passages) {
    const normalised = normaliseForDedupe(passage.text);
    const exact = keptByExactText.get(normalised);
    if (exact !== undefined) {
      collapsed.push({ dropped: passage.id, keptAs: kept[exact]!.id, kind: 'exact' });
      continue;
    }

    const shingles = shingleHashes(normalised);
    const sample = sampleOf(shingles);
    const hits = new Map<number, number>();
    for (const hash of sample) {
      const list = postings.get(hash);
      if (!list || list.length >= MAX_POSTINGS_PER_SHINGLE) continue;
      for (const index of list) hits.set(index, (hits.get(index) ?? 0) + 1);
    }
    const minHits = Math.max(1, Math.ceil(sample.length * MIN_SAMPLE_HIT_SHARE));
    const candidates = [...hits.entries()]
      .filter(([, count]) => count >= minHits)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, MAX_CANDIDATES_VERIFIED);

    let duplicate: CollapsedDuplicate | null = null;
    for (const [index] of candidates) {
      const kind = duplicateKind(shingles, keptShingles[index]!);
      if (kind) {
        duplicate = { dropped: passage.id, keptAs: kept[index]!.id, kind };
        break;
      }
    }
    if (duplicate) {
      collapsed.push(duplicate);
      continue;
    }

    const index = kept.length;
    kept.push(passage);
    keptShingles.push(shingles);
    keptByExactText.set(normalised, index);
    for (const hash of sample) {
      const list = postings.get(hash);
      if (!list) postings.set(hash, [index]);
      else if (list.length < MAX_POSTINGS_PER_SHINGLE) list.push(index);
    }
  }
  return { kept, dropped: collapsed.length, collapsed };
}
