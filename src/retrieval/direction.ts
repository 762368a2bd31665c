/**
 * Direction of a post held by one country in another: "Russia's ambassador to Vietnam" is not "Vietnam's
 * ambassador to Russia", although both hold the same words. Pure, unit-tested.
 *
 * Serves the class "direction is ignored" (a question about one country's envoy to the other returned the other
 * country's envoy). The glossary says which concepts are places (countries) and which concept names the post; the
 * word order around the post gives the direction in all four languages:
 *   en "Russian ambassador to Vietnam", "ambassador of Russia to Vietnam";
 *   vi "Đại sứ Nga tại Việt Nam"; id "Duta Besar Rusia untuk Vietnam"; ru "посол России во Вьетнаме".
 */
import { analyze } from '../text/tokenizer.ts';
import type { Glossary } from './glossary.ts';
import { findConcepts } from './query.ts';

/** Glossary concepts naming a post that one country holds in another (envoys and embassies). */
export const DIRECTIONAL_POSTS: ReadonlySet<string> = new Set(['ambassador']);

/** Words allowed between the post and a country ("of", "to", "tại", "untuk", "во" are stop words or short). */
const MAX_GAP = 2;

export interface Direction {
  from: string;
  to: string;
}

/** Every "post of country A in country B" the text states, as concept ids. */
export function directionsIn(text: string, glossary: Glossary): Direction[] {
  const out: Direction[] = [];
  for (const phrase of analyze(text)) {
    const matches = findConcepts(phrase, glossary, { keepNested: true }).sort((a, b) => a.start - b.start);
    for (const post of matches) {
      if (!DIRECTIONAL_POSTS.has(post.concept.id)) continue;
      const places = matches.filter((m) => m.concept.kind === 'place' && m !== post);
      const postEnd = post.start + post.length;
      // The holder: a country just before the post ("Russian ambassador") or just after it ("Đại sứ Nga").
      const before = places.filter((p) => p.start + p.length <= post.start && post.start - (p.start + p.length) <= MAX_GAP - 1).pop();
      const after = places.filter((p) => p.start >= postEnd && p.start - postEnd <= MAX_GAP);
      let from: string | undefined;
      let toCandidates = after;
      if (before !== undefined) from = before.concept.id;
      else if (after[0] !== undefined) {
        from = after[0].concept.id;
        const holderEnd = after[0].start + after[0].length;
        toCandidates = places.filter((p) => p.start >= holderEnd && p.start - holderEnd <= MAX_GAP);
      }
      const to = toCandidates.find((p) => p.concept.id !== from);
      if (from !== undefined && to !== undefined) out.push({ from, to: to.concept.id });
    }
  }
  return out;
}

/** A sentence stating only the opposite direction of the question's keeps this share of its score. */
export const REVERSED_DIRECTION_FACTOR = 0.5;
/**
 * A sentence that does not state the post's direction at all keeps this share: of two sentences naming envoys,
 * the one that says "Russia's, in Vietnam" answers "Russia's ambassador to Vietnam" better than one that does not say.
 */
export const UNSTATED_DIRECTION_FACTOR = 0.8;

/**
 * 1 when the text states the question's post in the question's direction (or the question asks none),
 * REVERSED_DIRECTION_FACTOR when it states it only the other way round, `unstated` when it states none.
 */
export function directionFactor(asked: readonly Direction[], stated: readonly Direction[], unstated = UNSTATED_DIRECTION_FACTOR): number {
  if (asked.length === 0) return 1;
  if (stated.length === 0) return unstated;
  const same = stated.some((s) => asked.some((a) => a.from === s.from && a.to === s.to));
  if (same) return 1;
  const reversed = stated.some((s) => asked.some((a) => a.from === s.to && a.to === s.from));
  return reversed ? REVERSED_DIRECTION_FACTOR : unstated;
}
