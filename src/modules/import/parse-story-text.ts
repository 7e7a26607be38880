/**
 * A pure parser for the seed's story text format (one story per file):
 *
 *    date 2020-11-20 0
 *   Friday 20 November 2020 - 11:44
 *
 *   West Plotting to Disrupt Karabakh Ceasefire: Russia
 *
 *   Story Code : 898945
 *   West Plotting to Disrupt Karabakh Ceasefire: Russia      (repeat, optional)
 *   body paragraphs…
 *   Related Stories        (optional: headline / teaser line pairs)
 *   Comment                (optional: ignored up to the next section)
 *   Featured Stories       (optional: image text, headline, `D Month YYYY`; the first entry has no date)
 */

import { headlineKey } from '../../content/slug.ts';
import { DatelineError } from '../../errors/dateline-error.ts';

export interface ParsedStoryText {
  code: number;
  date: string;
  sourceCommentCount: number;
  /** Wall-clock time in the newsroom's zone, as printed; deliberately not converted to UTC here. */
  datelineLocal: { date: string; time: string };
  headline: string;
  paragraphs: string[];
  related: { headline: string; teaser: string }[];
  featured: { headline: string; dated: string | null }[];
}

export class StoryTextError extends DatelineError {
  /** When `line` is given the message is prefixed with `line N: ` so every message reads the same way. */
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super('STORY_TEXT_INVALID', line === undefined ? message : `line ${line}: ${message}`);
  }
}

