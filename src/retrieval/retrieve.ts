import type { Lang } from '../domain.ts';
import { sourceOf } from '../domain.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { Answer, AnswerHit, AskRequest } from '../engine-types.ts';
import { searchedTerms } from '../index/lexical-index.ts';
import type { LoadedIndex } from '../index/types.ts';
import { ANALYSED_PASSAGES_KEPT, MAX_QUOTE_CHARS, RESULTS_PER_PAGE } from '../limits.ts';
import { analyseSentences, type SentenceStore } from '../index/sentence-store.ts';
import { detectLanguage } from '../text/language.ts';
import { foldDiacritics } from '../text/normalize.ts';
import { analyze, contentTerms } from '../text/tokenizer.ts';
import { isEmptyQuestion, shouldAbstain } from './abstain.ts';
import { confidenceOf, type ConfidenceEvidence, type ConfidenceModel } from './confidence.ts';
import { FITTED_CONFIDENCE_MODEL } from './confidence-model.ts';
import { diversify, type Candidate, type FactIds } from './diversify.ts';
import { factsOf } from './facts.ts';
import { calibrateSimilarity, fuseScores, lexicalScore, normalizeByMaxWithin, type FusionWeights } from './fusion.ts';
import { glossaryWordLanguages, loadGlossary, type Glossary } from './glossary.ts';
import type { LexicalIndex } from '../index/lexical-index.ts';
import { LazyRanking } from './lazy-ranking.ts';
import { analyzeQuery, glossaryKnowsCyrillic, glossaryRussianStems, withDateUnit, type AnalyzedQuery, type QueryUnit } from './query.ts';
import { coverage, holdsUnit, termSetCoverage, unitDocumentFrequency, unitsForBound, unitsWithin, unitWeightsOf, weightsByLanguage } from './relevance.ts';
import { selectQuoteParts } from './quote.ts';
import { compileTermUnits, compileUnits, holdsCompiledUnit, maskCoverage, maskPresence, stringMask, termMask, type CompiledUnits } from './term-bits.ts';
import { correctSpelling, type SpellingLookup } from './spelling.ts';
import { answerTypeStrength, askedAnswerType, typedParts, typedSentenceScore, type AnswerType, type GivenTerms, type TypedParts } from './answer-type.ts';
import { entityMentions, type KindedMention } from './entities.ts';
import { directionFactor, directionsIn, type Direction } from './direction.ts';

export interface RetrieveDeps {
  embedder: Embedder | null;
  weights: FusionWeights;
  /** Minimum confidence (0–1, see confidence.ts) to answer; undefined = the fitted model's threshold. */
  abstainThreshold?: number | undefined;
  /** Injected by the fitting and in tests; defaults to the committed fitted model. */
  confidenceModel?: ConfidenceModel;
  /** Injected in tests; defaults to corpus/glossary.json. */
  glossary?: Glossary;
  /** Score every candidate, bounds unused: the reference that tests hold the lazy scoring to. */
  exhaustive?: boolean;
}

/** Candidates taken from each retriever before fusion and diversification. */
export const CANDIDATE_POOL = 100;
/**
 * Results after the first (the best-ranked candidate) must cover at least this much of the question (relevance, see relevance.ts): once the
 * question is judged answerable, later results may each hold one fact, but "More results" must not turn into noise.
 * The value the earlier relevance threshold implied (half of 0.5).
 */
export const MIN_FOLLOW_UP_RELEVANCE = 0.25;
/** A passage in the asker's language wins a near-tie (a nudge, not a preference over relevance). */
export const SAME_LANGUAGE_BONUS = 0.01;
/**
 * Cosine similarities of the e5 family sit high even for unrelated text: below the floor means unrelated, above
 * the ceiling a near-paraphrase. Not calibrated on this corpus (no model could be loaded while building it).
 */
export const DENSE_SIMILARITY_FLOOR = 0.75;
export const DENSE_SIMILARITY_CEILING = 0.9;

export interface Scored {
  readonly label: number;
  /** The fused score; in retrieval, computed on first read (the per-sentence analysis), see `bound`. */
  readonly score: number;
  /** Never below `score`, and known without the per-sentence analysis (see scoreLexical). */
  readonly bound: number;
  readonly relevance: number;
  /** Calibrated dense similarity, 0 in keyword-only mode or when the vector search did not return the passage. */
  readonly dense: number;
}

/** The order of fused candidates: score, best first, then label. */
export function fusedOrder(a: Scored, b: Scored): number {
  return b.score - a.score || a.label - b.label;
}

