import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { errorCodeOf, type ErrorCode } from '../errors.ts';
import { MAX_QUESTION_LENGTH } from '../limits.ts';
import { renderNotice } from '../reply/discord-answer.ts';
import { strings, uiLangFromLocale, type UiStrings } from '../reply/i18n.ts';

type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction;

function userMessageFor(code: ErrorCode, t: UiStrings): string {
  switch (code) {
    case 'QUERY_INVALID':
      return t.errorQuestion;
    case 'QUESTION_TOO_LONG':
      return t.questionTooLong(MAX_QUESTION_LENGTH);
    case 'INDEX_MISSING':
    case 'INDEX_STALE':
    case 'INDEX_CORRUPT':
    case 'MODEL_UNAVAILABLE':
      return t.errorIndex;
    default:
      return t.errorGeneric;
  }
}

/** Sends a short notice only the user can see, whatever state the interaction is in. */
export async function replyEphemeral(interaction: RepliableInteraction, text: string): Promise<void> {
  const payload = { ...renderNotice(text), flags: MessageFlags.Ephemeral as const };
  if (interaction.deferred || interaction.replied) {
    await interaction.followUp(payload);
  } else {
    await interaction.reply(payload);
  }
}

/**
 * Tells the user, privately and in their language, that something failed. Never shows the error itself: details go
 * to the log. A public "thinking…" placeholder is removed first so the failure is not left on the channel.
 */
export async function replyWithError(interaction: RepliableInteraction, error: unknown): Promise<void> {
  const t = strings(uiLangFromLocale(interaction.locale));
  const text = userMessageFor(errorCodeOf(error), t);
  if (interaction.deferred && !interaction.replied && !interaction.isButton()) {
    await interaction.deleteReply().catch(() => undefined);
  }
  await replyEphemeral(interaction, text);
}
