import { sql, type Kysely } from 'kysely';

/**
 * Syndication: a per-edition setting and the indexes feeds and sitemaps read by.
 *
 * `feed_full_text`: whether feeds carry each story's whole body (as sanitized HTML) or only its teaser.
 * On by default: most readers expect full-text feeds, and an edition whose licences or business say
 * otherwise turns it off.
 */
export const syndicationSchema = {
  async up(db: Kysely<unknown>): Promise<void> {
    // `true` as a literal reads the same on both engines (SQLite stores it as 1).
    await db.schema
      .alterTable('editions')
      .addColumn('feed_full_text', 'boolean', (c) => c.notNull().defaultTo(sql`true`))
      .execute();
    // Every feed and sitemap asks when the edition's stories last changed (max of updated_at): an index
    // answers that from its last entry instead of reading the edition's every story.
    await db.schema.createIndex('stories_edition_updated').on('stories').columns(['edition_code', 'updated_at']).execute();
    // The news sitemap reads the last two days of every edition at once, which the per-edition index cannot serve.
    await db.schema.createIndex('stories_status_published').on('stories').columns(['status', 'published_at']).execute();
  },
};
