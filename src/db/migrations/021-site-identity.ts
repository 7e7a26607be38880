import type { Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

/**
 * What makes an edition a site (issue 15, §1; docs/decisions/018-site-identity-and-pages.md): the name and
 * tagline readers see instead of the product's, a logo from the picture library, the edition's own pages
 * (About, Contact, Privacy …) and the links in its footer, in the order the newsroom gave them.
 */
export function siteIdentitySchema(engine: Engine) {
  const autoId = autoIdColumn(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Null: the product's name ("Dateline"), no tagline, no logo.
      await db.schema.alterTable('editions').addColumn('site_name', 'varchar(80)').execute();
      await db.schema.alterTable('editions').addColumn('tagline', 'varchar(160)').execute();
      await db.schema.alterTable('editions').addColumn('logo_media_id', 'integer').execute();
      await db.schema
        .createTable('site_pages')
        .addColumn('id', 'integer', autoId)
        .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
        .addColumn('slug', 'varchar(80)', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        // JSON of `Block[]`: the story body model, checked by the same code (src/content/validate-body.ts).
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('published_at', 'varchar(30)')
        .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
        .addUniqueConstraint('site_pages_address', ['edition_code', 'slug'])
        .execute();
      await db.schema
        .createTable('footer_links')
        .addColumn('id', 'integer', autoId)
        .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('label', 'varchar(80)', (c) => c.notNull())
        // Exactly one of the two: an address of anywhere, or one of the edition's own pages (followed when renamed).
        .addColumn('url', 'varchar(2000)')
        .addColumn('page_id', 'integer', (c) => c.references('site_pages.id').onDelete('cascade'))
        .execute();
      await db.schema.createIndex('footer_links_edition').on('footer_links').columns(['edition_code', 'position']).execute();
    },
  };
}
