import { sql, type Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

/**
 * Curation and corrections (issue 3, §5–6):
 * - `edition_curation`: one row per edition holding the editors' lead story for its home page. The row
 *   is also what serializes curation changes of one edition: every change writes it first, which takes
 *   a row lock on PostgreSQL and the write lock on SQLite (see CurationService).
 * - `story_notes`: corrections and updates attached to a story's version in one edition, as data with
 *   their instant, never as prose in the body (docs/decisions/007-curation-and-corrections.md).
 */
export function curationAndCorrectionsSchema(engine: Engine) {
  const autoId = autoIdColumn(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('edition_curation')
        .addColumn('edition_code', 'varchar(16)', (c) => c.primaryKey().references('editions.code'))
        // A story code, not a row id: the lead survives the story being saved again, and points at
        // nothing (the newest story leads) while the story is not published in the edition.
        .addColumn('lead_code', 'bigint')
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('story_notes')
        .addColumn('id', 'integer', autoId)
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(sql.raw("kind in ('correction', 'update')")))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('noted_at', 'varchar(30)', (c) => c.notNull())
        // Null when written from the command line; users are never deleted, so the name stays known.
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('story_notes_story').on('story_notes').columns(['story_id', 'noted_at']).execute();
      // The corrections page: one kind, newest first, across an edition's stories.
      await db.schema.createIndex('story_notes_kind_noted').on('story_notes').columns(['kind', 'noted_at']).execute();
    },
  };
}
