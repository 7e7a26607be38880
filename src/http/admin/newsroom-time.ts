import { newsroomLanguage } from '../../config/messages/newsroom-language.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { formatInEdition } from '../../modules/editions/edition-time.ts';

/**
 * Times as the newsroom shows them: on the edition's clock, in the person's newsroom language with its calendar
 * and digits (a Persian reader sees the Solar Hijri date in Persian digits). English keeps its fixed, compact
 * forms; other languages take their locale's own (Luxon's localized formats, which ask Intl).
 */
type Zoned = Pick<Edition, 'timeZone'>;

function inNewsroomLanguage(instant: string, edition: Zoned, english: string, localized: string): string {
  const language = newsroomLanguage();
  return formatInEdition(instant, language === 'en' ? english : localized, { language, time_zone: edition.timeZone });
}

/** A date and time, with the zone named: "14 Mar 2025, 09:00 (Europe/Rome)". */
export function newsroomTime(instant: string, edition: Zoned): string {
  return `${inNewsroomLanguage(instant, edition, 'd LLL yyyy, HH:mm', 'ff')} (${edition.timeZone})`;
}

/** A day: "14 March 2025". */
export function newsroomDay(instant: string, edition: Zoned): string {
  return inNewsroomLanguage(instant, edition, 'd MMMM yyyy', 'DDD');
}

/** Hours and minutes only, for the editor's status line ("Saved 10:42"). */
export function newsroomClock(instant: string, edition: Zoned): string {
  return inNewsroomLanguage(instant, edition, 'HH:mm', 't');
}

/**
 * An instant in UTC as logs and key lists show it, `2026-12-02 21:05` (or `…:09` with seconds): digits in an
 * order every language reads, so it is not translated.
 */
export function utcTime(instant: string, precision: 'minutes' | 'seconds' = 'minutes'): string {
  return `${instant.slice(0, 10)} ${instant.slice(11, precision === 'seconds' ? 19 : 16)}`;
}
