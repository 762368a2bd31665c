import { eld } from 'eld/medium';
import { LANGUAGES, type Lang } from '../domain.ts';
import { isServedLanguage, type Sourced } from './metadata.ts';

/** Characters of text the detector reads; more adds time, not accuracy. */
const DETECTION_SAMPLE_CHARS = 6000;

/**
 * The detector (eld) has Malay but not Indonesian, and the two are one language for this purpose (franc and
 * tinyld mix them up too), so its Malay is Indonesian here. Documented in docs/DESIGN.md.
 */
const DETECTOR_ALIASES: Record<string, string> = { ms: 'id' };

/**
 * The language of `text` by the detector, or null when it is not sure. eld was chosen over tinyld, which reads
 * the seed English article full of Vietnamese names ("Phạm Minh Chính") as Vietnamese.
 */
export function detectLanguage(text: string): string | null {
  const result = eld.detect(text.slice(0, DETECTION_SAMPLE_CHARS));
  if (!result.language || !result.isReliable()) return null;
  return DETECTOR_ALIASES[result.language] ?? result.language;
}

export type LanguageDecision =
  | { ok: true; lang: Lang; from: string; note?: string }
  | { ok: false; code: 'LANGUAGE_UNSUPPORTED' | 'METADATA_MISSING'; reason: string };

const SERVED = LANGUAGES.join(', ');

/**
 * Declared language (page or --lang) against the detector: the detector wins when they disagree, and the note
 * says so; with no sure detection the declaration stands; with neither, the language is asked for.
 */
export function decideLanguage(declared: Sourced<string> | undefined, detected: string | null): LanguageDecision {
  if (detected !== null) {
    if (!isServedLanguage(detected)) {
      return { ok: false, code: 'LANGUAGE_UNSUPPORTED', reason: `the text is in ${detected} (detected${declared ? `; ${declared.from} says ${declared.value}` : ''}); the languages served are ${SERVED}` };
    }
    if (declared && declared.value !== detected) {
      return { ok: true, lang: detected, from: 'detector', note: `${declared.from} says ${declared.value} but the text reads as ${detected}: ${detected} is used` };
    }
    return { ok: true, lang: detected, from: declared ? `${declared.from}, confirmed by the detector` : 'detector' };
  }
  if (!declared) return { ok: false, code: 'METADATA_MISSING', reason: 'the language is unknown (the page does not declare it and the detector is not sure): pass --lang' };
  if (!isServedLanguage(declared.value)) {
    return { ok: false, code: 'LANGUAGE_UNSUPPORTED', reason: `${declared.from} says ${declared.value}; the languages served are ${SERVED}` };
  }
  return { ok: true, lang: declared.value, from: `${declared.from} (the detector was not sure)` };
}
