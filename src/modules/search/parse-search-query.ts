import { searchWords } from '../../content/normalize-search-text.ts';

/**
 * A reader's query reduced to plain words: nothing the reader types reaches an engine as syntax.
 * Every part is AND-ed; each engine builds its own query from this structure (src/db/search/).
 */
export interface SearchQuery {
  /** Normalized words that must each appear (stemmed by the engine). */
  terms: string[];
  /** Quoted phrases: normalized words that must appear next to each other, in order. */
  phrases: string[][];
  /** The last word while the reader is still typing it: matched as a prefix. */
  prefix: string | null;
  /** True when words were dropped because the query was too long. */
  isTruncated: boolean;
}

/** More words than this say nothing more about what a reader wants, and cost every engine time. */
export const MAX_QUERY_WORDS = 12;
/** Characters read from `q`; the rest of an overlong string is ignored before any work is done. */
export const MAX_QUERY_LENGTH = 400;
/** A prefix shorter than this matches too much of the vocabulary to be useful. */
export const MIN_PREFIX_LENGTH = 2;

/**
 * Parses `q`: text in double quotes (straight or typographic) is a phrase; other words are terms; the last
 * word is a prefix when the query does not end with a space or a closing quote (the reader is still typing).
 * Operators, brackets and other punctuation are only separators. An unclosed quote is a phrase to the end.
 * @example parseSearchQuery('"air tanker" boeing contr')
 *   // { terms: ['boeing'], phrases: [['air', 'tanker']], prefix: 'contr', isTruncated: false }
 */
export function parseSearchQuery(raw: string): SearchQuery {
  const text = raw.slice(0, MAX_QUERY_LENGTH).replace(/[“”„‟«»＂]/gu, '"');
  const terms: string[] = [];
  const phrases: string[][] = [];
  let prefix: string | null = null;
  let budget = MAX_QUERY_WORDS;
  let isTruncated = raw.length > MAX_QUERY_LENGTH;

  const take = (words: string[]): string[] => {
    if (words.length > budget) isTruncated = true;
    const taken = words.slice(0, budget);
    budget -= taken.length;
    return taken;
  };

  const pieces = text.split('"');
  pieces.forEach((piece, index) => {
    const isQuoted = index % 2 === 1;
    const words = searchWords(piece);
    if (words.length === 0) return;
    if (isQuoted) {
      const phrase = take(words);
      if (phrase.length === 1) terms.push(phrase[0] ?? '');
      else if (phrase.length > 1) phrases.push(phrase);
      return;
    }
    const isLastPiece = index === pieces.length - 1;
    const endsInsideWord = isLastPiece && /[\p{L}\p{N}\p{M}]$/u.test(piece);
    const taken = take(words);
    const last = taken.length === words.length && endsInsideWord ? taken.pop() : undefined;
    terms.push(...taken);
    if (last !== undefined) {
      if (last.length >= MIN_PREFIX_LENGTH) prefix = last;
      else terms.push(last);
    }
  });

  return { terms: unique(terms), phrases, prefix, isTruncated };
}

export function isEmptyQuery(query: SearchQuery): boolean {
  return query.terms.length === 0 && query.phrases.length === 0 && query.prefix === null;
}

/** Every word of the query, for highlighting. */
export function queryWords(query: SearchQuery): string[] {
  return unique([...query.terms, ...query.phrases.flat(), ...(query.prefix ? [query.prefix] : [])]);
}

function unique(words: string[]): string[] {
  return [...new Set(words)];
}
