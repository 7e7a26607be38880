import { sql, type Kysely } from 'kysely';

/**
 * Sections, tags and authors become things the newsroom manages (issue 15, §2): sections get an order,
 * a place in the navigation or not, and a description; tags a description; authors a public profile.
 * `slug_redirects` remembers every address a section, tag or author had, so a rename or a merge never
 * breaks a link readers or search engines hold: the old address answers 301 to the current one.
 */
export const managedTaxonomy = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sections').addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('sections').addColumn('in_navigation', 'boolean', (c) => c.notNull().defaultTo(sql`true`)).execute();
    await db.schema.alterTable('sections').addColumn('description', 'text', (c) => c.notNull().defaultTo('')).execute();
    // Sections were listed by name; they keep that order until an editor moves one.
    await sql`update sections set position = (select count(*) from sections as earlier where earlier.edition_code = sections.edition_code and (earlier.name < sections.name or (earlier.name = sections.name and earlier.id < sections.id)))`.execute(db);
    await db.schema.alterTable('tags').addColumn('description', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('authors').addColumn('bio', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('authors').addColumn('photo_media_id', 'integer').execute();
    // A JSON array of `{ label, url }`: a profile's few links (the author's site, a social account).
    await db.schema.alterTable('authors').addColumn('links', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    await db.schema
      .createTable('slug_redirects')
      .addColumn('kind', 'varchar(10)', (c) => c.notNull())
      // Authors are site-wide: their redirects have the empty edition.
      .addColumn('edition_code', 'varchar(16)', (c) => c.notNull())
      .addColumn('old_slug', 'varchar(200)', (c) => c.notNull())
      .addColumn('target_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
      .addPrimaryKeyConstraint('slug_redirects_pk', ['kind', 'edition_code', 'old_slug'])
      .execute();
  },
};
