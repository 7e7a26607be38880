import type { Kysely } from 'kysely';

/**
 * Moving in from WordPress and Ghost (issue 16, §4; docs/decisions/021-importing-wordpress-and-ghost.md).
 *
 * `imported_items` maps each item of another system (a WordPress post, a Ghost post) to the story it became,
 * so a second run of the same export finds its stories instead of making them again, and knows from
 * `content_hash` whether the item changed since. `story_permalinks` keeps the addresses those items had
 * on the old site: readers and search engines holding one are sent on to the story with a 301.
 */
export const importedItemsSchema = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('imported_items')
      // `wordpress` or `ghost`.
      .addColumn('source', 'varchar(16)', (c) => c.notNull())
      // The exporting site (its address, or the export's own name for it): two blogs may both have post 12.
      .addColumn('site', 'varchar(300)', (c) => c.notNull())
      .addColumn('item_id', 'varchar(100)', (c) => c.notNull())
      .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
      .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('imported_at', 'varchar(30)', (c) => c.notNull())
      .addPrimaryKeyConstraint('imported_items_pk', ['source', 'site', 'item_id'])
      .execute();
    await db.schema.createIndex('imported_items_story').on('imported_items').column('story_id').execute();
    await db.schema
      .createTable('story_permalinks')
      // The old address's path, without its host and query: `/2013/01/11/markup-html-tags-and-formatting/`.
      .addColumn('path', 'varchar(1000)', (c) => c.notNull().primaryKey())
      .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .execute();
    // Importers look a picture up by the address they took it from before fetching it again.
    await db.schema.createIndex('media_source_url').on('media').column('source_url').execute();
    await db.schema.createIndex('story_permalinks_story').on('story_permalinks').column('story_id').execute();
  },
};
