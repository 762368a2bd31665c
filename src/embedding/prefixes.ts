/**
 * Instruction prefixes some embedding models were trained with. e5 models compare `query: …` with `passage: …`;
 * without the prefixes their retrieval quality drops noticeably, so they are part of the model, not of the caller.
 */
export interface TextPrefixes {
  query: string;
  passage: string;
}

export const NO_PREFIXES: TextPrefixes = { query: '', passage: '' };
export const E5_PREFIXES: TextPrefixes = { query: 'query: ', passage: 'passage: ' };

/** Matches e5 model ids: `intfloat/e5-small-v2`, `Xenova/multilingual-e5-small`, `intfloat/e5-mistral…`. */
const E5_MODEL_ID = /(^|[/_-])e5([_-]|$)/i;

export function prefixesForModel(modelId: string): TextPrefixes {
  return E5_MODEL_ID.test(modelId) ? E5_PREFIXES : NO_PREFIXES;
}
