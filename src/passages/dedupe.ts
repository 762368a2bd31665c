import type { Passage } from '../domain.ts';

// STUB (signature only) — being implemented by the corpus helper.
/** Collapses exact and near-duplicate passages across the whole corpus; keeps the first occurrence. */
export function collapseDuplicates(passages: Passage[]): { kept: Passage[]; dropped: number } {
  return { kept: passages, dropped: 0 };
}