export async function retrieve(index: LoadedIndex, request: AskRequest, deps: RetrieveDeps): Promise<Answer> {
  const question = request.question;
  const glossary = deps.glossary ?? loadGlossary();
  const queryLang = detectLanguage(question, glossaryWordLanguages(glossary));
  const hybrid = deps.embedder !== null && index.vectors !== null;
  const base = { question, queryLang, mode: hybrid ? 'hybrid' : 'lexical' } as const;
  if (isEmptyQuestion(question)) {
    return { ...base, abstained: true, abstainReason: 'empty-question', results: [], hasMore: false };
  }
  const threshold = deps.abstainThreshold ?? (deps.confidenceModel ?? FITTED_CONFIDENCE_MODEL).threshold;
  const candidates = await scoreCandidates(index, request, { ...deps, glossary }, queryLang);

  const confidence = round(confidenceOf(confidenceEvidence(index, candidates), deps.confidenceModel ?? FITTED_CONFIDENCE_MODEL));
  if (shouldAbstain(confidence, threshold)) {
    return { ...base, abstained: true, abstainReason: 'no-relevant-passage', confidence, results: [], hasMore: false };
  }
  // Once the question is known to be answerable, later results may cover less of it (one fact each), but not
  // so little that "More results" turns into noise. The best candidate, the one the confidence judged, is never
  // filtered: dropping it showed a lower passage first, or nothing, for a question judged answerable.
  const best = candidates.ranking.at(0);
  const relevant = candidates.pool.filter((s) => s === best || s.relevance >= MIN_FOLLOW_UP_RELEVANCE);

  const offset = Math.max(0, request.offset ?? 0);
  const k = Math.max(1, request.k ?? RESULTS_PER_PAGE);
  const rankScores: number[] = [];
  const bonus = (s: Scored) => (index.passages[s.label]!.meta.lang === queryLang ? SAME_LANGUAGE_BONUS : 0);
  const byLabel = new Map(relevant.map((s) => [s.label, s]));
  const ordered = diversify(
    // Read only for the candidates whose bound could win a round (see diversify): most are never analysed.
    relevant.map<Candidate>((s) => new PassageCandidate(index, s, bonus(s), glossary)),
    // One beyond the page tells whether there is a next page. Equal scores in fused order, as they were ranked.
    { limit: offset + k + 1, rankScores, tieBreak: (a, b) => fusedOrder(byLabel.get(a.id)!, byLabel.get(b.id)!) },
  );
  const page = ordered.slice(offset, offset + k);
  const results: AnswerHit[] = page.map((c, i) => {
    const passage = index.passages[c.id]!;
    return {
      rank: offset + i + 1,
      // The score that ranked (relevance less the diversity penalty), so that scores shown fall with the rank;
      // `relevance` keeps the fused score itself.
      score: round(Math.min(1, Math.max(0, rankScores[offset + i]!))),
      relevance: round(byLabel.get(c.id)!.score),
      ...quoteFor(index, c.id, candidates),
      passage,
      source: sourceOf(passage.meta),
    };
  });
  return { ...base, abstained: false, confidence, results, hasMore: ordered.length > offset + k };
}

/**
 * A fused candidate as diversify sees it: score with the same-language bonus, read on demand, and the passage's words
 * and facts analysed only for the candidates diversification compares, which stops early: not the whole pool.
 * A class rather than an object literal with getters, which V8 builds far more slowly (one per candidate).
 */
class PassageCandidate implements Candidate {
  readonly id: number;
  readonly bound: number;

  constructor(
    private readonly index: LoadedIndex,
    private readonly scored: Scored,
    private readonly bonus: number,
    private readonly glossary: Glossary,
  ) {
    this.id = scored.label;
    this.bound = scored.bound + bonus;
  }

  get score(): number {
    return this.scored.score + this.bonus;
  }

  get terms(): ReadonlySet<string> {
    return passageTerms(this.index, this.id);
  }

  get termIds(): Uint32Array | undefined {
    // A view into the store, ascending as stored: nothing to decode or keep.
    return this.index.sentences?.contentTermIds(this.id);
  }

  get factIds(): FactIds | null {
    const store = this.index.sentences;
    const ids = store?.factIds(this.id, this.glossary) ?? null;
    return ids === null ? null : { ids, isYear: store!.isYearFact };
  }

  get facts(): ReadonlySet<string> {
    return passageFacts(this.index, this.id, this.glossary);
  }
}

export interface ScoredCandidates {
  query: AnalyzedQuery;
  /** Every candidate, in no particular order. `relevance` is the calibrated 0–1 relevance the abstain threshold applies to. */
  pool: Scored[];
  /** The pool best first (fusedOrder), each score computed only when the order needs it: `ranking.all()` for all. */
  ranking: LazyRanking<Scored>;
  /** IDF weight of each query unit (see unitWeights), for relevance and quotes. */
  weights: number[];
  /** Each query unit's unitDocumentFrequency, that the weights and the confidence are read off. */
  frequencies: number[];
  /** What the question asks for (a date, a number, a person…), when it says so. */
  type: AnswerType | null;
  /** The question's index terms, concepts' variants included: what an answer must add to (see answerTypeStrength). */
  given: GivenTerms;
  /** Posts of one country in another that the question asks about (see direction.ts). */
  directions: Direction[];
  glossary: Glossary;
  /** The query's units over the sentence store's vocabulary (term-bits.ts), null without a store. */
  stored: CompiledUnits | null;
}

