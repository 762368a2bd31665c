import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LANGUAGES } from '../domain.ts';
import { BotError } from '../errors.ts';

/**
 * The evaluation set: questions as users would ask them, each with distinctive substrings of the passage(s) that
 * answer it (substrings survive re-chunking, passage ids would not). An empty `expect` marks a question the corpus
 * cannot answer: the right behaviour is to abstain.
 */
export const evalQuestionSchema = z.object({
  id: z.string().min(1),
  lang: z.enum(LANGUAGES),
  question: z.string().trim().min(1),
  expect: z.array(z.string().trim().min(8, 'a substring this short is not distinctive')),
  note: z.string().optional(),
  /** How the question is typed (full, keywords, no-diacritics, lowercase, typo, paraphrase, short), for per-form figures. */
  form: z.string().optional(),
});
export const evalSetSchema = z.object({ version: z.literal(1), questions: z.array(evalQuestionSchema).min(1) });

export type EvalQuestion = z.infer<typeof evalQuestionSchema>;
export type EvalSet = z.infer<typeof evalSetSchema>;

export const DEFAULT_EVAL_SET_PATH = 'eval/eval-set.json';

export function parseEvalSet(json: unknown): EvalSet {
  const result = evalSetSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new BotError('CORPUS_INVALID', `evaluation set is invalid:\n  ${problems.join('\n  ')}`, { details: problems });
  }
  const ids = new Set<string>();
  for (const q of result.data.questions) {
    if (ids.has(q.id)) throw new BotError('CORPUS_INVALID', `evaluation set: duplicate id ${q.id}`);
    ids.add(q.id);
  }
  return result.data;
}

export async function loadEvalSet(path: string = DEFAULT_EVAL_SET_PATH): Promise<EvalSet> {
  return parseEvalSet(JSON.parse(await readFile(path, 'utf8')));
}

/** Whitespace and case differences between the set and a re-chunked passage do not matter. */
function canonical(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').toLowerCase();
}

export function passageAnswers(passageText: string, expect: readonly string[]): boolean {
  const text = canonical(passageText);
  return expect.some((e) => text.includes(canonical(e)));
}