/** Strict UTF-8: a file that only decodes with replacement characters would import as garbled text. */
export function decodeStoryFile(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new StoryTextError('the file is not valid UTF-8 text');
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

const DATE_LINE_1 = /^date\s+(\d{4})-(\d{2})-(\d{2})\s+(\d+)$/iu;
const DATELINE = /^([A-Za-z]+),?\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s*[-–—]\s*(\d{1,2}):(\d{2})$/u;
const DAY_MONTH_YEAR = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/u;
const STORY_CODE = /^story\s*code\s*:\s*(.*)$/iu;
// eslint-disable-next-line no-control-regex -- finding control characters is the point of this pattern
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;
// A stray control character can survive copy-and-paste; many of them mean the bytes are not prose.
const MAX_CONTROL_SHARE = 0.01;

type Section = 'related' | 'comment' | 'featured';
const SECTION_MARKERS: ReadonlyMap<string, Section> = new Map([
  ['related stories', 'related'],
  ['comment', 'comment'],
  ['comments', 'comment'],
  ['featured stories', 'featured'],
]);

interface Line {
  number: number;
  text: string;
}

export function parseStoryText(text: string): ParsedStoryText {
  const lines = toLines(text);
  const cursor = new LineCursor(lines);

  const first = cursor.nextNonBlank();
  if (!first) throw new StoryTextError('the file is empty');
  const header = parseDateLine(first);

  const datelineLine = cursor.nextNonBlank();
  if (!datelineLine) {
    throw new StoryTextError(`the file ends after line ${first.number}, before the dateline (truncated file?)`);
  }
  const dateline = parseDateline(datelineLine);
  if (dateline.date !== header.date) {
    throw new StoryTextError(
      `the dateline date ${dateline.date} does not match the date ${header.date} on line ${first.number}`,
      datelineLine.number,
    );
  }

  const headlineLine = cursor.nextNonBlank();
  if (!headlineLine) {
    throw new StoryTextError(
      `the file ends after the dateline on line ${datelineLine.number}, before the headline (truncated file?)`,
    );
  }
  if (STORY_CODE.test(headlineLine.text) || sectionOf(headlineLine.text)) {
    throw new StoryTextError(`expected the headline, found ${quote(headlineLine.text)}`, headlineLine.number);
  }
  const headline = headlineLine.text;

  const codeLine = cursor.nextNonBlank();
  if (!codeLine) {
    throw new StoryTextError(
      `the file ends after the headline on line ${headlineLine.number}, before the "Story Code" line (truncated file?)`,
    );
  }
  const codeMatch = STORY_CODE.exec(codeLine.text);
  if (!codeMatch) {
    const later = lines.find((line) => line.number > codeLine.number && STORY_CODE.test(line.text));
    throw later
      ? new StoryTextError(
          `unexpected text ${quote(codeLine.text)} between the headline and the story code on line ${later.number}`,
          codeLine.number,
        )
      : new StoryTextError(
          `the file has no "Story Code : <number>" line after the headline on line ${headlineLine.number}`,
        );
  }
  const code = parseCode(codeMatch[1] ?? '', codeLine.number);

  const maybeRepeat = cursor.peekNonBlank();
  if (maybeRepeat && headlineKey(maybeRepeat.text) === headlineKey(headline)) cursor.nextNonBlank();

  const paragraphs: string[] = [];
  let section: Section | undefined;
  let bodyEnd: Line | undefined;
  for (let line = cursor.nextNonBlank(); line; line = cursor.nextNonBlank()) {
    section = sectionOf(line.text);
    if (section) {
      bodyEnd = line;
      break;
    }
    paragraphs.push(line.text);
  }
  if (paragraphs.length === 0) {
    throw bodyEnd
      ? new StoryTextError(
          `the story has no body text between the story code on line ${codeLine.number} and ${quote(bodyEnd.text)}`,
          bodyEnd.number,
        )
      : new StoryTextError(
          `the file ends after the story code on line ${codeLine.number}, before any body text (truncated file?)`,
        );
  }

  const sectionLines: Record<Section, Line[]> = { related: [], comment: [], featured: [] };
  for (let line = cursor.nextNonBlank(); line && section; line = cursor.nextNonBlank()) {
    const marker = sectionOf(line.text);
    if (marker) section = marker;
    else sectionLines[section].push(line);
  }

  return {
    code,
    date: header.date,
    sourceCommentCount: header.commentCount,
    datelineLocal: { date: dateline.date, time: dateline.time },
    headline,
    paragraphs,
    related: parseRelated(sectionLines.related),
    featured: parseFeatured(sectionLines.featured),
  };
}

/** Normalises BOM, line ends and Unicode form, and rejects bytes that were never text. */
function toLines(raw: string): Line[] {
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (text.length === 0) throw new StoryTextError('the file is empty');
  if (text.includes('\u0000') || text.includes('\uFFFD')) {
    throw new StoryTextError('the file is not text (it contains NUL bytes or undecodable bytes)');
  }
  const controls = text.match(CONTROL_CHARS)?.length ?? 0;
  if (controls / text.length > MAX_CONTROL_SHARE) {
    throw new StoryTextError(`the file is not text (${controls} control characters in ${text.length})`);
  }
  return text
    .replace(/\r\n?/gu, '\n')
    .normalize('NFC')
    .split('\n')
    .map((line, index) => ({ number: index + 1, text: line.trim() }));
}

class LineCursor {
  private index = 0;

  constructor(private readonly lines: readonly Line[]) {}

  nextNonBlank(): Line | undefined {
    const line = this.peekNonBlank();
    if (line) this.index = line.number; // numbers are 1-based, so this points just past the line
    return line;
  }

  peekNonBlank(): Line | undefined {
    for (let i = this.index; i < this.lines.length; i++) {
      const line = this.lines[i];
      if (line && line.text !== '') return line;
    }
    return undefined;
  }
}

function parseDateLine(line: Line): { date: string; commentCount: number } {
  const match = DATE_LINE_1.exec(line.text);
  if (!match) {
    throw new StoryTextError(`expected " date YYYY-MM-DD N", found ${quote(line.text)}`, line.number);
  }
  const [, year, month, day, count] = match;
  const date = isoDate(Number(year), Number(month), Number(day));
  if (!date) throw new StoryTextError(`the date "${year}-${month}-${day}" is not a real date`, line.number);
  const commentCount = Number(count);
  if (!Number.isSafeInteger(commentCount)) {
    throw new StoryTextError(`the comment count "${count}" is too large`, line.number);
  }
  return { date, commentCount };
}

function parseDateline(line: Line): { date: string; time: string } {
  const match = DATELINE.exec(line.text);
  if (!match) {
    throw new StoryTextError(
      `expected a dateline like "Friday 20 November 2020 - 11:44", found ${quote(line.text)}`,
      line.number,
    );
  }
  const [, weekdayName = '', day, monthName = '', year, hour, minute] = match;
  const weekday = lookupName(WEEKDAYS, weekdayName);
  if (weekday === undefined) {
    throw new StoryTextError(
      `the dateline ${quote(line.text)} has "${weekdayName}", which is not an English weekday`,
      line.number,
    );
  }
  const month = lookupName(MONTHS, monthName);
  if (month === undefined) {
    throw new StoryTextError(
      `the dateline ${quote(line.text)} has "${monthName}", which is not an English month`,
      line.number,
    );
  }
  const date = isoDate(Number(year), month + 1, Number(day));
  if (!date) throw new StoryTextError(`the dateline ${quote(line.text)} is not a real date`, line.number);
  const actual = weekdayOf(Number(year), month + 1, Number(day));
  if (actual !== weekday) {
    throw new StoryTextError(
      `the dateline ${quote(line.text)} says ${capitalise(WEEKDAYS[weekday])}, but ${date} is a ${capitalise(WEEKDAYS[actual])}`,
      line.number,
    );
  }
  const h = Number(hour);
  const m = Number(minute);
  if (h > 23 || m > 59) {
    throw new StoryTextError(`the dateline ${quote(line.text)} has "${hour}:${minute}", which is not a real time`, line.number);
  }
  return { date, time: `${pad(h)}:${pad(m)}` };
}

function parseCode(value: string, lineNumber: number): number {
  if (value === '') throw new StoryTextError('the story code is missing after "Story Code :"', lineNumber);
  if (!/^[+-]?\d+$/u.test(value)) {
    throw new StoryTextError(`the story code ${quote(value)} is not a number`, lineNumber);
  }
  const code = Number(value);
  if (code <= 0) throw new StoryTextError(`the story code ${quote(value)} is not a positive number`, lineNumber);
  if (!Number.isSafeInteger(code)) throw new StoryTextError(`the story code ${quote(value)} is too large`, lineNumber);
  return code;
}

/** Pairs of lines; a headline left without its teaser keeps an empty teaser rather than failing the story. */
function parseRelated(lines: readonly Line[]): ParsedStoryText['related'] {
  const related: ParsedStoryText['related'] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const headline = lines[i];
    if (headline) related.push({ headline: headline.text, teaser: lines[i + 1]?.text ?? '' });
  }
  return related;
}

