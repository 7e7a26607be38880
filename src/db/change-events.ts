import { sql, type Insertable, type Kysely } from 'kysely';
import { engineOf } from './engine.ts';
import type { ChangeEventRow, ChangeEventTable, Database } from './schema.ts';

/** The PostgreSQL channel that carries the id of each committed change event. */
export const CHANGE_CHANNEL = 'dateline_changes';

/**
 * An arbitrary constant naming the advisory lock that orders change events on PostgreSQL: a writer takes
 * it just before appending, and holds it until commit, so events become visible in `id` order and a reader
 * that asks for "everything after id N" can never skip one that commits late.
 */
const ORDER_LOCK = 0x44_41_54_45;

/**
 * Appends a change event inside the caller's transaction. On PostgreSQL it also queues a notification,
 * which the server delivers only if the transaction commits.
 * @example await appendChangeEvent(trx, { kind: 'story.published', occurred_at: now, edition_code: 'en', story_code: 898945, keys: '["story:en:898945"]', subject: '{}' })
 */
export async function appendChangeEvent(db: Kysely<Database>, event: Insertable<ChangeEventTable>): Promise<number> {
  const isPostgres = (await engineOf(db as unknown as Kysely<unknown>)) === 'postgres';
  if (isPostgres) await sql`select pg_advisory_xact_lock(${ORDER_LOCK})`.execute(db);
  const row = await db.insertInto('change_events').values(event).returning('id').executeTakeFirstOrThrow();
  const id = Number(row.id);
  if (isPostgres) await sql`select pg_notify(${CHANGE_CHANNEL}, ${String(id)})`.execute(db);
  return id;
}

/** Committed events after `afterId`, oldest first. */
export async function readChangeEvents(db: Kysely<Database>, afterId: number, limit: number): Promise<ChangeEventRow[]> {
  const rows = await db.selectFrom('change_events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((row) => ({ ...row, id: Number(row.id), story_code: row.story_code === null ? null : Number(row.story_code) }));
}

/** The newest event's id, or 0. */
export async function latestChangeEventId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('change_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return row?.id === null || row?.id === undefined ? 0 : Number(row.id);
}

/** Drops events older than `before` (an ISO instant), keeping the newest one so ids never restart. */
export async function pruneChangeEvents(db: Kysely<Database>, before: string): Promise<number> {
  const newest = await latestChangeEventId(db);
  const result = await db.deleteFrom('change_events').where('occurred_at', '<', before).where('id', '<', newest).executeTakeFirst();
  return Number(result.numDeletedRows);
}
