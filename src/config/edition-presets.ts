import type { NewEditionRow } from '../db/schema.ts';

export type EditionPreset = Omit<NewEditionRow, 'created_at'>;

/** Dateline format tokens are Luxon's: `cccc d LLLL yyyy - HH:mm` reads `Friday 20 November 2020 - 11:44`. */
const datelineFormat = 'cccc d LLLL yyyy - HH:mm';
const dateFormat = 'd LLLL yyyy';

/**
 * Editions that can be created by code alone (`import-text --edition es`). `en` exists from the first
 * migration run. Time zones are the newsroom's, not the reader's.
 */
export const editionPresets: Record<string, EditionPreset> = {
  en: { code: 'en', name: 'English', language: 'en', direction: 'ltr', time_zone: 'UTC', dateline_format: datelineFormat, date_format: dateFormat },
  es: { code: 'es', name: 'Español', language: 'es', direction: 'ltr', time_zone: 'Europe/Madrid', dateline_format: datelineFormat, date_format: dateFormat },
  it: { code: 'it', name: 'Italiano', language: 'it', direction: 'ltr', time_zone: 'Europe/Rome', dateline_format: datelineFormat, date_format: dateFormat },
  nl: { code: 'nl', name: 'Nederlands', language: 'nl', direction: 'ltr', time_zone: 'Europe/Amsterdam', dateline_format: datelineFormat, date_format: dateFormat },
  fa: { code: 'fa', name: 'فارسی', language: 'fa', direction: 'rtl', time_zone: 'Asia/Tehran', dateline_format: datelineFormat, date_format: dateFormat },
  ar: { code: 'ar', name: 'العربية', language: 'ar', direction: 'rtl', time_zone: 'Asia/Beirut', dateline_format: datelineFormat, date_format: dateFormat },
};

export const defaultEditionCode = 'en';
