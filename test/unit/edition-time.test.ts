import { describe, expect, it } from 'vitest';
import { dateSystemFor, editionPresets, type EditionPreset } from '../../src/config/edition-presets.ts';
import {
  dayInEdition,
  dayRangeInZone,
  formatInEdition,
  isoInEdition,
  wallClockToInstant,
  WallClockError,
  type EditionClock,
} from '../../src/modules/editions/edition-time.ts';

const DATELINE = 'EEEE d MMMM yyyy - HH:mm';
const HOUR_MS = 3_600_000;

function clock(language: string, timeZone: string): EditionClock {
  return { language, time_zone: timeZone };
}

function preset(code: string): EditionPreset {
  const edition = editionPresets[code];
  if (!edition) throw new Error(`the ${code} preset is missing`);
  return edition;
}

function hoursBetween(range: { start: string; end: string } | null): number {
  if (!range) throw new Error('expected a day range, got null');
  return (Date.parse(range.end) - Date.parse(range.start)) / HOUR_MS;
}

describe('the test process itself', () => {
  it('runs in Pacific/Kiritimati (UTC+14), so server-zone mistakes show up', () => {
    expect(process.env.TZ).toBe('Pacific/Kiritimati');
    expect(new Date('2020-11-20T08:14:00.000Z').getTimezoneOffset()).toBe(-14 * 60);
  });
});

describe('formatInEdition', () => {
  it('prints the seed dateline for 08:14 UTC in a Tehran edition', () => {
    expect(formatInEdition('2020-11-20T08:14:00.000Z', DATELINE, clock('en', 'Asia/Tehran'))).toBe('Friday 20 November 2020 - 11:44');
  });

  it('prints the same dateline for 11:44 UTC in a UTC edition', () => {
    expect(formatInEdition('2020-11-20T11:44:00.000Z', DATELINE, clock('en', 'UTC'))).toBe('Friday 20 November 2020 - 11:44');
  });

  it('uses the edition’s zone, not the server’s: 20:00 UTC is still Friday in London, though Saturday in Kiritimati', () => {
    expect(formatInEdition('2020-11-20T20:00:00.000Z', DATELINE, clock('en', 'Europe/London'))).toBe('Friday 20 November 2020 - 20:00');
  });

  it('follows summer and winter time in London and New York', () => {
    expect(formatInEdition('2021-07-01T12:00:00.000Z', 'HH:mm', clock('en', 'Europe/London'))).toBe('13:00');
    expect(formatInEdition('2021-12-01T12:00:00.000Z', 'HH:mm', clock('en', 'Europe/London'))).toBe('12:00');
    expect(formatInEdition('2021-07-01T12:00:00.000Z', 'HH:mm', clock('en', 'America/New_York'))).toBe('08:00');
    expect(formatInEdition('2021-12-01T12:00:00.000Z', 'HH:mm', clock('en', 'America/New_York'))).toBe('07:00');
  });

  it('prints the en seed dateline from the en preset’s stored format', () => {
    const en = preset('en');
    expect(formatInEdition('2020-11-20T11:44:00.000Z', en.dateline_format, en)).toBe('Friday 20 November 2020 - 11:44');
    expect(formatInEdition('2020-11-20T11:44:00.000Z', en.date_format, en)).toBe('20 November 2020');
  });

  it.each([
    ['es', 'viernes 20 de noviembre de 2020 - 09:14', '20 de noviembre de 2020'],
    ['it', 'venerdì 20 novembre 2020 - 09:14', '20 novembre 2020'],
    ['nl', 'vrijdag 20 november 2020 - 09:14', '20 november 2020'],
    ['fa', 'جمعه ۳۰ آبان ۱۳۹۹ - ۱۱:۴۴', '۳۰ آبان ۱۳۹۹'],
    ['ar', 'الجمعة، 20 نوفمبر 2020 - 10:14', '20 نوفمبر 2020'],
  ])('prints the %s preset’s dateline and date as that language’s press does', (code, dateline, date) => {
    const edition = preset(code);
    expect(formatInEdition('2020-11-20T08:14:00.000Z', edition.dateline_format, edition)).toBe(dateline);
    expect(formatInEdition('2020-11-20T08:14:00.000Z', edition.date_format, edition)).toBe(date);
  });

  it('dates Persian stories in the Solar Hijri calendar with Persian digits only', () => {
    const text = formatInEdition('2020-11-20T08:14:00.000Z', DATELINE, clock('fa', 'Asia/Tehran'));
    expect(text).toBe('جمعه ۳۰ آبان ۱۳۹۹ - ۱۱:۴۴');
    expect(text).not.toMatch(/[0-9\u0660-\u0669]/u);
  });

  it('turns the Persian month at Tehran’s midnight, not UTC’s', () => {
    expect(formatInEdition('2020-11-20T20:29:00.000Z', DATELINE, clock('fa', 'Asia/Tehran'))).toBe('جمعه ۳۰ آبان ۱۳۹۹ - ۲۳:۵۹');
    expect(formatInEdition('2020-11-20T20:30:00.000Z', DATELINE, clock('fa', 'Asia/Tehran'))).toBe('شنبه ۱ آذر ۱۳۹۹ - ۰۰:۰۰');
  });

  it('turns the Persian year at Nowruz: 1399 was a leap year with 30 Esfand', () => {
    expect(formatInEdition('2021-03-20T12:00:00.000Z', 'd MMMM yyyy', clock('fa', 'Asia/Tehran'))).toBe('۳۰ اسفند ۱۳۹۹');
    expect(formatInEdition('2021-03-21T12:00:00.000Z', 'd MMMM yyyy', clock('fa-IR', 'Asia/Tehran'))).toBe('۱ فروردین ۱۴۰۰');
  });

  it('keeps the Gregorian calendar and Latin digits for a format read by machines, as the newsroom’s forms ask with `en`', () => {
    expect(formatInEdition('2020-11-20T08:14:00.000Z', "yyyy-MM-dd'T'HH:mm", clock('en', 'Asia/Tehran'))).toBe('2020-11-20T11:44');
  });
});

