import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Readers' comments waiting for a moderator, site-wide (a metric: a queue that only grows needs people).
 * @example await countPendingComments(db)
 */
export async function countPendingComments(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return Number(row.n);
}