/**
 * Every candidate passage with its fused score and relevance, before thresholding and diversification. Scores are
 * computed lazily (see ScoredCandidates.ranking): what reads them gets the same values and order as computing
 * them all first. `queryLang` is the question's language when the caller has detected it already (retrieve has).
 */
export async function scoreCandidates(index: LoadedIndex, request: AskRequest, deps: RetrieveDeps, queryLang?: Lang): Promise<ScoredCandidates> {
  const glossary = deps.glossary ?? loadGlossary();
  const question = correctSpelling(request.question, spellingLookup(index, glossary));
  // The glossary's lexicon only weighs English against Indonesian, so whether the question is Vietnamese is the
  // same with it or without (see detectLanguage).
  const vietnamese = (queryLang ?? detectLanguage(request.question)) === 'vi';
  const query = withDateUnit(
    analyzeQuery(question, glossary, { pairSyllables: vietnamese, withoutDiacritics: vietnamese && foldDiacritics(request.question) === request.question }),
    question,
    (t) => index.lexical.documentFrequency(t) > 0,
  );
  const hybrid = deps.embedder !== null && index.vectors !== null;
  const frequencies = query.units.map((u) => unitDocumentFrequency(u, (t) => index.lexical.documentFrequency(t)));
  const weights = unitWeightsOf(query.units, frequencies, Math.max(1, index.passages.length));
  const type = askedAnswerType(request.question);
  const given = new Set(query.terms.map((t) => t.term));
  const store = index.sentences ?? null;
  // With a store, sentences are scored on their stored term ids: every anchor is looked up, since those the store's
  // vocabulary lacks (all that no sentence holds) drop out of the masks by themselves.
  const stored = store === null ? null : compileUnits(query.units, (t) => store.termIdOf(t));
  const sentenceContext = { query, weights, type, given, directions: directionsIn(question, glossary), glossary, stored };
  const lexical = scoreLexical(index, sentenceContext, request.lang);
  const dense = hybrid ? await scoreDense(index, request.question, deps.embedder!, request.lang) : new Map<number, number>();
  const fused = fuse(lexical, dense, hybrid ? deps.weights : { dense: 0, lexical: 1 });
  const pool = deps.exhaustive === true ? fused.map((s) => ({ label: s.label, score: s.score, bound: Number.POSITIVE_INFINITY, relevance: s.relevance, dense: s.dense })) : fused;
  return { ...sentenceContext, frequencies, pool, ranking: new LazyRanking(pool, { bound: (s) => s.bound, key: (s) => s.score, before: fusedOrder }) };
}

const glossaryWords = new WeakMap<Glossary, ReadonlySet<string>>();
/** Corrections made against an index with a glossary (see SpellingLookup.remembered): a new index starts afresh. */
const rememberedCorrections = new WeakMap<LexicalIndex, WeakMap<Glossary, Map<string, string | null>>>();

/**
 * Words of the index and of the glossary's variants are known; anything else may be a slip of the keyboard. A
 * Russian word is known when it meets a glossary word as glossary matching does (stems, prefixes).
 */
export function spellingLookup(index: LoadedIndex, glossary: Glossary): SpellingLookup {
  let words = glossaryWords.get(glossary);
  if (words === undefined) {
    words = new Set(glossary.concepts.flatMap((c) => c.variants.flatMap((v) => v.tokens.map((t) => t.term))));
    glossaryWords.set(glossary, words);
  }
  let byGlossary = rememberedCorrections.get(index.lexical);
  if (byGlossary === undefined) rememberedCorrections.set(index.lexical, (byGlossary = new WeakMap()));
  let remembered = byGlossary.get(glossary);
  if (remembered === undefined) byGlossary.set(glossary, (remembered = new Map()));
  const known = words;
  const russian = glossaryRussianStems(glossary);
  const knowsTerm = (term: string) => index.lexical.documentFrequency(term) > 0 || known.has(term);
  return {
    knows: (token) => knowsTerm(token.term) || (token.cyrillic && glossaryKnowsCyrillic(token, glossary)),
    knowsTerm,
    knowsRussianStem: (stem) => russian.stems.has(stem),
    knowsRussianStemStart: (start) => russian.starts.has(start),
    frequency: (term) => index.lexical.documentFrequency(term),
    remembered,
  };
}

/** A lexical candidate: its score is computed on first read (the per-sentence analysis); `bound` is never below it. */
interface LexicalScore {
  readonly score: number;
  readonly bound: number;
  readonly relevance: number;
}

