import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine.ts';
import type { Database } from '../schema.ts';
import { STEMMED_LANGUAGES } from '../search/postgres-search-index.ts';

/**
 * Indexes every published story for search and related stories, inside the migration's transaction. The
 * indexing is the write path's own code (modules/search), which the database layer may not import: whoever
 * opens the database for a site hands it in (src/services.ts, `discoveryIndexer`).
 */
export type StoryIndexer = (db: Kysely<Database>) => Promise<unknown>;

/**
 * Full-text search and related stories. Tables shared by both engines, then each engine's text index:
 * FTS5 on SQLite, a weighted tsvector with a GIN index on PostgreSQL. Stories already in the database are
 * indexed at the end by `indexStories`; a database with published stories and no indexer handed in is
 * refused rather than left with stories that search cannot find.
 */
export function searchAndRelated(engine: Engine, indexStories?: StoryIndexer) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('search_documents')
        .addColumn('story_id', 'integer', (c) => c.primaryKey().references('stories.id').onDelete('cascade'))
        .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
        .addColumn('code', 'bigint', (c) => c.notNull())
        .addColumn('section_id', 'integer')
        .addColumn('published_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('search_documents_edition_published').on('search_documents').columns(['edition_code', 'published_at']).execute();

      await db.schema
        .createTable('term_statistics')
        .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('document_count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('term_statistics_pk', ['edition_code', 'term'])
        .execute();

      await db.schema
        .createTable('story_term_vectors')
        .addColumn('story_id', 'integer', (c) => c.primaryKey().references('stories.id').onDelete('cascade'))
        .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
        .addColumn('term_counts', 'text', (c) => c.notNull())
        .addColumn('norm', 'double precision', (c) => c.notNull())
        .addColumn('norm_documents', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('related_terms')
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('weight', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('related_terms_pk', ['story_id', 'term'])
        .execute();
      // Covers the candidate query: a word's postings in an edition, heaviest first, without touching the table.
      await db.schema.createIndex('related_terms_lookup').on('related_terms').columns(['edition_code', 'term', 'weight', 'story_id']).execute();

      await db.schema
        .createTable('automatic_related')
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('target_story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('target_code', 'bigint', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('automatic_related_pk', ['story_id', 'position'])
        .execute();
      await db.schema.createIndex('automatic_related_target').on('automatic_related').column('target_story_id').execute();

      if (engine === 'sqlite') {
        // Contentless (the text lives in `stories`), with deletes by rowid; porter stems English (026 replaced it with
        // Snowball per language, docs/decisions/024), unicode61
        // splits words as Dateline's normalization already did.
        await sql`create virtual table search_fts using fts5(headline, teaser, body, aliases,
          tokenize = 'porter unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`.execute(db);
      } else {
        for (const language of STEMMED_LANGUAGES) {
          // Snowball stemming without the stop-word list; see textSearchConfig for why.
          await sql.raw(`create text search dictionary dateline_${language}_stem (template = snowball, language = ${language})`).execute(db);
          await sql.raw(`create text search configuration dateline_${language} (copy = ${language})`).execute(db);
          await sql
            .raw(`alter text search configuration dateline_${language} alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part with dateline_${language}_stem`)
            .execute(db);
        }
        // `title_document` (headline and teaser) is small enough to rank every match by; `document` is everything.
        await sql`alter table search_documents add column text_config regconfig not null, add column title_document tsvector not null,
          add column document tsvector not null`.execute(db);
        await sql`create index search_documents_document on search_documents using gin (document)`.execute(db);
      }

      const published = await (db as Kysely<Database>).selectFrom('stories').select('id').where('status', '=', 'published').limit(1).executeTakeFirst();
      if (!published) return;
      if (!indexStories) throw new Error('published stories need indexing, and no story indexer was handed in: run `dateline migrate`');
      await indexStories(db as Kysely<Database>);
    },
  };
}
