import { isLang, type Lang } from '../domain.ts';
import { isTimelineKind, type TimelineKind } from '../timeline/lexicon.ts';

/**
 * Button state lives in the custom_id (max 100 characters) so that buttons keep working after a restart and on any
 * shard: the bot keeps no per-message memory. The /ask question itself is too long for it and is re-read from the
 * message the button belongs to (see `questionFromAnswerEmbed`).
 */

export const CUSTOM_ID_MAX = 100;
const NONE = '*';

export interface AskMoreState {
  offset: number;
  lang: Lang | undefined;
  ephemeral: boolean;
}

export function encodeAskMore(state: AskMoreState): string {
  return `ask:more:${state.offset}:${state.lang ?? NONE}:${state.ephemeral ? 1 : 0}`;
}

export function decodeAskMore(customId: string): AskMoreState | null {
  const match = /^ask:more:(\d{1,6}):([a-z]{2}|\*):([01])$/u.exec(customId);
  if (!match) return null;
  const [, offset, lang, ephemeral] = match as unknown as [string, string, string, string];
  if (lang !== NONE && !isLang(lang)) return null;
  return { offset: Number(offset), lang: lang === NONE ? undefined : (lang as Lang), ephemeral: ephemeral === '1' };
}

/** Topics longer than this are not offered: the topic must fit in the custom_id of the paging buttons. */
export const TIMELINE_TOPIC_MAX = 60;

export interface TimelinePageState {
  page: number;
  from: number | undefined;
  to: number | undefined;
  topic: string | undefined;
  kind?: TimelineKind | undefined;
}

/**
 * `timeline:<p|n>:<page>:<from>:<to>:<kind>:<topic>`. `direction` only keeps the two buttons' ids distinct (Discord
 * requires unique ids in a message). The kind comes before the topic, which is free text and may hold colons.
 */
export function encodeTimelinePage(direction: 'prev' | 'next', state: TimelinePageState): string {
  const id = [
    'timeline',
    direction === 'prev' ? 'p' : 'n',
    String(state.page),
    state.from === undefined ? NONE : String(state.from),
    state.to === undefined ? NONE : String(state.to),
    state.kind ?? NONE,
    state.topic ?? '',
  ].join(':');
  return id.length <= CUSTOM_ID_MAX ? id : id.slice(0, CUSTOM_ID_MAX);
}

export function decodeTimelinePage(customId: string): TimelinePageState | null {
  const match = /^timeline:[pn]:(\d{1,5}):(-?\d{1,4}|\*):(-?\d{1,4}|\*):(?:([a-z]+|\*):)?([\s\S]*)$/u.exec(customId);
  if (!match) return null;
  const [, page, from, to, kind, topic] = match as unknown as [string, string, string, string, string | undefined, string];
  // Buttons sent before kinds existed have no kind segment: a first segment that names no kind is their topic's.
  const isKind = kind === NONE || isTimelineKind(kind);
  const text = kind === undefined || isKind ? topic : `${kind}:${topic}`;
  return {
    page: Number(page),
    from: from === NONE ? undefined : Number(from),
    to: to === NONE ? undefined : Number(to),
    topic: text === '' ? undefined : text,
    kind: isTimelineKind(kind) ? kind : undefined,
  };
}

/** Hex characters of the tag in a vote button's custom_id: 64 bits, unguessable, and short. */
export const VOTE_TAG_LENGTH = 16;

/**
 * A 👍/👎 button on an /ask reply: the vote, the page and language filter to re-ask, and a keyed tag of what was shown
 * (see src/feedback/voter.ts `voteTag`), checked on click so that forged or stale buttons record nothing.
 */
export interface AskVoteState {
  vote: 1 | -1;
  offset: number;
  lang: Lang | undefined;
  tag: string;
}

export function encodeAskVote(state: AskVoteState): string {
  return `ask:vote:${state.vote === 1 ? 'u' : 'd'}:${state.offset}:${state.lang ?? NONE}:${state.tag}`;
}

export function isAskVote(customId: string): boolean {
  return customId.startsWith('ask:vote:');
}

const VOTE_ID = new RegExp(`^ask:vote:([ud]):(\\d{1,6}):([a-z]{2}|\\*):([0-9a-f]{${VOTE_TAG_LENGTH}})$`, 'u');

export function decodeAskVote(customId: string): AskVoteState | null {
  const match = VOTE_ID.exec(customId);
  if (!match) return null;
  const [, vote, offset, lang, tag] = match as unknown as [string, string, string, string, string];
  if (lang !== NONE && !isLang(lang)) return null;
  return { vote: vote === 'u' ? 1 : -1, offset: Number(offset), lang: lang === NONE ? undefined : (lang as Lang), tag };
}
