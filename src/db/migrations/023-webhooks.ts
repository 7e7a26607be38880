import { sql, type Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

/**
 * Webhooks (docs/decisions/020-webhooks.md): the endpoints admins register, one delivery per endpoint and
 * change event, and the cursor that says how far into the change-event outbox deliveries have been made.
 * - `webhook_endpoints.events`: the event types subscribed, as a JSON array of strings.
 * - `webhook_endpoints.after_event_id`: an endpoint hears of events after its registration only.
 * - `webhook_deliveries.story_key`: `edition:code` for a story's events, the scope in which order is kept.
 * - `webhook_deliveries.lease_until` / `lease_token`: the claim of the app server sending an attempt.
 */
export function webhooksSchema(engine: Engine) {
  const bigId = engine === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('webhook_endpoints')
        .addColumn('id', 'integer', autoIdColumn(engine))
        .addColumn('url', 'varchar(2000)', (c) => c.notNull())
        .addColumn('description', 'varchar(500)', (c) => c.notNull().defaultTo(''))
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('is_enabled', 'boolean', (c) => c.notNull())
        .addColumn('secret', 'varchar(100)', (c) => c.notNull())
        .addColumn('previous_secret', 'varchar(100)')
        .addColumn('previous_secret_until', 'varchar(30)')
        .addColumn('after_event_id', bigId, (c) => c.notNull())
        .addColumn('failing_since', 'varchar(30)')
        .addColumn('disabled_at', 'varchar(30)')
        .addColumn('disabled_reason', 'varchar(500)')
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', bigId, autoIdColumn(engine))
        .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
        .addColumn('event_id', bigId, (c) => c.notNull())
        .addColumn('event_type', 'varchar(40)', (c) => c.notNull())
        .addColumn('story_key', 'varchar(40)')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('give_up_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('lease_until', 'varchar(30)')
        .addColumn('lease_token', 'varchar(40)')
        .addColumn('last_attempt_at', 'varchar(30)')
        .addColumn('response_status', 'integer')
        .addColumn('response_excerpt', 'varchar(1000)')
        .addColumn('last_error', 'varchar(500)')
        .addColumn('finished_at', 'varchar(30)')
        .addUniqueConstraint('webhook_deliveries_endpoint_event', ['endpoint_id', 'event_id'])
        .execute();
      // The sender's question: what is due now?
      await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
      // Order per story: is an earlier delivery of this story to this endpoint still open?
      await db.schema.createIndex('webhook_deliveries_story').on('webhook_deliveries').columns(['endpoint_id', 'story_key', 'status']).execute();
      await db.schema
        .createTable('webhook_cursor')
        .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('last_event_id', bigId, (c) => c.notNull())
        .execute();
      // Deliveries begin with the events after this migration: nobody subscribed to earlier ones.
      await sql`insert into webhook_cursor (name, last_event_id) select 'deliveries', coalesce(max(id), 0) from change_events`.execute(db);
    },
  };
}
