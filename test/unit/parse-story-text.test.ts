import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  decodeStoryFile,
  parseStoryText,
  StoryTextError,
  type ParsedStoryText,
} from '../../src/modules/import/parse-story-text.ts';

function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url)));
}

function fixtureText(name: string): string {
  return decodeStoryFile(fixtureBytes(name));
}

/** The seed story lives once, in the corpus the demo loads from. */
function seedBytes(): Uint8Array {
  return new Uint8Array(readFileSync(new URL('../../corpus/seed-898945.txt', import.meta.url)));
}

function parseError(run: () => unknown): StoryTextError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StoryTextError);
    const storyError = error as StoryTextError;
    expect(storyError.code).toBe('STORY_TEXT_INVALID');
    expect(storyError.message).not.toMatch(/\n|\bat .+:\d+:\d+/u);
    return storyError;
  }
  throw new Error('expected a StoryTextError, but parsing succeeded');
}

const seedText = decodeStoryFile(seedBytes());

/** Replaces one whole line of the seed, so error tests start from a known-good story. */
function seedWithLine(lineNumber: number, replacement: string): string {
  const lines = seedText.split('\n');
  lines[lineNumber - 1] = replacement;
  return lines.join('\n');
}

const BOILERPLATE = /^(Related Stories|Comment|Featured Stories|Story Code\b)/u;

function expectSeed(parsed: ParsedStoryText): void {
  expect(parsed.code).toBe(898945);
  expect(parsed.date).toBe('2020-11-20');
  expect(parsed.sourceCommentCount).toBe(0);
  expect(parsed.datelineLocal).toEqual({ date: '2020-11-20', time: '11:44' });
  expect(parsed.headline).toBe('West Plotting to Disrupt Karabakh Ceasefire: Russia');

  expect(parsed.paragraphs).toHaveLength(14);
  expect(parsed.paragraphs[0]).toMatch(/^"According to the information we have/u);
  expect(parsed.paragraphs.at(-1)).toMatch(/died in the fighting\.$/u);
  for (const paragraph of parsed.paragraphs) {
    expect(paragraph).toBe(paragraph.trim());
    expect(paragraph).not.toBe('');
    expect(paragraph).not.toMatch(BOILERPLATE);
    expect(paragraph).not.toBe(parsed.headline);
  }

  expect(parsed.related).toHaveLength(1);
  expect(parsed.related[0]?.headline).toBe('Foreign-backed Militants in Idlib Violating Russia-Turkey Deal: Moscow');
  expect(parsed.related[0]?.teaser).toMatch(/^Islam Times - Foreign-backed militants/u);

  const featured = parsed.featured;
  expect(featured).toHaveLength(13);
  expect(new Set(featured.map((entry) => entry.headline)).size).toBe(13);
  expect(featured.filter((entry) => entry.dated !== null)).toHaveLength(12);
  expect(featured[0]).toEqual({
    headline: 'Ayatollah Khamenei Adviser Warns US Attack on Iran to Trigger ‘Full-Fledged’ War',
    dated: null,
  });
  expect(featured[2]).toEqual({
    headline: "Syria Condemns Pompeo's ‘Provocative’ Visit to Israeli-Occupied Golan Heights",
    dated: '2020-11-20',
  });
  expect(featured.at(-1)).toEqual({
    headline: 'Israeli Occupation Forces Fire Live Bullets, Flare Bombs Near Lebanon Border',
    dated: '2020-11-15',
  });
  for (const entry of featured) expect(entry.headline).not.toMatch(BOILERPLATE);
}

describe('parseStoryText on the seed story', () => {
  it('parses every field of the real seed file', () => {
    expectSeed(parseStoryText(seedText));
  });

  it('parses the same story from CRLF line ends with a byte-order mark', () => {
    const crlf = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(Buffer.from(seedBytes()).toString('utf8').replace(/\n/gu, '\r\n'), 'utf8'),
    ]);
    expect(crlf.includes('\r\n')).toBe(true);
    const decoded = decodeStoryFile(new Uint8Array(crlf));
    expect(decoded.startsWith('\uFEFF')).toBe(false);
    expect(parseStoryText(decoded)).toEqual(parseStoryText(seedText));
    // The parser also accepts the BOM itself, for callers that decode on their own.
    expectSeed(parseStoryText(`\uFEFF${decoded}`));
  });

  it('accepts lone CR line ends', () => {
    expectSeed(parseStoryText(seedText.replace(/\n/gu, '\r')));
  });

  it('normalises text to NFC', () => {
    const decomposed = seedWithLine(4, 'Cafe\u0301 Owners Plot to Disrupt Karabakh Ceasefire: Russia');
    const parsed = parseStoryText(decomposed);
    expect(parsed.headline).toBe('Caf\u00e9 Owners Plot to Disrupt Karabakh Ceasefire: Russia');
  });

  it('tolerates a missing repeat of the headline', () => {
    const lines = seedText.split('\n');
    lines.splice(6, 1);
    const parsed = parseStoryText(lines.join('\n'));
    expect(parsed.paragraphs).toHaveLength(14);
    expect(parsed.paragraphs[0]).toMatch(/^"According to the information we have/u);
  });
});

