import type { Interaction } from 'discord.js';
import { errorCodeOf } from '../errors.ts';
import type { BotContext, Command } from './command.ts';
import { replyWithError } from './respond.ts';

/** Button custom_ids start with the name of the command that owns them: `ask:more:…`, `timeline:n:…`. */
export function commandNameOfCustomId(customId: string): string {
  return customId.split(':', 1)[0] ?? '';
}

/**
 * Routes every interaction to its command and is the single place where failures are logged (command, latency,
 * error code) and turned into a friendly, private message.
 */
export function createInteractionHandler(commands: ReadonlyMap<string, Command>, context: BotContext) {
  return async function handleInteraction(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const kind = interaction.isChatInputCommand()
      ? 'command'
      : interaction.isAutocomplete()
        ? 'autocomplete'
        : interaction.isButton()
          ? 'button'
          : null;
    if (!kind) return;
    const commandName =
      interaction.isChatInputCommand() || interaction.isAutocomplete()
        ? interaction.commandName
        : interaction.isButton()
          ? commandNameOfCustomId(interaction.customId)
          : '';
    const command = commands.get(commandName);
    const logFields = { command: commandName, kind, shard: interaction.guild?.shardId };

    try {
      if (!command) throw new Error(`No handler for ${kind} "${commandName}"`);
      if (interaction.isChatInputCommand()) await command.execute(interaction, context);
      else if (interaction.isAutocomplete()) await (command.autocomplete?.(interaction, context) ?? interaction.respond([]));
      else if (interaction.isButton()) {
        if (!command.button) throw new Error(`Command "${commandName}" has no button handler`);
        await command.button(interaction, context);
      }
      context.log.info({ ...logFields, latencyMs: Math.round(performance.now() - started) }, 'interaction handled');
    } catch (error) {
      context.log.error(
        { ...logFields, latencyMs: Math.round(performance.now() - started), code: errorCodeOf(error), err: error },
        'interaction failed',
      );
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
        return;
      }
      if (interaction.isChatInputCommand() || interaction.isButton()) {
        await replyWithError(interaction, error).catch((replyError: unknown) =>
          context.log.warn({ ...logFields, err: replyError }, 'could not tell the user about the failure'),
        );
      }
    }
  };
}
