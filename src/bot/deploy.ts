import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { Settings } from '../config.ts';
import { BotError } from '../errors.ts';
import { registerSecret } from '../logger.ts';
import { DEFAULT_COMMANDS_DIR, loadCommands } from './load-commands.ts';

export interface DeployResult {
  scope: 'guild' | 'global';
  route: string;
  commands: string[];
}

/**
 * Registers every command with ONE bulk overwrite: commands removed from commands/ disappear from Discord too.
 * Guild commands (DISCORD_GUILD_ID) update instantly and suit development; global ones reach every server.
 */
export async function deployCommands(settings: Settings, options: { commandsDir?: string } = {}): Promise<DeployResult> {
  if (!settings.DISCORD_TOKEN) throw new BotError('CONFIG_INVALID', 'DISCORD_TOKEN is required to deploy commands');
  if (!settings.DISCORD_CLIENT_ID) throw new BotError('CONFIG_INVALID', 'DISCORD_CLIENT_ID (the application id) is required to deploy commands');
  registerSecret(settings.DISCORD_TOKEN);

  const commands = await loadCommands(options.commandsDir ?? DEFAULT_COMMANDS_DIR);
  const body = [...commands.values()].map((command) => command.data.toJSON());
  const route = settings.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(settings.DISCORD_CLIENT_ID, settings.DISCORD_GUILD_ID)
    : Routes.applicationCommands(settings.DISCORD_CLIENT_ID);

  const rest = new REST(settings.DISCORD_API_BASE ? { api: settings.DISCORD_API_BASE } : {}).setToken(settings.DISCORD_TOKEN);
  const registered = (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
  return { scope: settings.DISCORD_GUILD_ID ? 'guild' : 'global', route, commands: registered.map((c) => c.name) };
}
