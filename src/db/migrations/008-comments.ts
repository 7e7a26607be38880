import { sql, type Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

/**
 * Readers' comments (issue 4):
 * - `comments`: one row per comment, replies one level deep (`parent_id` points at a top-level comment).
 *   The email is kept for the newsroom only; the address only as a keyed hash (`SiteKeys.hash('address', …)`).
 * - `comment_policy` and `comment_close_days` on sections and stories: null inherits (story → section →
 *   pre-moderated, the seed site's rule).
 * - `comment_bans`: banned emails and addresses, both as keyed hashes, so a ban list leaks neither.
 * - `banned_words`: words that hold a comment for moderation whatever the policy says.
 * - `comment_posts`: recent posts per address hash and story, for rate limits that hold across app
 *   servers (a limiter in one process's memory would let N servers take N times the limit). Pruned as
 *   posts arrive.
 */
export function commentsSchema(engine: Engine) {
  const autoId = autoIdColumn(engine);
  const policyCheck = (column: string) =>
    sql.raw(`${column} is null or ${column} in ('pre_moderated', 'first_time', 'post_moderated', 'closed')`);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ['sections', 'stories']) {
        await db.schema.alterTable(table).addColumn('comment_policy', 'varchar(16)', (c) => c.check(policyCheck('comment_policy'))).execute();
        await db.schema.alterTable(table).addColumn('comment_close_days', 'integer').execute();
      }

      await db.schema
        .createTable('comments')
        .addColumn('id', 'integer', autoId)
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
        .addColumn('author_name', 'varchar(80)', (c) => c.notNull())
        .addColumn('email', 'varchar(254)', (c) => c.notNull())
        .addColumn('email_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('address_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        // Duplicate detection compares hashes of the normalized body, not the bodies themselves.
        .addColumn('body_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql.raw("status in ('pending', 'approved', 'rejected', 'spam')")))
        .addColumn('held_reason', 'varchar(32)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('moderated_at', 'varchar(30)')
        .addColumn('moderated_by', 'integer', (c) => c.references('users.id'))
        .addColumn('edited_at', 'varchar(30)')
        .execute();
      // The story page: approved comments of one story, in either order, paged.
      await db.schema.createIndex('comments_story_status').on('comments').columns(['story_id', 'status', 'parent_id', 'created_at']).execute();
      // The moderation queue: one status, newest or oldest first.
      await db.schema.createIndex('comments_status_created').on('comments').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('comments_email_hash').on('comments').columns(['email_hash', 'status']).execute();

      await db.schema
        .createTable('comment_bans')
        .addColumn('id', 'integer', autoId)
        .addColumn('kind', 'varchar(8)', (c) => c.notNull().check(sql.raw("kind in ('email', 'address')")))
        .addColumn('value_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addUniqueConstraint('comment_bans_kind_value', ['kind', 'value_hash'])
        .execute();

      await db.schema
        .createTable('banned_words')
        .addColumn('word', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('comment_posts')
        .addColumn('id', 'integer', autoId)
        .addColumn('address_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('story_id', 'integer', (c) => c.notNull())
        .addColumn('posted_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('comment_posts_address').on('comment_posts').columns(['address_hash', 'posted_at']).execute();
      await db.schema.createIndex('comment_posts_story').on('comment_posts').columns(['story_id', 'posted_at']).execute();
      await db.schema.createIndex('comment_posts_posted').on('comment_posts').columns(['posted_at']).execute();
    },
  };
}
