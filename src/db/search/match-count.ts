import type { IndexSearchResult } from './search-index.ts';

/**
 * Matches are counted exactly up to this many, and this many at most are all ranked on their whole text.
 * Beyond it (a very common word), the stories with every query word in their headline come first, ranked,
 * then the others newest first (docs/decisions/003): ranking fifty thousand stories to show ten costs every
 * reader time and tells nobody anything. Pages stop long before (MAX_SEARCH_PAGE).
 */
export const MATCH_COUNT_LIMIT = 1000;

/** The total of a search, from a count that stopped at MATCH_COUNT_LIMIT + 1. */
export function totalOf(counted: number): Pick<IndexSearchResult, 'total' | 'isTotalExact'> {
  return { total: Math.min(counted, MATCH_COUNT_LIMIT), isTotalExact: counted <= MATCH_COUNT_LIMIT };
}
