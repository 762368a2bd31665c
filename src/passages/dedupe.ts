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
const MAX_POSTINGS_PER_SHINGLE = 256;
/** Only the candidates sharing the most sampled shingles are verified. */
const MAX_CANDIDATES_VERIFIED = 32;
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

/** Lower-case, strip diacritics (đ → d), keep letters and digits only, single spaces. */
export function normaliseForDedupe(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
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

export function shingleHashes(normalised: string): Set<number> {
  const words = normalised.length > 0 ? normalised.split(' ') : [];
  const hashes = new Set<number>();
  if (words.length < SHINGLE_WORDS) {
    for (const word of words) hashes.add(fnv1a(word));
    return hashes;
  }
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) hashes.add(fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' ')));
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

/** How `candidate` duplicates the earlier `kept` passage, or null. Exposed for tests. */
export function duplicateKind(candidate: Set<number>, kept: Set<number>): Exclude<DuplicateKind, 'exact'> | null {
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
    const candidates = [...hits.entries()]
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
