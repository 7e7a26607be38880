import type { StorySummary } from '../stories/story-types.ts';
import type { SearchQuery } from './parse-search-query.ts';

export type SearchSort = 'relevance' | 'date';

/** What a reader asked for, checked for form (see readSearchParams); names and dates are checked by the service. */
export interface SearchParams {
  q: string;
  sectionSlug?: string;
  tagSlug?: string;
  authorSlug?: string;
  /** Calendar days in the edition's time zone, both included. */
  fromDay?: string;
  toDay?: string;
  sort: SearchSort;
  page: number;
}

/** The query-string parameters of a search, as sent. */
export type SearchParameterName = 'q' | 'section' | 'tag' | 'author' | 'from' | 'to' | 'sort' | 'page';

export type SearchProblemKind = 'invalid-date' | 'date-range' | 'unknown' | 'invalid' | 'repeated';

/** One thing wrong with a search request, naming the parameter to fix. */
export interface SearchProblem {
  parameter: SearchParameterName;
  kind: SearchProblemKind;
  /** The value as sent (cut short), to show back. */
  value: string;
  /** For API callers and logs; pages show the edition's own words. */
  detail: string;
}

/** A run of text that matched the query or did not; views mark the matches. */
export interface TextSegment {
  text: string;
  isMatch: boolean;
}

export interface SearchHit extends StorySummary {
  headlineSegments: TextSegment[];
  snippet: TextSegment[];
}

export type SearchOutcome =
  | { kind: 'empty'; params: SearchParams; query: SearchQuery }
  | { kind: 'invalid'; params: SearchParams; problems: SearchProblem[] }
  | {
      kind: 'results';
      params: SearchParams;
      query: SearchQuery;
      hits: SearchHit[];
      /** Matches found; when `isTotalExact` is false, there are more than this. */
      total: number;
      isTotalExact: boolean;
      page: number;
      pageCount: number;
    };