/**
 * Entries are image text, headline, date, but the first has no date and the image text is
 * sometimes a cut copy of the headline, so entries are found by prefix matching rather than by
 * counting lines.
 */
function parseFeatured(lines: readonly Line[]): ParsedStoryText['featured'] {
  const entries: ParsedStoryText['featured'] = [];
  let imageText: string | undefined;
  let open: { headline: string; dated: string | null } | undefined;

  const closeOpen = (): void => {
    if (imageText !== undefined) {
      entries.push({ headline: imageText, dated: null });
      imageText = undefined;
    }
    if (open) entries.push(open);
    open = undefined;
  };

  for (const line of lines) {
    const dated = featuredDate(line);
    if (dated) {
      if (imageText !== undefined && !open) {
        open = { headline: imageText, dated: null };
        imageText = undefined;
      }
      if (open) open.dated = dated;
      closeOpen();
      continue;
    }
    if (imageText !== undefined && headlineKey(line.text).startsWith(headlineKey(imageText))) {
      open = { headline: line.text, dated: null };
      imageText = undefined;
      continue;
    }
    closeOpen();
    imageText = line.text;
  }
  closeOpen();

  const byKey = new Map<string, { headline: string; dated: string | null }>();
  for (const entry of entries) {
    const key = headlineKey(entry.headline);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, entry);
    else seen.dated ??= entry.dated;
  }
  return [...byKey.values()];
}

function featuredDate(line: Line): string | null {
  const match = DAY_MONTH_YEAR.exec(line.text);
  if (!match) return null;
  const [, day, monthName = '', year] = match;
  const month = lookupName(MONTHS, monthName);
  if (month === undefined) return null;
  const date = isoDate(Number(year), month + 1, Number(day));
  if (!date) throw new StoryTextError(`the featured story date ${quote(line.text)} is not a real date`, line.number);
  return date;
}

function sectionOf(text: string): Section | undefined {
  return SECTION_MARKERS.get(text.replace(/\s+/gu, ' ').toLowerCase());
}

/** Full English names, or their three-letter abbreviations. */
function lookupName(names: readonly string[], name: string): number | undefined {
  const lower = name.toLowerCase();
  const index = names.findIndex((full) => full === lower || (lower.length === 3 && full.startsWith(lower)));
  return index === -1 ? undefined : index;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function weekdayOf(year: number, month: number, day: number): number {
  // setUTCFullYear, because Date.UTC maps years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCDay();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function capitalise(word: string | undefined): string {
  return word ? word.charAt(0).toUpperCase() + word.slice(1) : '';
}

function quote(text: string): string {
  const max = 80;
  return `"${text.length > max ? `${text.slice(0, max)}…` : text}"`;
}
