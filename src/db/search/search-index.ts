import type { Kysely } from 'kysely';
import { engineOf, type Engine } from '../engine.ts';
import type { Database } from '../schema.ts';
import { postgresSearchIndex } from './postgres-search-index.ts';
import { sqliteSearchIndex } from './sqlite-search-index.ts';

/**
 * The engine-agnostic face of full-text search. Everything engine-specific (FTS5 MATCH and bm25 on SQLite;
 * tsvector, GIN, to_tsquery and ts_rank on PostgreSQL) lives behind it, in this folder only.
 */
export interface SearchIndex {
  /** Adds or replaces a story's entry; call inside the transaction that changed the story. */
  upsert(db: Kysely<Database>, document: SearchDocument): Promise<void>;
  /** Removes every entry (before a rebuild). */
  clear(db: Kysely<Database>): Promise<void>;
  /** Removes a story's entry, if any. */
  remove(db: Kysely<Database>, storyId: number): Promise<void>;
  /** Story ids of one page of matches, best first, with the number of all matches. */
  search(db: Kysely<Database>, request: IndexSearchRequest): Promise<IndexSearchResult>;
  /** Bytes on disk taken by the search structures (tables and indexes), for benchmarks and operations. */
  sizeOnDisk(db: Kysely<Database>): Promise<number>;
}

/** What is indexed for one published story. Text fields are already normalized (normalizeSearchText). */
export interface SearchDocument {
  storyId: number;
  editionCode: string;
  /** The edition's language tag, which picks PostgreSQL's text search configuration. */
  language: string;
  code: number;
  sectionId: number | null;
  publishedAt: string;
  headline: string;
  teaser: string;
  body: string;
  /** Extra words found by normalization (parts of ZWNJ-joined words); lowest weight. */
  aliases: string;
}

/** A query already reduced to words (see parseSearchQuery); the index turns it into its own syntax. */
export interface IndexQuery {
  /** Words that must each match. */
  terms: string[];
  /** Runs of words that must match together, in order. */
  phrases: string[][];
  /** Words of which at least one must match: the completions of the word being typed. Empty: no such group. */
  anyOf: string[];
}

export interface IndexSearchRequest {
  editionCode: string;
  language: string;
  query: IndexQuery;
  sectionId?: number;
  tagId?: number;
  authorId?: number;
  /** [start, end) in UTC ISO text. */
  publishedFrom?: string;
  publishedBefore?: string;
  sort: 'relevance' | 'date';
  limit: number;
  offset: number;
}

export interface IndexSearchResult {
  storyIds: number[];
  /** The number of matches, or MATCH_COUNT_LIMIT (match-count.ts) when there are more. */
  total: number;
  /** False when there are more matches than MATCH_COUNT_LIMIT. */
  isTotalExact: boolean;
}

/** The search index of the engine `db` runs on. */
export async function searchIndexFor(db: Kysely<Database>): Promise<SearchIndex> {
  return searchIndexOf(await engineOf(db as unknown as Kysely<unknown>));
}

export function searchIndexOf(engine: Engine): SearchIndex {
  return engine === 'sqlite' ? sqliteSearchIndex : postgresSearchIndex;
}