describe('parseStoryText on a second story without a Related section', () => {
  const parsed = parseStoryText(fixtureText('weather-901234.txt'));

  it('reads the header, one-per-line paragraphs and no related links', () => {
    expect(parsed.code).toBe(901234);
    expect(parsed.date).toBe('2021-03-02');
    expect(parsed.sourceCommentCount).toBe(2);
    expect(parsed.datelineLocal).toEqual({ date: '2021-03-02', time: '07:05' });
    expect(parsed.headline).toBe('Steady Spring Rain Expected Along the Coast This Week');
    expect(parsed.paragraphs).toHaveLength(3);
    expect(parsed.paragraphs[0]).toMatch(/^Forecasters expect steady rain/u);
    expect(parsed.paragraphs[2]).toMatch(/while the rain lasts\.$/u);
    expect(parsed.related).toEqual([]);
  });

  it('finds featured headlines from cut image text, the first undated', () => {
    expect(parsed.featured).toEqual([
      { headline: 'City Library Extends Opening Hours for Exam Season', dated: null },
      { headline: 'Local Orchestra Announces Free Summer Concerts', dated: '2021-03-01' },
      { headline: 'Harbour Ferry Timetable Changes on Monday', dated: '2021-02-28' },
    ]);
  });
});

describe('parseStoryText on bad fixture files', () => {
  it('no-story-code.txt: says the story code is missing', () => {
    const error = parseError(() => parseStoryText(fixtureText('no-story-code.txt')));
    expect(error.message).toMatch(/no "Story Code : <number>" line/u);
  });

  it('impossible-date.txt: says the date is not real, on line 1', () => {
    const error = parseError(() => parseStoryText(fixtureText('impossible-date.txt')));
    expect(error.message).toBe('line 1: the date "2020-02-30" is not a real date');
    expect(error.line).toBe(1);
  });

  it('empty-body.txt: says the story has no body', () => {
    const error = parseError(() => parseStoryText(fixtureText('empty-body.txt')));
    expect(error.message).toMatch(/no body text/u);
    expect(error.line).toBe(9);
  });

  it('binary-junk.bin: is not valid UTF-8, and is not text when decoded leniently', () => {
    const bytes = fixtureBytes('binary-junk.bin');
    expect(parseError(() => decodeStoryFile(bytes)).message).toBe('the file is not valid UTF-8 text');
    const lenient = new TextDecoder('utf-8').decode(bytes);
    expect(parseError(() => parseStoryText(lenient)).message).toMatch(/^the file is not text/u);
  });

  it('truncated.txt: says the file ends before the story code', () => {
    const error = parseError(() => parseStoryText(fixtureText('truncated.txt')));
    expect(error.message).toMatch(/ends after the headline.*before the "Story Code" line \(truncated file\?\)/u);
  });
});