/**
 * The lexical candidates, each with an upper bound of its score read off what the search already gives. A score is
 * BM25, passage relevance and sentence relevance blended (lexicalScore), times the direction factor (≤ 1). Sentence
 * relevance is the best sentence's coverage of the question, at most its coverage before the answer-type and
 * direction discounts (factors ≤ 1). A sentence whose terms are all its passage's text terms (the store says which
 * passages have no others) holds only units whose anchors are all among the passage's text terms, which the search
 * reported (hit.textTerms) for every anchor made of searched terms: that coverage bounds its sentences'. Floating
 * point keeps the bound: the sentence's sum adds a subset of the same weights in the same order, and every step
 * after it (× or + of non-negative numbers, / by the same total, × a factor ≤ 1) is monotone under rounding.
 */
function scoreLexical(index: LoadedIndex, context: SentenceContext, lang: Lang | undefined): Map<number, LexicalScore> {
  const { query, weights } = context;
  const out = new Map<number, LexicalScore>();
  if (query.units.length === 0) return out;
  // Twice the pool when a language filter may drop hits; without one, the pool itself: the search's order is a strict
  // total order (score, then first reached), so its best 100 are the first 100 of its best 200, and the matched terms
  // of the 100 it would drop are not looked up.
  const hits = index.lexical
    .searchTerms(query.terms, lang === undefined ? CANDIDATE_POOL : CANDIDATE_POOL * 2)
    .filter((h) => lang === undefined || index.passages[h.label]?.meta.lang === lang)
    .slice(0, CANDIDATE_POOL);
  // BM25 relative to the best hit in the same language: the asker's own words are typed in one language and match
  // only passages in it, so across languages BM25 measures the language more than the answer; within one it ranks.
  const bm25 = normalizeByMaxWithin(hits.map((h) => h.score), hits.map((h) => index.passages[h.label]!.meta.lang));
  // A hit's matched terms all have postings, so an anchor with a term in no passage can never be among them:
  // dropping such anchors (other languages' glossary variants, mostly) once per question changes no presence.
  const indexedUnits = query.units.map((u) => ({ ...u, anchors: u.anchors.filter((anchor) => allIndexed(index, anchor)) }));
  const store = index.sentences ?? null;
  // Sentences stored at build time whose terms are all their text's (every passage that cuts cleanly into its
  // sentences) hold only indexed anchors; others are looked up with every anchor. unitsWithin then keeps, per
  // passage, only the anchors its sentences hold: the same coverage either way, fewer look-ups.
  const boundUnits = unitsForBound(indexedUnits, searchedTerms(query.terms));
  const compiled = context.stored;
  // The hits' matched terms as bit masks over the question's terms: no string set per hit. `indexed` and `bounds`
  // share the bits (one compile), and give unitPresence's and termSetCoverage's values (term-bits.ts).
  const { compiled: hitUnits, bitOfTerm } = compileTermUnits([...indexedUnits, ...boundUnits]);
  const indexed: CompiledUnits = { ...hitUnits, anchors: hitUnits.anchors.slice(0, indexedUnits.length) };
  const bounds: CompiledUnits = { ...hitUnits, anchors: hitUnits.anchors.slice(indexedUnits.length) };
  const presences = hits.map((hit) => {
    const textMask = stringMask(hit.textTerms, bitOfTerm, hitUnits.words);
    // textTerms ⊆ terms, so equal lengths mean equal sets: the text's mask is all there is.
    const allMask = hit.terms.length === hit.textTerms.length ? null : stringMask(hit.terms, bitOfTerm, hitUnits.words);
    return { textMask, presence: maskPresence(indexed, textMask, allMask) };
  });
  const langOf = (label: number) => index.passages[label]!.meta.lang;
  const byLanguage = weightsByLanguage(query.units, weights, hits.map((hit, i) => ({ lang: langOf(hit.label), presence: presences[i]!.presence })));
  const contexts = new Map([...byLanguage].map(([l, w]) => [l, { ...context, weights: w }]));
  const shared: ExactContext = { index, store, compiled, indexedUnits, units: query.units, directions: context.directions, glossary: context.glossary };
  hits.forEach((hit, i) => {
    const passageContext = contexts.get(langOf(hit.label)) ?? context;
    const { textMask, presence } = presences[i]!;
    const relevance = coverage(presence, passageContext.weights);
    const sentencesInText = store?.sentenceTermsInText(hit.label) === true;
    const coverageBound = sentencesInText ? maskCoverage(bounds, passageContext.weights, textMask) : 1;
    // A passage none of whose sentences states a date (or number) at all gives every sentence the type's full
    // discount when one is asked: the same formula on the bound keeps it above every sentence's score.
    const sentenceBound = store !== null && lacksAskedType(store, hit.label, passageContext.type) ? typedSentenceScore(coverageBound, passageContext.type, () => 0) : coverageBound;
    const bound = lexicalScore(bm25[i]!, relevance, sentenceBound);
    out.set(hit.label, new LazyLexicalScore(shared, hit.label, passageContext, sentencesInText, bm25[i]!, relevance, bound));
  });
  return out;
}

