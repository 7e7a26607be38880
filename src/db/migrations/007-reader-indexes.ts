import type { Kysely } from 'kysely';

/**
 * Indexes for the reader's hot paths. Every reader query asks for published, not deleted stories,
 * so those columns lead the indexes and the planner never reads the story rows (with their bodies)
 * to count or order a page.
 */
export const readerIndexes = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('stories_edition_published').execute();
    await db.schema
      .createIndex('stories_edition_published')
      .on('stories')
      .columns(['edition_code', 'status', 'deleted_at', 'published_at', 'code'])
      .execute();
    await db.schema.dropIndex('stories_section_published').execute();
    await db.schema
      .createIndex('stories_section_published')
      .on('stories')
      .columns(['section_id', 'status', 'deleted_at', 'published_at'])
      .execute();
    // Translations of a story are found by its code across editions.
    await db.schema.createIndex('stories_code').on('stories').columns(['code', 'edition_code']).execute();
  },
};
