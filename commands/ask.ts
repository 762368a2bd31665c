import { MessageFlags, SlashCommandBuilder, time, TimestampStyles } from 'discord.js';
import { isLang, type Lang } from '../src/domain.ts';
import { MAX_QUESTION_LENGTH, RESULTS_PER_PAGE } from '../src/limits.ts';
import type { BotContext, Command } from '../src/bot/command.ts';
import { decodeAskMore } from '../src/bot/custom-ids.ts';
import { renderAskPage } from '../src/bot/ask-page.ts';
import { replyEphemeral } from '../src/bot/respond.ts';
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
  .setDescription('Ask about Vietnam–Russia relations; answers quote sourced news articles.')
  .setDescriptionLocalizations({
    vi: 'Hỏi về quan hệ Việt Nam – Nga; câu trả lời trích dẫn các bài báo có nguồn.',
    id: 'Tanyakan tentang hubungan Vietnam–Rusia; jawaban mengutip artikel berita bersumber.',
    ru: 'Вопрос о российско-вьетнамских отношениях; ответ цитирует новостные статьи с источниками.',
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
  if (offset > 0 && answer.results.length === 0) return null;
  return renderAskPage(context.engine, answer, { ui, offset, lang, ephemeral });
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
  const payload = await showPage(context, question, 0, lang, ephemeral, replyLocale(interaction, ephemeral));
  if (payload) await interaction.editReply(payload);
};

/** "More results": the state is in the custom_id, the question in the message itself. */
export const button: NonNullable<Command['button']> = async (interaction, context) => {
  const state = decodeAskMore(interaction.customId);
  const question = questionFromAnswerEmbed(interaction.message.embeds[0]?.data);
  if (!state || !question) {
    await replyEphemeral(interaction, strings(uiLangFromLocale(interaction.locale)).expired);
    return;
  }
  await interaction.deferUpdate();
  const payload = await showPage(context, question, state.offset, state.lang, state.ephemeral, replyLocale(interaction, state.ephemeral));
  if (payload) await interaction.editReply(payload);
  else await replyEphemeral(interaction, strings(uiLangFromLocale(interaction.locale)).noMoreResults);
};

export default { data, execute, button } satisfies Command;
