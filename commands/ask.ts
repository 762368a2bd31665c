import { MessageFlags, SlashCommandBuilder, time, TimestampStyles } from 'discord.js';
import { isLang, type Lang } from '../src/domain.ts';
import { MAX_QUESTION_LENGTH, RESULTS_PER_PAGE } from '../src/limits.ts';
import type { BotContext, Command } from '../src/bot/command.ts';
import { decodeAskMore, isAskVote } from '../src/bot/custom-ids.ts';
import { renderAskPage } from '../src/bot/ask-page.ts';
import { replyEphemeral } from '../src/bot/respond.ts';
import { handleVoteClick, voteButtonsFor } from '../src/bot/vote.ts';
import { questionFromAnswerEmbed } from '../src/reply/discord-answer.ts';
import { replyLocale, strings, uiLangFromLocale, type UiLang } from '../src/reply/i18n.ts';

/** Languages a user may restrict quotes to (the corpus languages). */
const SOURCE_LANGUAGES = [
  { name: 'Tiếng Việt', value: 'vi' },
  { name: 'Bahasa Indonesia', value: 'id' },
  { name: 'English', value: 'en' },
] as const;

export const data = new SlashCommandBuilder()
  .setName('ask')
  // Says that 👍/👎 votes are recorded (issue 15): the description is what every user sees before asking.
  .setDescription('Ask about Vietnam–Russia relations; quotes sourced articles. 👍/👎 votes are recorded.')
  .setDescriptionLocalizations({
    vi: 'Hỏi về quan hệ Việt Nam – Nga; trích dẫn bài báo có nguồn. Phiếu 👍/👎 được ghi lại.',
    id: 'Tanya soal hubungan Vietnam–Rusia; mengutip artikel bersumber. Suara 👍/👎 dicatat.',
    ru: 'Вопрос о российско-вьетнамских отношениях; цитаты из статей. Голоса 👍/👎 записываются.',
  })
  .addStringOption((option) =>
    option.setName('question').setDescription('Your question, in any language').setRequired(true).setMaxLength(MAX_QUESTION_LENGTH),
  )
  .addStringOption((option) =>
    option
      .setName('language')
      .setDescription('Only quote articles written in this language')
      .addChoices(...SOURCE_LANGUAGES),
  )
  .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer'));

async function showPage(context: BotContext, question: string, offset: number, lang: Lang | undefined, ephemeral: boolean, ui: UiLang) {
  const answer = await context.engine.ask({ question, k: RESULTS_PER_PAGE, offset, lang });
  // Past the last page (e.g. the index was rebuilt since the button was drawn): not an abstention, just the end.
  if (offset > 0 && answer.results.length === 0) return { answer, payload: null };
  const voteButtons = voteButtonsFor(context.feedback, answer, offset, lang);
  return { answer, payload: renderAskPage(context.engine, answer, { ui, offset, lang, ephemeral, voteButtons }) };
}

function parseLang(value: string | null): Lang | undefined {
  return isLang(value) ? value : undefined;
}

export const execute: Command['execute'] = async (interaction, context) => {
  const question = interaction.options.getString('question', true);
  const lang = parseLang(interaction.options.getString('language'));
  const ephemeral = interaction.options.getBoolean('private') ?? false;

  // Discord enforces the option's max length; a raw gateway payload does not, and the engine would refuse it.
  // A refused question costs nothing, not even the cooldown.
  if (question.length > MAX_QUESTION_LENGTH) {
    await replyEphemeral(interaction, strings(uiLangFromLocale(interaction.locale)).questionTooLong(MAX_QUESTION_LENGTH));
    return;
  }

  const verdict = context.cooldowns.take(interaction.user.id, context.now());
  if (!verdict.allowed) {
    const t = strings(uiLangFromLocale(interaction.locale));
    await replyEphemeral(interaction, t.cooldown(time(Math.ceil(verdict.retryAtMs / 1000), TimestampStyles.RelativeTime)));
    return;
  }

  // Acknowledge within Discord's three seconds; retrieval may take longer.
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const { answer, payload } = await showPage(context, question, 0, lang, ephemeral, replyLocale(interaction, ephemeral));
  // A knowledge gap for `npm run gaps` and /gaps: the question, its language, the server and the time; no user.
  context.feedback.recordRefusal(answer, interaction.guildId);
  if (payload) await interaction.editReply(payload);
};

/** "More results" and 👍/👎: the state is in the custom_id, the question in the message itself. */
export const button: NonNullable<Command['button']> = async (interaction, context) => {
  if (isAskVote(interaction.customId)) return handleVoteClick(interaction, context);
  const state = decodeAskMore(interaction.customId);
  const question = questionFromAnswerEmbed(interaction.message.embeds[0]?.data);
  if (!state || !question) {
    await replyEphemeral(interaction, strings(uiLangFromLocale(interaction.locale)).expired);
    return;
  }
  await interaction.deferUpdate();
  const { payload } = await showPage(context, question, state.offset, state.lang, state.ephemeral, replyLocale(interaction, state.ephemeral));
  if (payload) await interaction.editReply(payload);
  else await replyEphemeral(interaction, strings(uiLangFromLocale(interaction.locale)).noMoreResults);
};

export default { data, execute, button } satisfies Command;
