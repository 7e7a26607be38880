import { sql, type Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

/**
 * Pictures (issue 11), kept in the database so that every app server sees the same files without new
 * infrastructure (docs/decisions/012-pictures.md):
 * - `media`: one picture — its cleaned master image (oriented, sRGB, no metadata), its size, and what the
 *   photo desk writes about it (alt text, caption, credit, licence, source) with a focal point for crops.
 * - `media_texts`: alt text and caption in another language, for the editions written in it.
 * - `media_variants`: the resized, re-encoded files readers download, one row per crop, width and format,
 *   addressed by a key that hashes everything the bytes depend on.
 * - `story_media`: which story versions show which picture (lead or body), kept by the story store.
 * - `stories.lead_media_id`: a story's lead picture.
 */
export function picturesSchema(engine: Engine) {
  const autoId = autoIdColumn(engine);
  // The one place that spells a byte column per engine.
  const bytes = engine === 'sqlite' ? sql`blob` : sql`bytea`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('media')
        .addColumn('id', 'integer', autoId)
        .addColumn('master', bytes, (c) => c.notNull())
        .addColumn('master_format', 'varchar(8)', (c) => c.notNull().check(sql.raw("master_format in ('jpeg', 'png')")))
        .addColumn('master_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('source_format', 'varchar(8)', (c) => c.notNull())
        .addColumn('source_bytes', 'integer', (c) => c.notNull())
        .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
        .addColumn('alt', 'text', (c) => c.notNull())
        .addColumn('caption', 'text', (c) => c.notNull())
        .addColumn('credit', 'varchar(300)', (c) => c.notNull())
        .addColumn('licence', 'varchar(500)', (c) => c.notNull())
        .addColumn('source_url', 'varchar(2000)', (c) => c.notNull())
        .addColumn('focal_x', 'real', (c) => c.notNull())
        .addColumn('focal_y', 'real', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('media_created').on('media').columns(['created_at']).execute();

      await db.schema
        .createTable('media_texts')
        .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
        .addColumn('language', 'varchar(35)', (c) => c.notNull())
        .addColumn('alt', 'text', (c) => c.notNull())
        .addColumn('caption', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('media_texts_pk', ['media_id', 'language'])
        .execute();

      await db.schema
        .createTable('media_variants')
        .addColumn('key', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
        .addColumn('crop', 'varchar(8)', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('format', 'varchar(8)', (c) => c.notNull().check(sql.raw("format in ('avif', 'webp', 'jpeg')")))
        .addColumn('bytes', bytes, (c) => c.notNull())
        .addColumn('byte_size', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('media_variants_media').on('media_variants').columns(['media_id']).execute();

      await db.schema.alterTable('stories').addColumn('lead_media_id', 'integer', (c) => c.references('media.id')).execute();

      await db.schema
        .createTable('story_media')
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id'))
        .addColumn('role', 'varchar(8)', (c) => c.notNull().check(sql.raw("role in ('lead', 'body')")))
        .addPrimaryKeyConstraint('story_media_pk', ['story_id', 'media_id', 'role'])
        .execute();
      await db.schema.createIndex('story_media_media').on('story_media').columns(['media_id']).execute();
    },
  };
}
