import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../engine.ts';

/**
 * A GIN index over PostgreSQL's small headline-and-teaser vectors, so a search for a very common word finds
 * its headline matches without reading every match's whole text (src/db/search/postgres-search-index.ts).
 * SQLite needs nothing: FTS5 filters by column within its own index.
 */
export function headlineSearchIndex(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'postgres') return;
      await sql`create index search_documents_title on search_documents using gin (title_document)`.execute(db);
    },
  };
}
