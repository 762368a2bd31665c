import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord.js';
import type { GapGroup } from '../feedback/gaps.ts';
import { fitEmbed } from './embed-limits.ts';
import { inertText } from './escape.ts';
import { EMBED_COLOR, NO_MENTIONS, type ReplyPayload } from './discord-answer.ts';
import { feedbackStrings, VOTE_EMOJI } from './feedback-i18n.ts';
import type { UiLang } from './i18n.ts';

/** Longest example question shown per group; escaping can double it, and ten groups share one embed. */
const GAP_QUESTION_MAX = 150;

/** 👍 and 👎, emoji only: they read the same in every language. */
export function renderVoteButtons(upCustomId: string, downCustomId: string): APIButtonComponent[] {
  return [
    { type: ComponentType.Button, style: ButtonStyle.Secondary, emoji: { name: VOTE_EMOJI.up }, custom_id: upCustomId },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, emoji: { name: VOTE_EMOJI.down }, custom_id: downCustomId },
  ];
}

/** The /gaps reply: the most asked unanswered questions of one server, each group with its count and wordings. */
export function renderGaps(groups: readonly GapGroup[], options: { ui: UiLang; days: number | undefined; refusals: number; groups: number }): ReplyPayload {
  const t = feedbackStrings(options.ui);
  const lines = groups.map((group, i) => {
    const langs = Object.keys(group.langs).sort().join(', ');
    const examples = group.examples.map((e) => `“${inertText(e.question, GAP_QUESTION_MAX)}”${e.count > 1 ? ` ×${e.count}` : ''}`);
    return `**${i + 1}.** **${group.count}×** (${langs})\n${examples.join('\n')}`;
  });
  const embed = fitEmbed({
    title: t.gapsTitle(options.days),
    color: EMBED_COLOR,
    description: lines.length > 0 ? lines.join('\n\n') : t.gapsEmpty,
    ...(lines.length > 0 ? { footer: { text: t.gapsFooter(options.refusals, options.groups) } } : {}),
  });
  return { embeds: [embed], components: [], allowedMentions: NO_MENTIONS };
}
