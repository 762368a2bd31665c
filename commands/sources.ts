import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/bot/command.ts';
import { renderSourcesEmbed } from '../src/reply/sources.ts';
import { replyLocale, strings } from '../src/reply/i18n.ts';

export const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('The articles the bot answers from: by language and outlet, date range, the newest.')
  .setDescriptionLocalizations({
    vi: 'Các bài báo bot dùng: theo ngôn ngữ và cơ quan báo chí, khoảng thời gian, bài mới nhất.',
    id: 'Artikel yang dipakai bot: menurut bahasa dan media, rentang tanggal, yang terbaru.',
    ru: 'Статьи, по которым отвечает бот: по языкам и изданиям, даты, новейшие.',
  });

export const execute: Command['execute'] = async (interaction, context) => {
  const embed = renderSourcesEmbed(context.engine.sources(), strings(replyLocale(interaction, false)));
  await interaction.reply({ embeds: [embed], allowedMentions: { parse: [] } });
};

export default { data, execute } satisfies Command;
