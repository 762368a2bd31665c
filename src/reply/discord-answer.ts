import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { Lang } from '../domain.ts';
import type { Answer, AnswerHit, IndexStats } from '../engine-types.ts';
import { MAX_QUOTE_CHARS } from '../limits.ts';
import { encodeAskMore } from '../bot/custom-ids.ts';
import { fitEmbed, scrubForDiscord, truncateText } from './embed-limits.ts';
import { collapseWhitespace, escapeDiscordText, inertText, maskedLink, safeLinkUrl, unescapeDiscordText } from './escape.ts';
import { LANGUAGE_FLAGS, strings, type UiLang } from './i18n.ts';
import { languageNotice } from './language-notice.ts';

/** Every message the bot sends says explicitly that it may ping nobody, whatever the client default is. */
export const NO_MENTIONS = { parse: [] as [] };

export const EMBED_COLOR = 0xda251d;
const LINK_BUTTONS_PER_ROW = 5;
/** Discord's limit on a link button's URL. */
const BUTTON_URL_MAX = 512;
const BUTTON_LABEL_MAX = 80;
const TOPICS_SUGGESTED = 6;
/** Outlet names are short; a longer one is cut rather than crowding out the quote. */
export const OUTLET_MAX = 100;
/** Marks the question line so that the "More results" button can find it again in the message. */
const QUESTION_PREFIX = '> ';

export interface ReplyPayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: typeof NO_MENTIONS;
}

export interface AnswerViewOptions {
  ui: UiLang;
  offset: number;
  lang: Lang | undefined;
  ephemeral: boolean;
  stats: IndexStats;
  /** Suggested topics shown when the engine abstains. */
  topics: string[];
  /** Publication range of the corpus, shown when the engine abstains. */
  coverage?: { from: string; to: string } | undefined;
  /** 👍/👎 buttons, in the row of "More results"; absent when feedback is off or its database cannot be used. */
  voteButtons?: APIButtonComponent[] | undefined;
}

export function freshnessFooter(ui: UiLang, stats: IndexStats): string {
  return strings(ui).footer(stats.documents, stats.builtAt.slice(0, 10));
}

/** An italic line saying that no quote is in the asker's language, when none is (see language-notice.ts). */
function noticeLines(answer: Answer, ui: UiLang): string[] {
  const notice = languageNotice(answer, ui);
  return notice === null ? [] : [`*${escapeDiscordText(notice)}*`];
}

function questionLine(question: string): string {
  return QUESTION_PREFIX + escapeDiscordText(collapseWhitespace(question));
}

/** Recovers the exact question from an answer embed, so "More results" needs no server-side memory. */
export function questionFromAnswerEmbed(embed: { description?: string | null } | undefined): string | null {
  const firstLine = embed?.description?.split('\n', 1)[0];
  if (!firstLine?.startsWith(QUESTION_PREFIX)) return null;
  const question = unescapeDiscordText(firstLine.slice(QUESTION_PREFIX.length)).trim();
  return question === '' ? null : question;
}

function formatHit(hit: AnswerHit, position: number): string {
  const quote = inertText(hit.quote, MAX_QUOTE_CHARS);
  const { source } = hit;
  const sourceLine = [
    `${LANGUAGE_FLAGS[source.lang]} ${inertText(source.outlet, OUTLET_MAX)}`,
    escapeDiscordText(source.published),
    maskedLink(source.title, source.url),
  ].join(' · ');
  return `**${position}.** ${boldAnswer(hit, quote)}\n└ ${sourceLine}`;
}

/**
 * The quote with its answering sentence in bold and the context sentence before it plain, so that the eye lands on
 * the answer; the whole quote in bold when it is one sentence (or when truncation cut the answer apart).
 */
function boldAnswer(hit: AnswerHit, escapedQuote: string): string {
  const answer = hit.answer;
  const at = answer === undefined ? -1 : hit.quote.indexOf(answer);
  if (answer === undefined || at <= 0 || hit.quote.length > MAX_QUOTE_CHARS) return `**${escapedQuote}**`;
  const before = inertText(hit.quote.slice(0, at), MAX_QUOTE_CHARS);
  const after = hit.quote.slice(at + answer.length).trim();
  return `${before} **${inertText(answer, MAX_QUOTE_CHARS)}**${after === '' ? '' : ` ${inertText(after, MAX_QUOTE_CHARS)}`}`;
}

function readArticleButtons(ui: UiLang, hits: AnswerHit[], firstPosition: number): APIActionRowComponent<APIButtonComponent>[] {
  const buttons: APIButtonComponent[] = [];
  hits.forEach((hit, i) => {
    const url = safeLinkUrl(hit.source.url);
    if (!url || url.length > BUTTON_URL_MAX) return;
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: truncateText(strings(ui).readArticle(firstPosition + i), BUTTON_LABEL_MAX),
      url,
    });
  });
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += LINK_BUTTONS_PER_ROW) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LINK_BUTTONS_PER_ROW) });
  }
  return rows;
}

/** The public (or ephemeral) /ask reply: excerpts, their sources, paging and article links. */
export function renderAnswer(answer: Answer, options: AnswerViewOptions): ReplyPayload {
  const t = strings(options.ui);
  if (answer.abstained || answer.results.length === 0) return renderAbstention(answer.question, options);

  const firstPosition = options.offset + 1;
  const blocks = answer.results.map((hit, i) => formatHit(hit, firstPosition + i));
  const embed = fitEmbed({
    title: t.answerTitle,
    color: EMBED_COLOR,
    description: [questionLine(answer.question), ...noticeLines(answer, options.ui), '', blocks.join('\n\n')].join('\n'),
    footer: { text: freshnessFooter(options.ui, options.stats) },
  });

  const components: APIActionRowComponent<APIButtonComponent>[] = [];
  const controls: APIButtonComponent[] = [];
  if (answer.hasMore) {
    controls.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: t.moreResults,
      custom_id: encodeAskMore({ offset: options.offset + answer.results.length, lang: options.lang, ephemeral: options.ephemeral }),
    });
  }
  controls.push(...(options.voteButtons ?? []));
  if (controls.length > 0) components.push({ type: ComponentType.ActionRow, components: controls });
  components.push(...readArticleButtons(options.ui, answer.results, firstPosition));
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}

export function renderAbstention(question: string, options: AnswerViewOptions): ReplyPayload {
  const t = strings(options.ui);
  const lines = [questionLine(question), '', t.abstainBody];
  if (options.coverage) lines.push('', t.corpusCovers(options.stats.documents, options.coverage.from, options.coverage.to));
  const topics = options.topics.slice(0, TOPICS_SUGGESTED).map((topic) => inertText(topic, OUTLET_MAX));
  if (topics.length > 0) lines.push('', `**${t.topicsLabel}:** ${topics.join(' · ')}`);
  const embed = fitEmbed({
    title: t.abstainTitle,
    color: EMBED_COLOR,
    description: lines.join('\n'),
    footer: { text: freshnessFooter(options.ui, options.stats) },
  });
  const votes = options.voteButtons ?? [];
  const components = votes.length > 0 ? [{ type: ComponentType.ActionRow as const, components: votes }] : [];
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}

/** A plain, friendly message (errors, cooldown). */
export function renderNotice(text: string): ReplyPayload {
  return { content: scrubForDiscord(text), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}