describe('dateSystemFor', () => {
  it('gives Persian the Solar Hijri calendar and Persian digits, for a regional tag too', () => {
    expect(dateSystemFor('fa')).toEqual({ calendar: 'persian', numberingSystem: 'arabext' });
    expect(dateSystemFor('fa-AF')).toEqual({ calendar: 'persian', numberingSystem: 'arabext' });
  });

  it('gives Arabic and every other language the Gregorian calendar with Latin digits', () => {
    for (const language of ['ar', 'ar-LB', 'en', 'es', 'it', 'nl', 'xx']) {
      expect(dateSystemFor(language), language).toEqual({ calendar: 'gregory', numberingSystem: 'latn' });
    }
  });
});

describe('isoInEdition', () => {
  it('gives the instant with the edition’s offset', () => {
    expect(isoInEdition('2020-11-20T08:14:00.000Z', clock('en', 'Asia/Tehran'))).toBe('2020-11-20T11:44:00+03:30');
    expect(isoInEdition('2021-07-01T12:00:00.000Z', clock('en', 'America/New_York'))).toBe('2021-07-01T08:00:00-04:00');
  });

  it('stays ISO with Latin digits in a Persian edition, for `<time datetime>`, JSON-LD, feeds and sitemaps', () => {
    expect(isoInEdition('2020-11-20T08:14:00.000Z', clock('fa', 'Asia/Tehran'))).toBe('2020-11-20T11:44:00+03:30');
    expect(dayInEdition('2020-11-20T21:00:00.000Z', clock('fa', 'Asia/Tehran'))).toBe('2020-11-21');
  });

  it('gives Z for a UTC edition, whatever the server’s zone', () => {
    expect(isoInEdition('2020-11-20T08:14:00.000Z', clock('en', 'UTC'))).toBe('2020-11-20T08:14:00Z');
  });

  it('names the same instant it was given', () => {
    const iso = isoInEdition('2021-10-31T01:30:00.000Z', clock('en', 'Europe/London'));
    expect(new Date(iso).toISOString()).toBe('2021-10-31T01:30:00.000Z');
  });
});

describe('dayInEdition', () => {
  it('gives the edition’s calendar day, which can be a day after the UTC day', () => {
    expect(dayInEdition('2020-11-20T21:00:00.000Z', clock('en', 'Asia/Tehran'))).toBe('2020-11-21');
    expect(dayInEdition('2020-11-20T21:00:00.000Z', clock('en', 'UTC'))).toBe('2020-11-20');
  });
});