/** The typed parts that can state a date, or a number (see answerTypeStrength). */
const DATE_PARTS = ['years', 'daysOrMonths'] as const;
const NUMBER_PARTS = ['numbers'] as const;

/**
 * Whether passage `label` holds no sentence that can state the asked-for type: for a date, no year, day or month; for
 * a number, no number (answerTypeStrength is then 0 in every sentence). Other types are not read off the store here.
 */
function lacksAskedType(store: SentenceStore, label: number, type: AnswerType | null): boolean {
  if (type === 'date') return !store.passageHoldsPart(label, DATE_PARTS);
  if (type === 'number') return !store.passageHoldsPart(label, NUMBER_PARTS);
  return false;
}

/** What the exact score of every candidate of one question reads: one object per question, not a closure per candidate. */
interface ExactContext {
  index: LoadedIndex;
  store: SentenceStore | null;
  /** The query's units over the store's vocabulary (null without a store). */
  compiled: CompiledUnits | null;
  /** The query's units with only the anchors whose terms are all indexed. */
  indexedUnits: QueryUnit[];
  units: QueryUnit[];
  directions: Direction[];
  glossary: Glossary;
}

/**
 * A candidate's exact lexical score: its best sentence's score (sentenceScore) blended with BM25 and passage
 * relevance, times the direction factor.
 */
function exactLexicalScore(shared: ExactContext, label: number, passageContext: SentenceContext, sentencesInText: boolean, bm25: number, relevance: number): number {
  const { index, store, compiled } = shared;
  let sentenceRelevance = 0;
  if (store !== null && compiled !== null) sentenceRelevance = bestStoredSentence(index, store, label, compiled, passageContext);
  else {
    // Only the anchors the passage holds at all are looked up sentence by sentence.
    const units = unitsWithin(sentencesInText ? shared.indexedUnits : shared.units, passageSentenceTerms(index, label));
    for (const sentence of passageSentences(index, label)) {
      sentenceRelevance = Math.max(sentenceRelevance, sentenceScore(sentence, passageContext, units));
    }
  }
  // A passage that states the asked-about post only the other way round is about the other envoy; one that
  // states it the asked way is the answer more surely than one that does not say.
  const reversed = shared.directions.length === 0 ? 1 : directionFactor(shared.directions, passageDirections(index, label, shared.glossary));
  return lexicalScore(bm25, relevance, sentenceRelevance) * reversed;
}

/** A LexicalScore whose score is computed on first read. A class: object literals with getters are slow to make. */
class LazyLexicalScore implements LexicalScore {
  private computed: number | undefined;

  constructor(
    private readonly shared: ExactContext,
    private readonly label: number,
    private readonly context: SentenceContext,
    private readonly sentencesInText: boolean,
    private readonly bm25: number,
    readonly relevance: number,
    readonly bound: number,
  ) {}

  get score(): number {
    return (this.computed ??= exactLexicalScore(this.shared, this.label, this.context, this.sentencesInText, this.bm25, this.relevance));
  }
}

function allIndexed(index: LoadedIndex, anchor: readonly string[]): boolean {
  for (const term of anchor) if (index.lexical.documentFrequency(term) === 0) return false;
  return true;
}

async function scoreDense(index: LoadedIndex, question: string, embedder: Embedder, lang: Lang | undefined): Promise<Map<number, number>> {
  const [vector] = await embedder.embedQueries([question]);
  const out = new Map<number, number>();
  if (vector === undefined || index.vectors === null) return out;
  for (const hit of index.vectors.search(vector, CANDIDATE_POOL)) {
    if (lang !== undefined && index.passages[hit.label]?.meta.lang !== lang) continue;
    out.set(hit.label, calibrateSimilarity(hit.similarity, DENSE_SIMILARITY_FLOOR, DENSE_SIMILARITY_CEILING));
  }
  return out;
}

/**
 * Union of both candidate lists; a passage missing from one list scores 0 there. In no particular order: see
 * ScoredCandidates.ranking. The fused score grows with the lexical one when both weights are non-negative, so the
 * lexical bound gives a fused bound; with a negative weight there is none (+Infinity: every score is computed).
 */
function fuse(lexical: Map<number, LexicalScore>, dense: Map<number, number>, weights: FusionWeights): Scored[] {
  const labels = new Set([...lexical.keys(), ...dense.keys()]);
  const monotone = weights.dense >= 0 && weights.lexical >= 0;
  const out: Scored[] = [];
  for (const label of labels) {
    const lex = lexical.get(label);
    const d = dense.get(label) ?? 0;
    out.push(new FusedScore(label, d, lex, weights, monotone));
  }
  return out;
}

