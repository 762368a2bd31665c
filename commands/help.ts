import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/bot/command.ts';
import { renderHelpEmbed, visibleTo } from '../src/reply/help.ts';
import { strings, uiLangFromLocale } from '../src/reply/i18n.ts';

export const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('The commands of this bot and their options.')
  .setDescriptionLocalizations({
    vi: 'Các lệnh của bot này và tùy chọn của chúng.',
    id: 'Perintah bot ini beserta opsinya.',
    ru: 'Команды этого бота и их параметры.',
  });

/** Private, in the asker's own language; lists only the commands the asker may use. */
export const execute: Command['execute'] = async (interaction, context) => {
  const ui = uiLangFromLocale(interaction.locale);
  const permissions = interaction.memberPermissions?.bitfield ?? null;
  const visible = context.commandDefinitions.filter((definition) => visibleTo(definition, permissions));
  await interaction.reply({ embeds: [renderHelpEmbed(visible, ui, strings(ui))], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
};

export default { data, execute } satisfies Command;
