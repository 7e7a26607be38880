import { sql, type Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

export function initialSchema(engine: Engine) {
  const autoId = autoIdColumn(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('editions')
        .addColumn('code', 'varchar(16)', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('language', 'varchar(35)', (c) => c.notNull())
        .addColumn('direction', 'varchar(3)', (c) => c.notNull().check(sqlIn('direction', ['ltr', 'rtl'])))
        .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
        .addColumn('dateline_format', 'text', (c) => c.notNull())
        .addColumn('date_format', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sections')
        .addColumn('id', 'integer', autoId)
        .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
        .addColumn('slug', 'varchar(200)', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addUniqueConstraint('sections_edition_slug', ['edition_code', 'slug'])
        .execute();

      await db.schema
        .createTable('tags')
        .addColumn('id', 'integer', autoId)
        .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
        .addColumn('slug', 'varchar(200)', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addUniqueConstraint('tags_edition_slug', ['edition_code', 'slug'])
        .execute();

      await db.schema
        .createTable('authors')
        .addColumn('id', 'integer', autoId)
        .addColumn('slug', 'varchar(200)', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('counters')
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();

      // The story-code sequence: one counter for the whole site, moved up past any imported code.
      await sql`insert into counters (name, value) values ('story_code', 0)`.execute(db);

      await db.schema
        .createTable('story_codes')
        .addColumn('code', 'bigint', (c) => c.primaryKey())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('stories')
        .addColumn('id', 'integer', autoId)
        .addColumn('code', 'bigint', (c) => c.notNull().references('story_codes.code'))
        .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
        .addColumn('slug', 'varchar(200)', (c) => c.notNull())
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('headline_key', 'text', (c) => c.notNull())
        .addColumn('teaser', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) =>
          c.notNull().check(sqlIn('status', ['draft', 'in_review', 'scheduled', 'published', 'unpublished'])),
        )
        .addColumn('published_at', 'varchar(30)')
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('section_id', 'integer', (c) => c.references('sections.id'))
        .addColumn('credit_text', 'text')
        .addColumn('credit_url', 'text')
        .addColumn('license_url', 'text')
        .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('stories_edition_code', ['edition_code', 'code'])
        .addUniqueConstraint('stories_edition_slug', ['edition_code', 'slug'])
        .execute();
      await db.schema
        .createIndex('stories_edition_published')
        .on('stories')
        .columns(['edition_code', 'status', 'published_at'])
        .execute();
      await db.schema.createIndex('stories_edition_headline_key').on('stories').columns(['edition_code', 'headline_key']).execute();
      await db.schema.createIndex('stories_section_published').on('stories').columns(['section_id', 'published_at']).execute();

      await db.schema
        .createTable('story_tags')
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('story_tags_pk', ['story_id', 'tag_id'])
        .execute();
      await db.schema.createIndex('story_tags_tag').on('story_tags').column('tag_id').execute();

      await db.schema
        .createTable('story_authors')
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('story_authors_pk', ['story_id', 'author_id'])
        .execute();
      await db.schema.createIndex('story_authors_author').on('story_authors').column('author_id').execute();

      await db.schema
        .createTable('related_links')
        .addColumn('id', 'integer', autoId)
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('target_code', 'bigint')
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('headline_key', 'text', (c) => c.notNull())
        .addColumn('teaser', 'text', (c) => c.notNull())
        .addUniqueConstraint('related_links_story_position', ['story_id', 'position'])
        .execute();
      await db.schema.createIndex('related_links_unresolved').on('related_links').column('headline_key').execute();

      await db.schema
        .createTable('featured_entries')
        .addColumn('id', 'integer', autoId)
        .addColumn('edition_code', 'varchar(16)', (c) => c.notNull().references('editions.code'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('target_code', 'bigint')
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('headline_key', 'text', (c) => c.notNull())
        .addColumn('dated', 'varchar(10)')
        .addUniqueConstraint('featured_entries_edition_position', ['edition_code', 'position'])
        .execute();
    },
  };
}

function sqlIn(column: string, values: readonly string[]) {
  // Column and values are constants of this file, never user input.
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}
