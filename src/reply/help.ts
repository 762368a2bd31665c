import type { APIEmbed, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { fitEmbed } from './embed-limits.ts';
import { escapeDiscordText } from './escape.ts';
import type { UiLang, UiStrings } from './i18n.ts';

type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;
type Localized = { description: string; description_localizations?: Partial<Record<string, string | null>> | null };

/** A definition's description in `ui` when the command or option has that translation, else its English one. */
export function describeIn(item: Localized, ui: UiLang): string {
  return (ui === 'en' ? undefined : item.description_localizations?.[ui]) ?? item.description;
}

/**
 * Whether a member with `permissions` (a bit field; null outside a server) sees the command in Discord's own list:
 * a command restricted by default_member_permissions (/gaps: Manage Server) is listed only to those who hold them.
 */
export function visibleTo(definition: CommandDefinition, permissions: bigint | null): boolean {
  const required = definition.default_member_permissions;
  if (required === undefined || required === null) return true;
  if (permissions === null) return false;
  const bits = BigInt(required);
  return (permissions & bits) === bits;
}

/**
 * `/help`: one field per command, `/name` with its description and one line per option, in the asker's language
 * wherever the definitions carry a translation. Built from the registered definitions, so it lists what Discord
 * offers and cannot drift from it.
 */
export function renderHelpEmbed(definitions: readonly CommandDefinition[], ui: UiLang, t: UiStrings): APIEmbed {
  const fields = [...definitions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((definition) => {
      const options = (definition.options ?? []).map((option) => {
        const required = 'required' in option && option.required ? ` (${t.helpRequired})` : '';
        return `• \`${option.name}\`${required} — ${escapeDiscordText(describeIn(option, ui))}`;
      });
      return { name: `/${definition.name}`, value: [escapeDiscordText(describeIn(definition, ui)), ...options].join('\n'), inline: false };
    });
  return fitEmbed({ title: t.helpTitle, description: t.helpIntro, fields });
}
