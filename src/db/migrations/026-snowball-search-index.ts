import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine.ts';
import type { Database } from '../schema.ts';
import type { StoryIndexer } from './002-search-and-related.ts';

/**
 * SQLite's search index without FTS5's Porter stemmer, which stemmed every language as English: words now
 * reach FTS5 already stemmed with the edition language's Snowball stemmer (docs/decisions/024), and the
 * table only splits them (`unicode61`). Published stories are indexed again by `reindexSearch`, the write
 * path's own code; a database with published stories and none handed in is refused, as in migration 002.
 * PostgreSQL keeps its `dateline_*` configurations: it already stemmed each language with Snowball.
 */
export function snowballSearchIndex(engine: Engine, reindexSearch?: StoryIndexer) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'sqlite') return;
      await sql`drop table search_fts`.execute(db);
      await sql`create virtual table search_fts using fts5(headline, teaser, body, aliases,
        tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`.execute(db);
      const published = await (db as Kysely<Database>).selectFrom('stories').select('id').where('status', '=', 'published').limit(1).executeTakeFirst();
      if (!published) return;
      if (!reindexSearch) throw new Error('published stories need indexing again for search, and no story indexer was handed in: run `dateline migrate`');
      await reindexSearch(db as Kysely<Database>);
    },
  };
}
