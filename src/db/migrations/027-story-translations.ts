import { sql, type Kysely } from 'kysely';

/**
 * Translations as a workflow (issue 17, §1; docs/decisions/022-translation-workflow.md).
 *
 * `story_translations`: one row per story made by "Translate into…": the story it was translated from (which
 * names the source's edition; both share the story code) and the source's revision number the translation
 * is faithful to. A newer source revision makes it out of date until a translator marks it current.
 *
 * `editions.note_stale_translations`: readers of the edition see a note on a translation whose original was
 * updated since.
 */
export const storyTranslationsSchema = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('story_translations')
      .addColumn('story_id', 'integer', (c) => c.primaryKey().references('stories.id').onDelete('cascade'))
      .addColumn('source_story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
      .addColumn('source_revision', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      // When and by whom the translation was last said to match its source (null: never since it was made).
      .addColumn('checked_at', 'varchar(30)')
      .addColumn('checked_by', 'integer', (c) => c.references('users.id'))
      .execute();
    await db.schema.createIndex('story_translations_source').on('story_translations').columns(['source_story_id']).execute();
    await db.schema
      .alterTable('editions')
      .addColumn('note_stale_translations', 'boolean', (c) => c.notNull().defaultTo(sql`false`))
      .execute();
  },
};