/** A fused candidate whose score is computed on first read (a class: object literals with getters are slow to make). */
class FusedScore implements Scored {
  readonly bound: number;
  readonly relevance: number;
  private computed: number | undefined;

  constructor(
    readonly label: number,
    readonly dense: number,
    private readonly lexical: LexicalScore | undefined,
    private readonly weights: FusionWeights,
    monotone: boolean,
  ) {
    this.bound = lexical === undefined ? this.score : monotone ? fuseScores(dense, lexical.bound, weights) : Number.POSITIVE_INFINITY;
    const lexicalRelevance = lexical?.relevance ?? 0;
    // The dense signal may raise relevance (a paraphrase with no shared word) but never lower it below the
    // lexical coverage: the threshold was calibrated on coverage, and dense similarities are not calibrated.
    this.relevance = Math.max(lexicalRelevance, fuseScores(dense, lexicalRelevance, weights));
  }

  get score(): number {
    return (this.computed ??= fuseScores(this.dense, this.lexical?.score ?? 0, this.weights));
  }
}

/** Per loaded index, what each passage's text analysis gives; filled lazily, one passage at a time. */
interface PassageAnalysis {
  /** Content words, for diversification. */
  terms?: ReadonlySet<string>;
  /** Concept ids and years (see Candidate.facts). */
  facts?: ReadonlySet<string>;
  /** Sentences with their index terms, for sentence relevance and quotes. */
  sentences?: AnalyzedSentence[];
  /** Union of the sentences' terms. */
  sentenceTerms?: ReadonlySet<string>;
}

interface AnalyzedSentence {
  text: string;
  start: number;
  end: number;
  terms: ReadonlySet<string>;
  /** The sentence's names, found on first use and kept with it (they do not depend on the question). */
  mentions: () => readonly KindedMention[];
  /** The sentence's dates and numbers, likewise. */
  parts: () => TypedParts;
  /** The last strength computed, with the question (its `given` set) and type it was for. */
  lastStrength?: { given: GivenTerms; type: AnswerType; value: number };
  /** Posts of one country in another the sentence states, found on first use per glossary. */
  directions: (glossary: Glossary) => Direction[];
}

/** What scoring a sentence needs to know of the question. */
type SentenceContext = Pick<ScoredCandidates, 'query' | 'weights' | 'type' | 'given' | 'directions' | 'glossary' | 'stored'>;

/**
 * One sentence's score for a question: its coverage of the question's units, discounted when it lacks the asked-for
 * type, and when it states the asked-about post the other way round. `units` may be a subset of the query's units
 * with only the anchors the passage holds (same result, fewer look-ups).
 */
function sentenceScore(sentence: AnalyzedSentence, context: SentenceContext, units: QueryUnit[] = context.query.units): number {
  return scoreOfCoverage(() => sentence, context, termSetCoverage(units, context.weights, sentence.terms));
}

/**
 * sentenceScore from the sentence's coverage; the sentence itself is read only for the discounts (never below 0,
 * never above the coverage: factors in [0, 1]).
 */
function scoreOfCoverage(sentence: () => AnalyzedSentence, context: SentenceContext, coverage: number): number {
  const typed = typedSentenceScore(coverage, context.type, (type) => strengthFor(sentence(), context.given)(type));
  if (context.directions.length === 0 || typed === 0) return typed;
  return typed * directionFactor(context.directions, sentence().directions(context.glossary));
}

/**
 * The best sentenceScore among a stored passage's sentences, each covered on its term ids (maskCoverage gives
 * termSetCoverage's value). A sentence scores at most its coverage, so one that covers no more than the best so far
 * cannot raise the maximum and is not analysed further: the same maximum, and most sentences never decoded.
 */
function bestStoredSentence(index: LoadedIndex, store: SentenceStore, label: number, units: CompiledUnits, context: SentenceContext): number {
  const { first, end } = store.sentenceIds(label);
  const mask = new Int32Array(units.words);
  let best = 0;
  for (let id = first; id < end; id++) {
    const coverage = maskCoverage(units, context.weights, termMask(store.sentenceTermIds(id), units, mask));
    if (coverage <= best) continue;
    best = Math.max(best, scoreOfCoverage(() => passageSentences(index, label)[id - first]!, context, coverage));
  }
  return best;
}

/**
 * sentenceScore of each sentence of a passage, in order: on the stored term ids when the index has them (maskCoverage
 * gives termSetCoverage's value), so that no string set is made per sentence.
 */
function sentenceScores(index: LoadedIndex, label: number, context: SentenceContext): number[] {
  const sentences = passageSentences(index, label);
  const store = index.sentences ?? null;
  const units = context.stored;
  if (store === null || units === null) return sentences.map((s) => sentenceScore(s, context));
  const { first } = store.sentenceIds(label);
  const mask = new Int32Array(units.words);
  return sentences.map((s, i) => scoreOfCoverage(() => s, context, maskCoverage(units, context.weights, termMask(store.sentenceTermIds(first + i), units, mask))));
}

