import { searchWords } from '../../content/normalize-search-text.ts';
import { snowballStemmerOf, type WordStemmer } from '../../db/search/snowball-stemmer.ts';
import type { SearchQuery } from './parse-search-query.ts';
import type { TextSegment } from './search-types.ts';

/** Words shown around the best passage of a story's text. */
export const SNIPPET_WORDS = 30;
/**
 * Characters of a story read to find the best passage: some 1,600 words. A reader judges a result by its
 * opening passages, and reading a 70 kB story word by word for each result would slow every search page.
 */
export const SNIPPET_SCAN_CHARS = 10_000;

/** Whether a normalized word of a story is one the reader searched for. */
export type WordMatcher = (word: string) => boolean;

/**
 * Highlighting is computed here, on the story's own text, rather than by the engine (FTS5 `snippet`,
 * `ts_headline`): the index holds normalized text, pages must show what the writer wrote, and both engines
 * must highlight alike. This matcher accepts a word equal to a query word or starting with the prefix being
 * typed; in a language the engines stem, a word with the same Snowball stem as a query word (elecciones ~
 * elección, governi ~ governo: what both engines matched), and elsewhere a word differing only in a short
 * ending (کتابها ~ کتاب, which the index finds through the parts of ZWNJ-joined words).
 * @example wordMatcher(parseSearchQuery('elección '), 'es')('elecciones') // true
 */
export function wordMatcher(query: SearchQuery, language: string): WordMatcher {
  const stem = snowballStemmerOf(language);
  const exact = [...query.terms, ...query.phrases.flat()];
  const prefix = query.prefix;
  const isRelated = stem === null ? sharesStem : sameStem(stem, [...exact, ...(prefix === null ? [] : [prefix])]);
  return (word) => {
    if (prefix !== null && (word.startsWith(prefix) || isRelated(word, prefix))) return true;
    return exact.some((q) => q === word || isRelated(word, q));
  };
}

function sameStem(stem: WordStemmer, queryWords: string[]): (word: string, queryWord: string) => boolean {
  const queryStems = new Map(queryWords.map((q) => [q, stem(q)]));
  return (word, queryWord) => stem(word) === queryStems.get(queryWord);
}

function sharesStem(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return common >= 4 && common >= shorter - 2 && Math.max(a.length, b.length) - common <= 3;
}

interface Token {
  start: number;
  end: number;
  isMatch: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}\u200c]+/gu;

function tokens(text: string, matches: WordMatcher): Token[] {
  const out: Token[] = [];
  // A long story repeats its words many times over; normalizing each distinct word once keeps a 70 kB
  // story's snippet to a few milliseconds.
  const known = new Map<string, boolean>();
  for (const m of text.matchAll(WORD)) {
    const start = m.index ?? 0;
    let isMatch = known.get(m[0]);
    if (isMatch === undefined) {
      isMatch = searchWords(m[0]).some(matches);
      known.set(m[0], isMatch);
    }
    out.push({ start, end: start + m[0].length, isMatch });
  }
  return out;
}

/** The whole text cut into matching and other segments (for headlines). */
export function highlightText(text: string, matches: WordMatcher): TextSegment[] {
  return segmentsOf(text, tokens(text, matches), 0, text.length);
}

/**
 * The passage of about SNIPPET_WORDS words with the most matches (distinct query words first), with an
 * ellipsis where the text was cut. Without any match, the beginning of the text.
 */
export function bestSnippet(text: string, matches: WordMatcher, size = SNIPPET_WORDS): TextSegment[] {
  const isCut = text.length > SNIPPET_SCAN_CHARS;
  // Cut at a space, so the last word read is a whole word.
  const scanned = isCut ? text.slice(0, text.lastIndexOf(' ', SNIPPET_SCAN_CHARS) + 1 || SNIPPET_SCAN_CHARS) : text;
  const flat = scanned.replace(/\s+/gu, ' ').trim();
  const all = tokens(flat, matches);
  if (all.length === 0) return flat === '' ? [] : [{ text: flat.slice(0, 200), isMatch: false }];
  let bestStart = 0;
  let bestScore = -1;
  for (let i = 0; i < all.length; i++) {
    if (i > 0 && !all[i]?.isMatch) continue;
    const window = all.slice(i, i + size);
    const distinct = new Set(window.filter((t) => t.isMatch).map((t) => flat.slice(t.start, t.end).toLowerCase())).size;
    const count = window.filter((t) => t.isMatch).length;
    // Start a little before the first match, so the passage reads as a sentence rather than from the match.
    const score = distinct * 100 + count;
    if (score > bestScore) {
      bestScore = score;
      bestStart = i === 0 ? 0 : Math.max(0, i - 4);
    }
  }
  const first = all[bestStart];
  const last = all[Math.min(all.length, bestStart + size) - 1];
  if (!first || !last) return [];
  const from = bestStart === 0 ? 0 : first.start;
  const to = last === all[all.length - 1] ? flat.length : last.end;
  const segments = segmentsOf(flat, all, from, to);
  if (from > 0) segments.unshift({ text: '… ', isMatch: false });
  if (to < flat.length || isCut) segments.push({ text: ' …', isMatch: false });
  return mergeAdjacent(segments);
}

function segmentsOf(text: string, all: Token[], from: number, to: number): TextSegment[] {
  const segments: TextSegment[] = [];
  let cursor = from;
  for (const token of all) {
    if (token.end <= from || token.start >= to || !token.isMatch) continue;
    if (token.start > cursor) segments.push({ text: text.slice(cursor, token.start), isMatch: false });
    segments.push({ text: text.slice(token.start, token.end), isMatch: true });
    cursor = token.end;
  }
  if (cursor < to) segments.push({ text: text.slice(cursor, to), isMatch: false });
  return mergeAdjacent(segments);
}

function mergeAdjacent(segments: TextSegment[]): TextSegment[] {
  const out: TextSegment[] = [];
  for (const segment of segments) {
    const previous = out[out.length - 1];
    if (previous && previous.isMatch === segment.isMatch && !segment.isMatch) previous.text += segment.text;
    else out.push({ ...segment });
  }
  return out;
}
