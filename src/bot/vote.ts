import { MessageFlags, type APIButtonComponent, type ButtonInteraction } from 'discord.js';
import type { Lang } from '../domain.ts';
import type { Answer } from '../engine-types.ts';
import type { Feedback, VoteResult } from '../feedback/service.ts';
import { RESULTS_PER_PAGE } from '../limits.ts';
import { questionFromAnswerEmbed, renderNotice } from '../reply/discord-answer.ts';
import { renderVoteButtons } from '../reply/discord-feedback.ts';
import { feedbackStrings, VOTE_EMOJI, type FeedbackStrings } from '../reply/feedback-i18n.ts';
import { strings, uiLangFromLocale } from '../reply/i18n.ts';
import type { BotContext } from './command.ts';
import { decodeAskVote, encodeAskVote } from './custom-ids.ts';
import { replyEphemeral } from './respond.ts';

/** The 👍/👎 buttons for one page of an answer; none while feedback is off or its database cannot be used. */
export function voteButtonsFor(feedback: Feedback, answer: Answer, offset: number, lang: Lang | undefined): APIButtonComponent[] {
  const tag = feedback.voteTagFor(answer, offset);
  if (tag === null) return [];
  return renderVoteButtons(encodeAskVote({ vote: 1, offset, lang, tag }), encodeAskVote({ vote: -1, offset, lang, tag }));
}

function thankYou(result: VoteResult, vote: 1 | -1, t: FeedbackStrings): string {
  const emoji = vote === 1 ? VOTE_EMOJI.up : VOTE_EMOJI.down;
  switch (result) {
    case 'created':
      return t.thanks(emoji);
    case 'changed':
      return t.changed(emoji);
    case 'unchanged':
      return t.already(emoji);
    case 'stale':
      return t.stale;
    case 'unavailable':
      return t.unavailable;
  }
}

/**
 * A click on 👍 or 👎. The question comes from the message, the page and filter from the custom_id; the answer is
 * asked again and must carry the button's tag, so a forged or out-of-date button records nothing. The voter gets a
 * private note in their own language; the message itself is left as it is.
 */
export async function handleVoteClick(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const ui = uiLangFromLocale(interaction.locale);
  const t = feedbackStrings(ui);
  const state = decodeAskVote(interaction.customId);
  const question = questionFromAnswerEmbed(interaction.message.embeds[0]?.data);
  if (!state || !question) {
    await replyEphemeral(interaction, strings(ui).expired);
    return;
  }
  if (!context.feedback.available()) {
    await replyEphemeral(interaction, t.unavailable);
    return;
  }
  // Re-asking takes a few milliseconds alone, longer in a burst: acknowledge within Discord's three seconds first.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const answer = await context.engine.ask({ question, k: RESULTS_PER_PAGE, offset: state.offset, lang: state.lang });
  const result = context.feedback.recordVote({
    vote: state.vote,
    tag: state.tag,
    offset: state.offset,
    sourceLang: state.lang ?? null,
    messageId: interaction.message.id,
    userId: interaction.user.id,
    guildId: interaction.guildId,
    answer,
    stats: context.engine.stats(),
  });
  context.log.info({ command: 'ask', vote: state.vote, result }, 'vote');
  await interaction.editReply(renderNotice(thankYou(result, state.vote, t)));
}
