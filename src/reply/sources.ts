import type { APIEmbed } from 'discord.js';
import { LANGUAGES } from '../domain.ts';
import type { SourcesSummary } from '../corpus/summary.ts';
import { EMBED_LIMITS } from '../limits.ts';
import { fitEmbed } from './embed-limits.ts';
import { escapeDiscordText, inertText, maskedLink } from './escape.ts';
import { LANGUAGE_FLAGS, type UiStrings } from './i18n.ts';

/** Outlets listed by name; the rest are counted in one line. */
export const OUTLETS_SHOWN = 10;
const OUTLET_NAME_MAX = 80;

/** `/sources` in Discord: counts by language and outlet, the date range, the newest five with links. */
export function renderSourcesEmbed(summary: SourcesSummary, ui: UiStrings): APIEmbed {
  const outlets = summary.byOutlet.slice(0, OUTLETS_SHOWN).map((entry) => `${inertText(entry.outlet, OUTLET_NAME_MAX)} — ${entry.articles}`);
  const others = summary.byOutlet.slice(OUTLETS_SHOWN).reduce((sum, entry) => sum + entry.articles, 0);
  if (others > 0) outlets.push(`… +${others}`);
  const newest = summary.newest.map((source) => `${LANGUAGE_FLAGS[source.lang]} ${escapeDiscordText(source.published)} · ${maskedLink(source.title, source.url)} · ${inertText(source.outlet, OUTLET_NAME_MAX)}`);
  return fitEmbed({
    title: ui.sourcesTitle,
    description: ui.sourcesSummary(summary.articles, summary.first ?? '–', summary.last ?? '–'),
    fields: [
      { name: ui.byLanguage, value: LANGUAGES.map((lang) => `${LANGUAGE_FLAGS[lang]} ${lang}: ${summary.byLang[lang]}`).join(' · '), inline: false },
      { name: ui.byOutlet, value: outlets.join('\n').slice(0, EMBED_LIMITS.fieldValue) || '–', inline: false },
      { name: ui.newest, value: newest.join('\n') || '–', inline: false },
    ],
  });
}

/** `/sources` in the console. */
export function renderSourcesForTerminal(summary: SourcesSummary, ui: UiStrings): string {
  const lines = [ui.sourcesTitle, ui.sourcesSummary(summary.articles, summary.first ?? '–', summary.last ?? '–'), '', `${ui.byLanguage}: ${LANGUAGES.map((lang) => `${lang} ${summary.byLang[lang]}`).join(', ')}`, `${ui.byOutlet}:`];
  for (const entry of summary.byOutlet) lines.push(`  ${entry.outlet} — ${entry.articles}`);
  lines.push(`${ui.newest}:`);
  for (const source of summary.newest) lines.push(`  ${source.published} · ${source.lang} · ${source.title} · ${source.outlet}${source.url ? ` <${source.url}>` : ''}`);
  return lines.join('\n');
}
