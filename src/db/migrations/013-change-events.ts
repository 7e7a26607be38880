import type { Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

/**
 * The outbox of public changes (docs/decisions/009-page-cache-and-change-events.md): one row per change
 * readers can see, written in the transaction of the change itself. Page caches on every app server,
 * and later webhooks and live updates, read it in `id` order.
 * - `keys`: the cache keys the change touches, as a JSON array of strings.
 * - `subject`: what changed, as JSON (story code and edition, section …), for consumers beyond the cache.
 */
export function changeEventsSchema(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('change_events')
        .addColumn('id', engine === 'sqlite' ? 'integer' : 'bigint', autoIdColumn(engine))
        .addColumn('kind', 'varchar(40)', (c) => c.notNull())
        .addColumn('occurred_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('edition_code', 'varchar(16)')
        .addColumn('story_code', 'bigint')
        .addColumn('keys', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .execute();
      // Pruning drops old events by time.
      await db.schema.createIndex('change_events_occurred_at').on('change_events').column('occurred_at').execute();
      // A story's change reaches the pages whose pinned related links show it.
      await db.schema.createIndex('related_links_target').on('related_links').column('target_code').execute();
    },
  };
}
