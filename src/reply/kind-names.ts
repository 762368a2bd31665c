import type { TimelineKind } from '../timeline/lexicon.ts';
import type { UiLang } from './i18n.ts';

/**
 * Names of the timeline kinds in every language the bot speaks: the choices of `/timeline kind:` on Discord and the
 * kinds shown next to events in the console. The values people type stay the English ids (`kind:visit`).
 */
export const KIND_NAMES: Record<UiLang, Record<TimelineKind, string>> = {
  en: { visit: 'visit', call: 'phone call', agreement: 'agreement', anniversary: 'anniversary', meeting: 'meeting', other: 'other' },
  vi: { visit: 'chuyến thăm', call: 'điện đàm', agreement: 'văn kiện ký kết', anniversary: 'kỷ niệm', meeting: 'cuộc gặp, hội nghị', other: 'khác' },
  id: { visit: 'kunjungan', call: 'panggilan telepon', agreement: 'perjanjian', anniversary: 'peringatan', meeting: 'pertemuan', other: 'lainnya' },
  ru: { visit: 'визит', call: 'телефонный разговор', agreement: 'соглашение', anniversary: 'годовщина', meeting: 'встреча', other: 'другое' },
};
