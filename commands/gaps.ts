import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/bot/command.ts';
import { replyEphemeral } from '../src/bot/respond.ts';
import { GAPS_SHOWN } from '../src/limits.ts';
import { renderGaps } from '../src/reply/discord-feedback.ts';
import { feedbackStrings } from '../src/reply/feedback-i18n.ts';
import { uiLangFromLocale } from '../src/reply/i18n.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DAYS = 3650;

/**
 * Moderators only: Discord hides the command from members without Manage Server (default_member_permissions),
 * and the handler checks again, since a server can override who sees a command.
 */
export const data = new SlashCommandBuilder()
  .setName('gaps')
  .setDescription('Moderators: the most asked questions the articles could not answer in this server.')
  .setDescriptionLocalizations({
    vi: 'Quản trị viên: các câu hỏi chưa có lời đáp được hỏi nhiều nhất trong máy chủ này.',
    id: 'Moderator: pertanyaan tak terjawab yang paling sering diajukan di server ini.',
    ru: 'Модераторам: самые частые вопросы без ответа на этом сервере.',
  })
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addIntegerOption((option) => option.setName('days').setDescription('Only the last so many days').setMinValue(1).setMaxValue(MAX_DAYS));

export const execute: Command['execute'] = async (interaction, context) => {
  const ui = uiLangFromLocale(interaction.locale);
  const t = feedbackStrings(ui);
  const guildId = interaction.guildId;
  if (!interaction.inGuild() || guildId === null) return replyEphemeral(interaction, t.gapsGuildOnly);
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return replyEphemeral(interaction, t.gapsForbidden);
  if (!context.feedback.enabled) return replyEphemeral(interaction, t.feedbackOff);

  const days = interaction.options.getInteger('days') ?? undefined;
  const gaps = context.feedback.gaps(guildId, { since: days === undefined ? undefined : context.now() - days * DAY_MS, limit: GAPS_SHOWN });
  if (!gaps) return replyEphemeral(interaction, t.unavailable);
  const payload = renderGaps(gaps.groups, { ui, days, refusals: gaps.refusals, groups: gaps.totalGroups });
  await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
};

export default { data, execute } satisfies Command;
