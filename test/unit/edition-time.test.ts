import { describe, expect, it } from 'vitest';
import { editionPresets } from '../../src/config/edition-presets.ts';
import {
  dayInEdition,
  dayRangeInZone,
  formatInEdition,
  isoInEdition,
  wallClockToInstant,
  WallClockError,
  type EditionClock,
} from '../../src/modules/editions/edition-time.ts';

const DATELINE = 'cccc d LLLL yyyy - HH:mm';
const HOUR_MS = 3_600_000;

function clock(language: string, timeZone: string): EditionClock {
  return { language, time_zone: timeZone };
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

  it('names the day and month in the edition’s language', () => {
    expect(formatInEdition('2020-11-20T08:14:00.000Z', DATELINE, clock('es', 'Europe/Madrid'))).toBe('viernes 20 noviembre 2020 - 09:14');
  });

  it('writes a Persian dateline with Persian names, the Gregorian calendar and Latin digits, as the code configures', () => {
    const text = formatInEdition('2020-11-20T08:14:00.000Z', DATELINE, clock('fa', 'Asia/Tehran'));
    expect(text).toBe('جمعه 20 نوامبر 2020 - 11:44');
    // Not the Solar Hijri date (29 Aban 1399), and no Persian digits (۰–۹).
    expect(text).not.toMatch(/1399|[\u06F0-\u06F9]/u);
  });

  it('formats the Persian preset edition the same way from its stored formats', () => {
    const fa = editionPresets.fa;
    if (!fa) throw new Error('the fa preset is missing');
    expect(formatInEdition('2020-11-20T08:14:00.000Z', fa.date_format, fa)).toBe('20 نوامبر 2020');
  });
});

describe('isoInEdition', () => {
  it('gives the instant with the edition’s offset', () => {
    expect(isoInEdition('2020-11-20T08:14:00.000Z', clock('en', 'Asia/Tehran'))).toBe('2020-11-20T11:44:00+03:30');
    expect(isoInEdition('2021-07-01T12:00:00.000Z', clock('en', 'America/New_York'))).toBe('2021-07-01T08:00:00-04:00');
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