/**
 * answerTypeStrength of a sentence for one question: what it states that the question does not already give.
 * Kept with the sentence for the last question asked: retrieval, the confidence and the quote all ask it again.
 */
function strengthFor(sentence: AnalyzedSentence, given: GivenTerms): (type: AnswerType) => number {
  return (type) => {
    const last = sentence.lastStrength;
    if (last !== undefined && last.given === given && last.type === type) return last.value;
    const value = answerTypeStrength(sentence.text, type, given, { parts: sentence.parts(), mentions: sentence.mentions() });
    sentence.lastStrength = { given, type, value };
    return value;
  };
}

const analysisCache = new WeakMap<LoadedIndex, Map<number, PassageAnalysis>>();

function analysisOf(index: LoadedIndex, label: number): PassageAnalysis {
  let perIndex = analysisCache.get(index);
  if (perIndex === undefined) {
    perIndex = new Map();
    analysisCache.set(index, perIndex);
  }
  let analysis = perIndex.get(label);
  if (analysis === undefined) {
    analysis = {};
    // Stored analysis is decoded again cheaply: the oldest decoded passage makes room (see ANALYSED_PASSAGES_KEPT).
    // Without a store, analysing again would cost far more than the memory.
    if (index.sentences && perIndex.size >= ANALYSED_PASSAGES_KEPT) perIndex.delete(perIndex.keys().next().value!);
    perIndex.set(label, analysis);
  }
  return analysis;
}

/** Content words of a passage, as stored at build time (or analysed), once per loaded index. */
function passageTerms(index: LoadedIndex, label: number): ReadonlySet<string> {
  const analysis = analysisOf(index, label);
  analysis.terms ??= index.sentences ? index.sentences.contentTerms(label) : new Set(contentTerms(index.passages[label]!.text));
  return analysis.terms;
}

/** Union of the index terms of a passage's sentences, computed once per loaded index. */
function passageSentenceTerms(index: LoadedIndex, label: number): ReadonlySet<string> {
  const analysis = analysisOf(index, label);
  if (analysis.sentenceTerms === undefined) {
    const terms = new Set<string>();
    for (const sentence of passageSentences(index, label)) for (const term of sentence.terms) terms.add(term);
    analysis.sentenceTerms = terms;
  }
  return analysis.sentenceTerms;
}

/** Posts of one country in another that any sentence of a passage states. */
function passageDirections(index: LoadedIndex, label: number, glossary: Glossary): Direction[] {
  return passageSentences(index, label).flatMap((s) => s.directions(glossary));
}

/**
 * Concept ids and years a passage mentions (see Candidate.facts), once per loaded index: as stored at build time
 * when the store's glossary is this one, analysed otherwise.
 */
function passageFacts(index: LoadedIndex, label: number, glossary: Glossary): ReadonlySet<string> {
  const analysis = analysisOf(index, label);
  analysis.facts ??= index.sentences?.facts(label, glossary) ?? factsOf(analyze(index.passages[label]!.text), glossary);
  return analysis.facts;
}

/** Sentences of a passage with their index terms, computed once per loaded index. */
function passageSentences(index: LoadedIndex, label: number): AnalyzedSentence[] {
  const analysis = analysisOf(index, label);
  if (analysis.sentences === undefined) {
    const passage = index.passages[label]!;
    // Analysed at build time when the index stores it (same spans, terms, parts and names): not once per candidate.
    // A stored sentence's terms are decoded only when read: sentences are mostly scored on their ids (bestStoredSentence).
    const store = index.sentences ?? null;
    if (store !== null) {
      const { first, end } = store.sentenceIds(label);
      analysis.sentences = [];
      for (let id = first; id < end; id++) {
        const { start, end: stop } = store.sentenceSpan(id);
        analysis.sentences.push(new PassageSentence(passage.text, start, stop, null, store, id));
      }
    } else {
      analysis.sentences = analyseSentences(passage).map((span) => new PassageSentence(passage.text, span.start, span.end, span.terms, null, -1));
    }
  }
  return analysis.sentences;
}

/**
 * A sentence of a passage; its terms' set, names, dates and numbers, and posts are found on first use and kept. A
 * class with fields, not closures: made for every sentence of every candidate analysed (no closure, no WeakMap each).
 */
class PassageSentence implements AnalyzedSentence {
  readonly text: string;
  lastStrength?: { given: GivenTerms; type: AnswerType; value: number };
  private termSet: ReadonlySet<string> | undefined;
  private mentionList: readonly KindedMention[] | undefined;
  private typed: TypedParts | undefined;
  /** The posts found for the last glossary asked about (one glossary serves almost always). */
  private directionsFor: { glossary: Glossary; value: Direction[] } | undefined;

