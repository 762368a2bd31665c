import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { describeIn, renderHelpEmbed, visibleTo } from '../../src/reply/help.ts';
import { strings } from '../../src/reply/i18n.ts';

const definition = (extra: Partial<RESTPostAPIChatInputApplicationCommandsJSONBody> = {}): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
  name: 'demo',
  description: 'English words',
  description_localizations: { vi: 'Lời tiếng Việt' },
  ...extra,
});

describe('help rendering', () => {
  it('uses the translation the definition has, else the English description', () => {
    expect(describeIn(definition(), 'vi')).toBe('Lời tiếng Việt');
    expect(describeIn(definition(), 'ru')).toBe('English words');
    expect(describeIn(definition({ description_localizations: null }), 'vi')).toBe('English words');
    expect(describeIn(definition(), 'en')).toBe('English words');
  });

  it('shows a command restricted by default_member_permissions only to members holding all of them', () => {
    const manage = definition({ default_member_permissions: PermissionFlagsBits.ManageGuild.toString() });
    expect(visibleTo(definition(), null)).toBe(true);
    expect(visibleTo(manage, null)).toBe(false);
    expect(visibleTo(manage, PermissionFlagsBits.SendMessages)).toBe(false);
    expect(visibleTo(manage, PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageGuild)).toBe(true);
  });

  it('escapes Markdown and mentions in descriptions, and sorts commands by name', () => {
    const embed = renderHelpEmbed(
      [definition({ name: 'zeta', description: '**bold** @everyone' }), definition({ name: 'alpha', description_localizations: undefined })],
      'en',
      strings('en'),
    );
    expect(embed.fields!.map((f) => f.name)).toEqual(['/alpha', '/zeta']);
    expect(embed.fields![1]!.value).not.toContain('**bold**');
    expect(embed.fields![1]!.value).not.toMatch(/(^|[^\u200D])@everyone/u);
  });
});
