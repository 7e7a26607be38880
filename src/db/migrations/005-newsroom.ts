import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

/**
 * The newsroom's story workflow (docs/decisions/006-story-workflow.md): who owns a story, when it is
 * scheduled and embargoed, its SEO fields, a version counter for optimistic concurrency, soft deletion,
 * and one revision row per save.
 */
export function newsroomSchema(engine: Engine) {
  const autoId = autoIdColumn(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Each column on its own: SQLite's ALTER TABLE adds one column at a time.
      const columns: Array<[string, string, (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder]> = [
        // The newsroom account that owns the story ("own story" rules). Null for imported stories.
        ['created_by', 'integer', (c) => c.references('users.id')],
        // When a `scheduled` story goes live (the later of the chosen time and the embargo).
        ['scheduled_at', 'varchar(30)', (c) => c],
        // The earliest instant the story may appear anywhere, whoever presses Publish.
        ['embargo_until', 'varchar(30)', (c) => c],
        ['seo_title', 'text', (c) => c],
        ['seo_description', 'text', (c) => c],
        // Bumped by every content write: a save names the version it started from, and a stale one is refused.
        ['revision', 'integer', (c) => c.notNull().defaultTo(0)],
        ['deleted_at', 'varchar(30)', (c) => c],
        ['deleted_by', 'integer', (c) => c.references('users.id')],
      ];
      for (const [name, type, build] of columns) {
        await db.schema.alterTable('stories').addColumn(name, sql.raw(type), build).execute();
      }
      // Existing stories start at version 1, as a story saved once.
      await sql`update stories set revision = 1`.execute(db);
      // The scheduler asks "which scheduled stories are due?" every few seconds.
      await db.schema.createIndex('stories_status_scheduled').on('stories').columns(['status', 'scheduled_at']).execute();
      await db.schema.createIndex('stories_created_by').on('stories').columns(['created_by', 'updated_at']).execute();
      await db.schema.createIndex('stories_updated').on('stories').columns(['updated_at', 'id']).execute();

      await db.schema
        .createTable('story_revisions')
        .addColumn('id', 'integer', autoId)
        // Stories are never deleted for real (only soft-deleted), so their history stays with them.
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        // The story's `revision` after this save.
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('saved_at', 'varchar(30)', (c) => c.notNull())
        // Null for the command line and for content that came in by import.
        .addColumn('saved_by', 'integer', (c) => c.references('users.id'))
        .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(sql.raw("kind in ('created', 'saved', 'autosaved', 'restored', 'imported')")))
        .addColumn('restored_from', 'integer')
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('teaser', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('slug', 'varchar(200)', (c) => c.notNull())
        .addColumn('section_name', 'text')
        // JSON arrays of names, in order.
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('authors', 'text', (c) => c.notNull())
        .addColumn('seo_title', 'text')
        .addColumn('seo_description', 'text')
        .addUniqueConstraint('story_revisions_story_number', ['story_id', 'number'])
        .execute();
    },
  };
}