  constructor(
    passageText: string,
    readonly start: number,
    readonly end: number,
    /** The sentence's terms when they are known already (no store); otherwise read from the store. */
    private readonly termList: readonly string[] | null,
    private readonly store: SentenceStore | null,
    private readonly id: number,
  ) {
    this.text = passageText.slice(start, end);
  }

  get terms(): ReadonlySet<string> {
    return (this.termSet ??= new Set(this.termList ?? this.store!.sentenceTerms(this.id)));
  }

  mentions(): readonly KindedMention[] {
    return (this.mentionList ??= this.store ? this.store.mentions(this.id) : entityMentions(this.text));
  }

  parts(): TypedParts {
    return (this.typed ??= this.store ? this.store.typedParts(this.id) : typedParts(this.text));
  }

  directions(glossary: Glossary): Direction[] {
    if (this.directionsFor?.glossary !== glossary) this.directionsFor = { glossary, value: directionsIn(this.text, glossary) };
    return this.directionsFor.value;
  }
}

/**
 * The evidence the confidence model weighs (see confidence.ts), read off the question's units and the top-ranked
 * passage. Every feature is a property of the question and the corpus, none of one question or one article.
 */
export function confidenceEvidence(index: LoadedIndex, candidates: ScoredCandidates): ConfidenceEvidence {
  const { query, pool, ranking, weights, type, given, frequencies: dfs } = candidates;
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  let unknownWeight = 0;
  let unknownName = 0;
  query.units.forEach((u, i) => {
    if (dfs[i]! > 0) return;
    unknownWeight += weights[i]!;
    if (u.named === true) unknownName = 1;
  });
  const top = ranking.at(0);
  const none = { relevance: 0, sentence: 0, knownCoverage: 0, typeMissing: type === null ? 0 : 1, focusMatched: 0, conceptMatched: 0, dense: 0 };
  const common = {
    unknownShare: totalWeight > 0 ? unknownWeight / totalWeight : 1,
    unknownName,
    typeAsked: type === null ? 0 : 1,
  };
  if (top === undefined) return { ...none, ...common };
  const holds = unitsHeldBySentences(index, top.label, candidates);
  let knownTotal = 0;
  let knownGot = 0;
  let focus = -1;
  let conceptMatched = 0;
  query.units.forEach((u, i) => {
    if (dfs[i]! === 0) return;
    knownTotal += weights[i]!;
    if (holds(u, i)) {
      knownGot += weights[i]!;
      if (u.conceptId !== null) conceptMatched = 1;
    }
    if (focus < 0 || weights[i]! > weights[focus]!) focus = i;
  });
  let sentence = 0;
  let bestStrength = 0;
  const sentences = passageSentences(index, top.label);
  sentenceScores(index, top.label, candidates).forEach((score, i) => {
    if (score > sentence) {
      sentence = score;
      bestStrength = type === null ? 1 : strengthFor(sentences[i]!, given)(type);
    }
  });
  return {
    ...common,
    relevance: pool.reduce((best, s) => Math.max(best, s.relevance), 0),
    sentence,
    knownCoverage: knownTotal > 0 ? knownGot / knownTotal : 0,
    typeMissing: type === null ? 0 : 1 - bestStrength,
    focusMatched: focus >= 0 && holds(query.units[focus]!, focus) ? 1 : 0,
    conceptMatched,
    dense: top.dense,
  };
}

/**
 * Whether the union of a passage's sentences' terms holds the query's `i`-th unit `u` (holdsUnit): on the OR of the
 * sentences' stored term masks when the index has them (a term outside the store's vocabulary is in no sentence, as
 * the compiled anchors assume), without a string set.
 */
function unitsHeldBySentences(index: LoadedIndex, label: number, context: SentenceContext): (u: QueryUnit, i: number) => boolean {
  const store = index.sentences ?? null;
  const units = context.stored;
  if (store === null || units === null) {
    const terms = passageSentenceTerms(index, label);
    return (u) => holdsUnit(u, terms);
  }
  const union = new Int32Array(units.words);
  const mask = new Int32Array(units.words);
  const { first, end } = store.sentenceIds(label);
  for (let id = first; id < end; id++) {
    termMask(store.sentenceTermIds(id), units, mask);
    for (let w = 0; w < union.length; w++) union[w]! |= mask[w]!;
  }
  return (_, i) => holdsCompiledUnit(units, i, union);
}

function quoteFor(index: LoadedIndex, label: number, candidates: ScoredCandidates): { quote: string; answer: string } {
  const scores = sentenceScores(index, label, candidates);
  const sentences = passageSentences(index, label).map((s, i) => ({ text: s.text, start: s.start, end: s.end, score: scores[i]! }));
  const { text, answer } = selectQuoteParts(index.passages[label]!.text, sentences, MAX_QUOTE_CHARS);
  return { quote: text, answer };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
