import { SlashCommandBuilder, type AttachmentPayload } from 'discord.js';
import type { TimelineEvent } from '../src/engine-types.ts';
import type { BotContext, Command } from '../src/bot/command.ts';
import { decodeTimelinePage, TIMELINE_TOPIC_MAX, type TimelinePageState } from '../src/bot/custom-ids.ts';
import { replyEphemeral } from '../src/bot/respond.ts';
import { renderTimelinePage } from '../src/reply/discord-timeline.ts';
import { MAX_TOPIC_SUGGESTIONS } from '../src/timeline/filter.ts';
import { isTimelineKind, TIMELINE_KINDS } from '../src/timeline/lexicon.ts';
import { KIND_NAMES } from '../src/reply/kind-names.ts';
import { replyLocale, strings, uiLangFromLocale, type UiLang } from '../src/reply/i18n.ts';

const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;
const AUTOCOMPLETE_NAME_MAX = 100;
export const CHART_FILE = 'timeline.png';
/** 16:9, readable in Discord's image preview without opening it. */
export const CHART_SIZE = { width: 960, height: 540 } as const;

export const data = new SlashCommandBuilder()
  .setName('timeline')
  .setDescription('Dated events of Vietnam–Russia relations, with their sources.')
  .setDescriptionLocalizations({
    vi: 'Các sự kiện quan hệ Việt Nam – Nga theo thời gian, kèm nguồn.',
    id: 'Peristiwa hubungan Vietnam–Rusia menurut waktu, beserta sumbernya.',
    ru: 'Хронология событий российско-вьетнамских отношений с источниками.',
  })
  .addIntegerOption((option) => option.setName('from').setDescription('First year').setMinValue(FIRST_YEAR).setMaxValue(LAST_YEAR))
  .addIntegerOption((option) => option.setName('to').setDescription('Last year').setMinValue(FIRST_YEAR).setMaxValue(LAST_YEAR))
  .addStringOption((option) =>
    option
      .setName('kind')
      .setDescription('Only events of this kind')
      .setDescriptionLocalizations({ vi: 'Chỉ các sự kiện thuộc loại này', id: 'Hanya peristiwa jenis ini', ru: 'Только события этого вида' })
      .addChoices(
        ...TIMELINE_KINDS.map((kind) => ({
          name: KIND_NAMES.en[kind],
          name_localizations: { vi: KIND_NAMES.vi[kind], id: KIND_NAMES.id[kind], ru: KIND_NAMES.ru[kind] },
          value: kind,
        })),
      ),
  )
  .addStringOption((option) =>
    option.setName('topic').setDescription('Only events about this topic').setMaxLength(TIMELINE_TOPIC_MAX).setAutocomplete(true),
  );

/** The events of this view, each told in the reply's language where a source in it exists (else English). */
function eventsFor(context: BotContext, state: TimelinePageState, ui: UiLang): TimelineEvent[] {
  return context.engine.timeline({ from: state.from, to: state.to, topic: state.topic, kind: state.kind, lang: ui });
}

/** The chart is a bonus: any failure to draw it leaves the reply without an image, never without an answer. */
function chartAttachment(context: BotContext, state: TimelinePageState, ui: UiLang, events: TimelineEvent[]): AttachmentPayload | null {
  if (!context.renderChart || events.length === 0) return null;
  try {
    // The chart shows the events' texts, which follow the reply's language.
    const key = JSON.stringify([state.from, state.to, state.topic, state.kind ?? null, ui]);
    return { attachment: context.renderChart(key, events, CHART_SIZE), name: CHART_FILE };
  } catch (error) {
    context.log.warn({ command: 'timeline', err: error }, 'timeline chart could not be rendered; replying without it');
    return null;
  }
}

export const execute: Command['execute'] = async (interaction, context) => {
  let from = interaction.options.getInteger('from') ?? undefined;
  let to = interaction.options.getInteger('to') ?? undefined;
  if (from !== undefined && to !== undefined && from > to) [from, to] = [to, from];
  const topic = interaction.options.getString('topic')?.trim() || undefined;
  const chosenKind = interaction.options.getString('kind') ?? undefined;
  // Discord only sends the choices offered; anything else (an old client, a crafted request) means no kind filter.
  const kind = isTimelineKind(chosenKind) ? chosenKind : undefined;
  const state: TimelinePageState = { page: 0, from, to, topic, kind };
  const ui = replyLocale(interaction, false);

  await interaction.deferReply();
  const events = eventsFor(context, state, ui);
  const chart = chartAttachment(context, state, ui, events);
  const payload = renderTimelinePage(events, {
    ui,
    state,
    stats: context.engine.stats(),
    imageUrl: chart ? `attachment://${CHART_FILE}` : undefined,
  });
  await interaction.editReply({ ...payload, files: chart ? [chart] : [] });
};

export const autocomplete: NonNullable<Command['autocomplete']> = async (interaction, context) => {
  const prefix = interaction.options.getFocused();
  const choices = context.engine
    .timelineTopics(prefix)
    .filter((topic) => topic.length > 0 && topic.length <= TIMELINE_TOPIC_MAX)
    .slice(0, MAX_TOPIC_SUGGESTIONS)
    .map((topic) => ({ name: topic.slice(0, AUTOCOMPLETE_NAME_MAX), value: topic }));
  await interaction.respond(choices);
};

/** Previous/Next: every filter and the target page are in the custom_id. */
export const button: NonNullable<Command['button']> = async (interaction, context) => {
  const state = decodeTimelinePage(interaction.customId);
  if (!state) {
    await replyEphemeral(interaction, strings(uiLangFromLocale(interaction.locale)).expired);
    return;
  }
  await interaction.deferUpdate();
  const ui = replyLocale(interaction, false);
  const payload = renderTimelinePage(eventsFor(context, state, ui), {
    ui,
    state,
    stats: context.engine.stats(),
    // The chart already on the message stays; Discord has rewritten its URL to the uploaded file.
    imageUrl: interaction.message.embeds[0]?.image?.url,
  });
  await interaction.editReply(payload);
};

export default { data, execute, autocomplete, button } satisfies Command;