describe('parseStoryText error messages', () => {
  it('rejects an empty file', () => {
    expect(parseError(() => parseStoryText('')).message).toBe('the file is empty');
    expect(parseError(() => parseStoryText('\uFEFF \n\r\n')).message).toBe('the file is empty');
    expect(parseError(() => decodeStoryFile(new Uint8Array([0xff, 0xfe]))).message).toBe(
      'the file is not valid UTF-8 text',
    );
  });

  it('rejects NUL bytes, replacement characters and a high share of control characters', () => {
    expect(parseError(() => parseStoryText(`${seedText}\u0000`)).message).toMatch(/^the file is not text/u);
    expect(parseError(() => parseStoryText(`${seedText}\uFFFD`)).message).toMatch(/^the file is not text/u);
    const noisy = seedText.replace(/ /gu, ' \u0007');
    expect(parseError(() => parseStoryText(noisy)).message).toMatch(/^the file is not text/u);
    // NUL is valid UTF-8, so the strict decoder lets it through and the parser must catch it.
    const withNul = new Uint8Array([...seedBytes(), 0, 0, 0]);
    expect(parseError(() => parseStoryText(decodeStoryFile(withNul))).message).toMatch(/^the file is not text/u);
  });

  it('rejects a month 13 on line 1', () => {
    const error = parseError(() => parseStoryText(seedWithLine(1, ' date 2020-13-20 0')));
    expect(error.message).toBe('line 1: the date "2020-13-20" is not a real date');
  });

  it('rejects a malformed first line', () => {
    const error = parseError(() => parseStoryText(seedWithLine(1, ' date 20 November 2020')));
    expect(error.message).toMatch(/^line 1: expected " date YYYY-MM-DD N"/u);
  });

  it('rejects a dateline that is not a real date', () => {
    const text = seedWithLine(1, ' date 2020-11-30 0').replace(
      'Friday 20 November 2020 - 11:44',
      'Friday 31 November 2020 - 11:44',
    );
    const error = parseError(() => parseStoryText(text));
    expect(error.message).toBe('line 2: the dateline "Friday 31 November 2020 - 11:44" is not a real date');
    expect(error.line).toBe(2);
  });

  it('rejects a weekday that does not match the date', () => {
    const error = parseError(() => parseStoryText(seedWithLine(2, 'Thursday 20 November 2020 - 11:44')));
    expect(error.message).toMatch(/^line 2: .*says Thursday, but 2020-11-20 is a Friday$/u);
  });

  it('rejects a dateline whose date disagrees with line 1', () => {
    const error = parseError(() => parseStoryText(seedWithLine(2, 'Saturday 21 November 2020 - 11:44')));
    expect(error.message).toBe('line 2: the dateline date 2020-11-21 does not match the date 2020-11-20 on line 1');
  });

  it('rejects a missing or malformed dateline', () => {
    const missing = parseError(() => parseStoryText(seedWithLine(2, '')));
    expect(missing.message).toMatch(/^line 4: expected a dateline like "Friday 20 November 2020 - 11:44", found "West/u);
    const malformed = parseError(() => parseStoryText(seedWithLine(2, 'Friday 20 November 2020 at 11:44')));
    expect(malformed.message).toMatch(/^line 2: expected a dateline/u);
    const badTime = parseError(() => parseStoryText(seedWithLine(2, 'Friday 20 November 2020 - 24:10')));
    expect(badTime.message).toMatch(/^line 2: .*"24:10", which is not a real time$/u);
    const badWeekday = parseError(() => parseStoryText(seedWithLine(2, 'Fryday 20 November 2020 - 11:44')));
    expect(badWeekday.message).toMatch(/"Fryday", which is not an English weekday$/u);
    const onlyHeader = parseError(() => parseStoryText(' date 2020-11-20 0\n'));
    expect(onlyHeader.message).toMatch(/before the dateline \(truncated file\?\)$/u);
  });

  it('rejects a non-numeric, zero, negative or empty story code', () => {
    for (const [value, problem] of [
      ['89a945', 'is not a number'],
      ['0', 'is not a positive number'],
      ['-5', 'is not a positive number'],
    ] as const) {
      const error = parseError(() => parseStoryText(seedWithLine(6, `Story Code : ${value}`)));
      expect(error.message).toBe(`line 6: the story code "${value}" ${problem}`);
    }
    const empty = parseError(() => parseStoryText(seedWithLine(6, 'Story Code :')));
    expect(empty.message).toBe('line 6: the story code is missing after "Story Code :"');
  });

  it('rejects a file that ends before any body', () => {
    const text = seedText.split('\n').slice(0, 7).join('\n');
    const error = parseError(() => parseStoryText(text));
    expect(error.message).toMatch(/ends after the story code on line 6, before any body text \(truncated file\?\)$/u);
  });
});
