import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { IndexStats, TimelineEvent } from '../engine-types.ts';
import { TIMELINE_EVENTS_PER_PAGE } from '../limits.ts';
import { encodeTimelinePage, type TimelinePageState } from '../bot/custom-ids.ts';
import { fitEmbed } from './embed-limits.ts';
import { collapseWhitespace, escapeDiscordText, inertText, maskedLink } from './escape.ts';
import { EMBED_COLOR, freshnessFooter, NO_MENTIONS, type ReplyPayload } from './discord-answer.ts';
import { LANGUAGE_FLAGS, strings, type UiLang } from './i18n.ts';
import { KIND_NAMES } from './kind-names.ts';

/** Sources listed under one event; the rest are summarised as "+N". */
const SOURCES_PER_EVENT = 3;
const EVENT_TEXT_MAX = 500;

export function pageCount(events: number): number {
  return Math.max(1, Math.ceil(events / TIMELINE_EVENTS_PER_PAGE));
}

function eventDate(event: TimelineEvent): string {
  return event.end && event.end !== event.date ? `${event.date} – ${event.end}` : event.date;
}

function eventField(event: TimelineEvent): { name: string; value: string } {
  const shown = event.sources.slice(0, SOURCES_PER_EVENT).map((s) => `${LANGUAGE_FLAGS[s.lang]} ${maskedLink(`${s.outlet}, ${s.published}`, s.url)}`);
  const extra = event.sources.length - shown.length;
  const sources = shown.join(' · ') + (extra > 0 ? ` · +${extra}` : '');
  // Well under the field's 1024 characters: escaping can double the length.
  const text = inertText(event.text, EVENT_TEXT_MAX);
  return { name: escapeDiscordText(eventDate(event)), value: sources ? `${text}\n└ ${sources}` : text };
}

export interface TimelineViewOptions {
  ui: UiLang;
  state: TimelinePageState;
  stats: IndexStats;
  /** Name of the attached chart image, when one was rendered. */
  imageUrl?: string | undefined;
}

/** One page of the timeline with Previous/Next buttons carrying the filters and the target page. */
export function renderTimelinePage(events: TimelineEvent[], options: TimelineViewOptions): ReplyPayload {
  const t = strings(options.ui);
  const pages = pageCount(events.length);
  const page = Math.min(Math.max(0, options.state.page), pages - 1);
  const slice = events.slice(page * TIMELINE_EVENTS_PER_PAGE, (page + 1) * TIMELINE_EVENTS_PER_PAGE);

  const filters = [
    options.state.kind ? KIND_NAMES[options.ui][options.state.kind] : null,
    options.state.topic ? escapeDiscordText(collapseWhitespace(options.state.topic)) : null,
    options.state.from !== undefined || options.state.to !== undefined ? `${options.state.from ?? '…'}–${options.state.to ?? '…'}` : null,
  ].filter((f): f is string => f !== null);

  const embed: APIEmbed = {
    title: t.timelineTitle,
    color: EMBED_COLOR,
    description: [filters.length > 0 ? `**${filters.join(' · ')}**` : null, slice.length === 0 ? t.timelineEmpty : null]
      .filter((line): line is string => line !== null)
      .join('\n') || undefined,
    fields: slice.map(eventField),
    footer: { text: `${t.pageOf(page + 1, pages)} · ${freshnessFooter(options.ui, options.stats)}` },
  };
  if (options.imageUrl) embed.image = { url: options.imageUrl };

  const components: APIActionRowComponent<APIButtonComponent>[] =
    pages > 1
      ? [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: t.previous,
                custom_id: encodeTimelinePage('prev', { ...options.state, page: Math.max(0, page - 1) }),
                disabled: page === 0,
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: t.next,
                custom_id: encodeTimelinePage('next', { ...options.state, page: Math.min(pages - 1, page + 1) }),
                disabled: page >= pages - 1,
              },
            ],
          },
        ]
      : [];
  return { embeds: [fitEmbed(embed)], components, allowedMentions: NO_MENTIONS };
}