describe('wallClockToInstant', () => {
  it('reads the seed’s 11:44 in Tehran as 08:14 UTC', () => {
    expect(wallClockToInstant('2020-11-20', '11:44', 'Asia/Tehran')).toBe('2020-11-20T08:14:00.000Z');
  });

  it('reads 11:44 in UTC as 11:44 UTC, not in the server’s zone', () => {
    expect(wallClockToInstant('2020-11-20', '11:44', 'UTC')).toBe('2020-11-20T11:44:00.000Z');
  });

  it('reads London and New York times with their summer and winter offsets', () => {
    expect(wallClockToInstant('2021-07-01', '13:00', 'Europe/London')).toBe('2021-07-01T12:00:00.000Z');
    expect(wallClockToInstant('2021-12-01', '12:00', 'Europe/London')).toBe('2021-12-01T12:00:00.000Z');
    expect(wallClockToInstant('2021-07-01', '08:00', 'America/New_York')).toBe('2021-07-01T12:00:00.000Z');
    expect(wallClockToInstant('2021-12-01', '07:00', 'America/New_York')).toBe('2021-12-01T12:00:00.000Z');
  });

  it('moves a London time skipped by the spring change forward, as the clocks did (01:30 reads as 02:30 BST)', () => {
    expect(wallClockToInstant('2021-03-28', '00:30', 'Europe/London')).toBe('2021-03-28T00:30:00.000Z');
    expect(wallClockToInstant('2021-03-28', '01:30', 'Europe/London')).toBe('2021-03-28T01:30:00.000Z');
    expect(wallClockToInstant('2021-03-28', '02:30', 'Europe/London')).toBe('2021-03-28T01:30:00.000Z');
  });

  it('takes the earlier instant for a London time repeated by the autumn change (01:30 BST, not 01:30 GMT)', () => {
    expect(wallClockToInstant('2021-10-31', '01:30', 'Europe/London')).toBe('2021-10-31T00:30:00.000Z');
  });

  it('handles the New York changes the same way', () => {
    // 02:30 on 14 March 2021 does not exist: it reads as 03:30 EDT.
    expect(wallClockToInstant('2021-03-14', '02:30', 'America/New_York')).toBe('2021-03-14T07:30:00.000Z');
    // 01:30 on 7 November 2021 happens twice: the first, EDT, is taken.
    expect(wallClockToInstant('2021-11-07', '01:30', 'America/New_York')).toBe('2021-11-07T05:30:00.000Z');
  });

  it('rejects a date that does not exist, and an unknown zone, with a WallClockError', () => {
    expect(() => wallClockToInstant('2020-02-30', '10:00', 'UTC')).toThrow(WallClockError);
    expect(() => wallClockToInstant('2020-02-03', '10:00', 'Mars/Olympus_Mons')).toThrow(WallClockError);
  });
});

describe('dayRangeInZone', () => {
  it('gives the UTC range of a Tehran day', () => {
    expect(dayRangeInZone('2020-11-20', 'Asia/Tehran')).toEqual({ start: '2020-11-19T20:30:00.000Z', end: '2020-11-20T20:30:00.000Z' });
  });

  it('gives 24 hours for an ordinary day', () => {
    expect(hoursBetween(dayRangeInZone('2021-07-01', 'Europe/London'))).toBe(24);
  });

  it('gives 23 hours for the London spring-forward day', () => {
    expect(dayRangeInZone('2021-03-28', 'Europe/London')).toEqual({ start: '2021-03-28T00:00:00.000Z', end: '2021-03-28T23:00:00.000Z' });
  });

  it('gives 25 hours for the London fall-back day', () => {
    expect(dayRangeInZone('2021-10-31', 'Europe/London')).toEqual({ start: '2021-10-30T23:00:00.000Z', end: '2021-11-01T00:00:00.000Z' });
  });

  it('gives 23 and 25 hours for the New York change days', () => {
    expect(hoursBetween(dayRangeInZone('2021-03-14', 'America/New_York'))).toBe(23);
    expect(hoursBetween(dayRangeInZone('2021-11-07', 'America/New_York'))).toBe(25);
  });

  it('starts a day whose midnight is repeated (Havana, 7 November 2021) at the first midnight', () => {
    expect(dayRangeInZone('2021-11-07', 'America/Havana')).toEqual({ start: '2021-11-07T04:00:00.000Z', end: '2021-11-08T05:00:00.000Z' });
  });

  it('gives null for a day or zone that does not exist', () => {
    expect(dayRangeInZone('2021-02-29', 'Europe/London')).toBeNull();
    expect(dayRangeInZone('2021-02-28', 'Mars/Olympus_Mons')).toBeNull();
  });
});
