import { DateTime } from 'luxon';
import { dateSystemFor } from '../../config/edition-presets.ts';
import { DatelineError } from '../../errors/dateline-error.ts';

export interface EditionClock {
  language: string;
  time_zone: string;
  /** The edition's own calendar and digits, when it chose them; else its language's. */
  calendar?: string | null;
  numbering_system?: string | null;
}

/**
 * Formats an instant for people: on the edition's wall clock, in its language, calendar and digits, whatever the
 * server's own TZ. Machine-readable dates (`<time datetime>`, JSON-LD, feeds, sitemaps) use `isoInEdition`.
 * @example formatInEdition('2020-11-20T08:14:00.000Z', 'EEEE d MMMM yyyy - HH:mm', { language: 'en', time_zone: 'Asia/Tehran' })
 *   // 'Friday 20 November 2020 - 11:44'
 * @example formatInEdition('2020-11-20T08:14:00.000Z', 'EEEE d MMMM yyyy - HH:mm', { language: 'fa', time_zone: 'Asia/Tehran' })
 *   // 'جمعه ۳۰ آبان ۱۳۹۹ - ۱۱:۴۴'
 */
export function formatInEdition(instant: string, format: string, edition: EditionClock): string {
  const byLanguage = dateSystemFor(edition.language);
  const system = { calendar: edition.calendar ?? byLanguage.calendar, numberingSystem: edition.numbering_system ?? byLanguage.numberingSystem };
  return DateTime.fromISO(instant, { zone: 'utc' })
    .setZone(edition.time_zone)
    .setLocale(edition.language)
    .reconfigure({ outputCalendar: system.calendar, numberingSystem: system.numberingSystem })
    .toFormat(format);
}

/** The instant with its zone offset, as `<time datetime>` and feeds want it: `2020-11-20T11:44:00+03:30`. */
export function isoInEdition(instant: string, edition: EditionClock): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(edition.time_zone).toISO({ suppressMilliseconds: true }) ?? instant;
}

/** The edition's calendar day of an instant, `YYYY-MM-DD`. */
export function dayInEdition(instant: string, edition: EditionClock): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(edition.time_zone).toISODate() ?? instant.slice(0, 10);
}

export class WallClockError extends DatelineError {
  constructor(message: string, options?: ErrorOptions) {
    super('WALL_CLOCK_INVALID', message, { cause: options?.cause });
  }
}

/**
 * The UTC instant of a wall-clock time in a zone. A time that does not exist (skipped by a DST change)
 * moves forward as clocks did; an ambiguous one (repeated) takes the earlier instant.
 */
export function wallClockToInstant(date: string, time: string, timeZone: string): string {
  const local = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  if (!local.isValid) throw new WallClockError(`${date} ${time} is not a valid time in ${timeZone}: ${local.invalidExplanation ?? local.invalidReason}`);
  // Luxon settles an ambiguous time with the offset the zone has on the day the process started, so the
  // answer would change with the season; try the offsets in force a day either side and keep the earlier fit.
  const wall = DateTime.fromISO(`${date}T${time}`, { zone: 'utc' }).toMillis();
  const offsetBefore = local.zone.offset(wall - DAY_MS);
  const fits = [offsetBefore, local.zone.offset(wall + DAY_MS)]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => instant + local.zone.offset(instant) * MINUTE_MS === wall);
  // No fit: the time was skipped, and reads as the clocks did, the length of the gap later.
  return new Date(fits.length > 0 ? Math.min(...fits) : wall - offsetBefore * MINUTE_MS).toISOString();
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The UTC range [start, end) of an edition's calendar day, for archive queries. */
export function dayRangeInZone(date: string, timeZone: string): { start: string; end: string } | null {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  if (!day.isValid || !isValidTimeZone(timeZone)) return null;
  // Through wallClockToInstant, so that a midnight skipped or repeated by a clock change resolves the same way.
  return { start: wallClockToInstant(day.toISODate(), '00:00', timeZone), end: wallClockToInstant(day.plus({ days: 1 }).toISODate(), '00:00', timeZone) };
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
