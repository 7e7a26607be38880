import type { NewEditionRow } from '../db/schema.ts';

export type EditionPreset = Omit<NewEditionRow, 'created_at'>;

/**
 * Dateline and date formats are Luxon tokens, in the word order each language's press prints:
 * `EEEE d MMMM yyyy - HH:mm` reads `Friday 20 November 2020 - 11:44`. EEEE and MMMM are the forms a name takes
 * inside a date (Polish `20 listopada`, Catalan `20 de novembre`); cccc and LLLL are the stand-alone forms of a
 * calendar heading, wrong in a dateline for those languages. Calendar and digits come from `dateSystemFor`.
 */
const datelineFormat = 'EEEE d MMMM yyyy - HH:mm';
const dateFormat = 'd MMMM yyyy';

/**
 * Editions that can be created by code alone (`import-text --edition es`). `en` exists from the first
 * migration run. Time zones are the newsroom's, not the reader's. A change here reaches new editions only:
 * an existing edition keeps the formats stored in its row.
 */
export const editionPresets: Record<string, EditionPreset> = {
  en: { code: 'en', name: 'English', language: 'en', direction: 'ltr', time_zone: 'UTC', dateline_format: datelineFormat, date_format: dateFormat },
  // `viernes 20 de noviembre de 2020 - 09:14`: Spanish joins day, month and year with "de".
  es: {
    code: 'es',
    name: 'Español',
    language: 'es',
    direction: 'ltr',
    time_zone: 'Europe/Madrid',
    dateline_format: "EEEE d 'de' MMMM 'de' yyyy - HH:mm",
    date_format: "d 'de' MMMM 'de' yyyy",
  },
  it: { code: 'it', name: 'Italiano', language: 'it', direction: 'ltr', time_zone: 'Europe/Rome', dateline_format: datelineFormat, date_format: dateFormat },
  nl: { code: 'nl', name: 'Nederlands', language: 'nl', direction: 'ltr', time_zone: 'Europe/Amsterdam', dateline_format: datelineFormat, date_format: dateFormat },
  fa: { code: 'fa', name: 'فارسی', language: 'fa', direction: 'rtl', time_zone: 'Asia/Tehran', dateline_format: datelineFormat, date_format: dateFormat },
  // `الجمعة، 20 نوفمبر 2020 - 10:14`: Arabic puts its own comma after the weekday.
  ar: { code: 'ar', name: 'العربية', language: 'ar', direction: 'rtl', time_zone: 'Asia/Beirut', dateline_format: 'EEEE، d MMMM yyyy - HH:mm', date_format: dateFormat },
};

export const defaultEditionCode = 'en';

/** The calendar and the digits of dates meant for people, by their Intl names. */
export interface DateSystem {
  calendar: 'gregory' | 'persian';
  numberingSystem: 'latn' | 'arab' | 'arabext';
}

const gregorianLatin: DateSystem = { calendar: 'gregory', numberingSystem: 'latn' };

/**
 * Written down rather than left to the runtime's locale data, which changes: CLDR moved `ar` from Arabic-Indic
 * to Latin digits in 2024, and a dateline must not change with a Node upgrade.
 */
const dateSystems: Record<string, DateSystem> = {
  // Iranian news is dated in the Solar Hijri calendar with Persian digits: ۳۰ آبان ۱۳۹۹.
  fa: { calendar: 'persian', numberingSystem: 'arabext' },
  // Pan-Arab and Levantine news sites (Al Jazeera, Al Arabiya, Asharq Al-Awsat, Annahar) print Gregorian dates
  // with Latin digits; an edition in the Arabic-Indic style of Egyptian print or BBC Arabic would add its
  // regional tag here, e.g. `ar-EG`, with `arab`.
  ar: gregorianLatin,
};

/**
 * How dates for people are written in a language tag such as `fa-IR`: its own entry, else its language's,
 * else the Gregorian calendar with Latin digits.
 * @example dateSystemFor('fa-IR') // { calendar: 'persian', numberingSystem: 'arabext' }
 */
export function dateSystemFor(language: string): DateSystem {
  const tag = language.toLowerCase();
  return dateSystems[tag] ?? dateSystems[tag.split('-')[0] ?? ''] ?? gregorianLatin;
}
