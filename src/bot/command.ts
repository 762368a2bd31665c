import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Settings } from '../config.ts';
import type { QaEngine, TimelineEvent } from '../engine-types.ts';
import type { Feedback } from '../feedback/service.ts';
import type { Cooldowns } from './cooldown.ts';

/** Renders a PNG of timeline events; absent when the chart module is unavailable. */
export type ChartRenderer = (events: TimelineEvent[], size: { width: number; height: number }) => Buffer;

/** What every command handler may use. Built once in `startBot`. */
export interface BotContext {
  engine: QaEngine;
  settings: Settings;
  cooldowns: Cooldowns;
  log: Logger;
  /** Draws (or returns the cached) chart for a key naming the events, e.g. the timeline filters. */
  renderChart: ((key: string, ...args: Parameters<ChartRenderer>) => Buffer) | null;
  now: () => number;
  /** Votes, refused questions and /gaps (does nothing with FEEDBACK=off). */
  feedback: Feedback;
  /** What every loaded command registers with Discord (name, descriptions, options): /help lists them. */
  commandDefinitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
}

/**
 * One slash command: its definition (registered by `npm run deploy-commands`) and its handlers.
 * Buttons whose custom_id starts with `<command name>:` are routed to `button`.
 */
export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
  button?(interaction: ButtonInteraction, context: BotContext): Promise<void>;
}
