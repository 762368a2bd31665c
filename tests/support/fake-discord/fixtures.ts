import {
  ApplicationCommandOptionType,
  type ApplicationFlags,
  type ChannelFlags,
  type GuildMemberFlags,
  type RoleFlags,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandInteraction,
  type APIEmbed,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';

/**
 * Wire fixtures, typed by discord-api-types so that they stay what Discord really sends.
 * Snowflakes are built from a counter so that every id in a test run is unique.
 */

const DISCORD_EPOCH = 1_420_070_400_000n;
let counter = 0n;
export function snowflake(): string {
  counter = (counter + 1n) % 4096n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | counter).toString();
}

export const APPLICATION_ID = '1100000000000000001';
export const BOT_USER: APIUser = {
  id: APPLICATION_ID,
  username: 'vn-ru-bot',
  discriminator: '0000',
  global_name: null,
  avatar: null,
  bot: true,
};
export const HUMAN: APIUser = { id: '1200000000000000001', username: 'asker', discriminator: '0', global_name: 'Asker', avatar: null };
export const OTHER_HUMAN: APIUser = { id: '1200000000000000002', username: 'other', discriminator: '0', global_name: 'Other', avatar: null };

/** A guild id that Discord would route to `shard` of `shardCount` ((id >> 22) % count). */
export function guildIdForShard(shard: number, shardCount: number): string {
  const base = 100_000_000_000n - (100_000_000_000n % BigInt(shardCount));
  return ((base + BigInt(shard)) << 22n).toString();
}

export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export function channelIdOf(guildId: string): string {
  return (BigInt(guildId) + 7n).toString();
}

export function readyPayload(shard: [number, number], guildIds: string[], gatewayUrl: string): GatewayReadyDispatchData {
  return {
    v: 10,
    user: BOT_USER,
    guilds: guildIds.map((id) => ({ id, unavailable: true })),
    session_id: `session-${shard[0]}-${snowflake()}`,
    resume_gateway_url: gatewayUrl,
    shard,
    application: { id: APPLICATION_ID, flags: 0 as ApplicationFlags, flags_new: '0' },
  };
}

export function guildCreatePayload(guildId: string, preferredLocale: Locale = Locale.EnglishUS): GatewayGuildCreateDispatchData {
  return {
    id: guildId,
    name: `Test guild ${guildId.slice(-4)}`,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: HUMAN.id,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [
      {
        id: guildId,
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: '1071698660929',
        managed: false,
        mentionable: false,
        flags: 0 as RoleFlags,
      },
    ],
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    preferred_locale: preferredLocale,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [],
    channels: [
      { id: channelIdOf(guildId), type: ChannelType.GuildText, name: 'general', position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0, guild_id: guildId, flags: 0 as ChannelFlags },
    ],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as GatewayGuildCreateDispatchData;
}

/** Everyday member permissions: reading and writing, no moderation (no Manage Server). */
export const MEMBER_PERMISSIONS = '1071698660929';

function member(user: APIUser, permissions = MEMBER_PERMISSIONS): APIInteractionGuildMember {
  return {
    user,
    roles: [],
    joined_at: new Date().toISOString(),
    deaf: false,
    mute: false,
    permissions,
    flags: 0 as GuildMemberFlags,
    avatar: null,
    nick: null,
    premium_since: null,
    pending: false,
    communication_disabled_until: null,
    banner: null,
  } as APIInteractionGuildMember;
}

export interface InteractionPlace {
  guildId: string;
  user?: APIUser;
  locale?: Locale;
  guildLocale?: Locale;
  /** The member's permissions in the channel (a bit field as a decimal string); default MEMBER_PERMISSIONS. */
  permissions?: string;
}

function base(place: InteractionPlace) {
  return {
    id: snowflake(),
    application_id: APPLICATION_ID,
    guild_id: place.guildId,
    guild: { id: place.guildId, locale: place.guildLocale ?? Locale.EnglishUS, features: [] },
    channel_id: channelIdOf(place.guildId),
    channel: { id: channelIdOf(place.guildId), type: ChannelType.GuildText as const },
    member: member(place.user ?? HUMAN, place.permissions),
    token: `itok-${snowflake()}`,
    version: 1 as const,
    app_permissions: '1071698660929',
    locale: place.locale ?? Locale.EnglishUS,
    guild_locale: place.guildLocale ?? Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { '0': place.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10_485_760,
  };
}

export type SlashOption = APIApplicationCommandInteractionDataBasicOption;

export function slashCommand(name: string, options: SlashOption[], place: InteractionPlace): APIChatInputApplicationCommandInteraction {
  return {
    ...base(place),
    type: InteractionType.ApplicationCommand,
    data: { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options, guild_id: place.guildId },
  };
}

export const stringOption = (name: string, value: string): SlashOption => ({ name, type: ApplicationCommandOptionType.String, value });
export const integerOption = (name: string, value: number): SlashOption => ({ name, type: ApplicationCommandOptionType.Integer, value });
export const booleanOption = (name: string, value: boolean): SlashOption => ({ name, type: ApplicationCommandOptionType.Boolean, value });

export function autocomplete(name: string, focused: { name: string; value: string }, place: InteractionPlace): APIApplicationCommandAutocompleteInteraction {
  return {
    ...base(place),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: snowflake(),
      name,
      type: ApplicationCommandType.ChatInput,
      options: [{ name: focused.name, type: ApplicationCommandOptionType.String, value: focused.value, focused: true }],
    },
  };
}

/** The message as Discord would deliver it back with a button click: what the bot last wrote into it. */
export function botMessage(guildId: string, body: { embeds?: APIEmbed[]; components?: unknown[]; content?: string; flags?: number }): APIMessage {
  return {
    id: snowflake(),
    channel_id: channelIdOf(guildId),
    author: BOT_USER,
    content: body.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body.embeds ?? [],
    pinned: false,
    type: MessageType.Default,
    flags: body.flags ?? 0,
    components: (body.components ?? []) as APIMessage['components'],
    application_id: APPLICATION_ID,
  };
}

export function buttonClick(customId: string, message: APIMessage, place: InteractionPlace): APIMessageComponentButtonInteraction {
  return {
    ...base(place),
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
    message,
  } as APIMessageComponentButtonInteraction;
}
