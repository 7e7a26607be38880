import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * How late the most overdue scheduled story is, in seconds: 0 while the scheduler keeps up, growing while
 * it is stopped or failing (an alert on it catches a scheduler that silently stopped publishing).
 * @example await schedulerLagSeconds(db, new Date())
 */
export async function schedulerLagSeconds(db: Kysely<Database>, now: Date): Promise<number> {
  const row = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.min('scheduled_at').as('oldest'))
    .where('status', '=', 'scheduled')
    .where('deleted_at', 'is', null)
    .where('scheduled_at', '<=', now.toISOString())
    .where((eb) => eb.or([eb('embargo_until', 'is', null), eb('embargo_until', '<=', now.toISOString())]))
    .executeTakeFirst();
  return row?.oldest ? Math.max(0, (now.getTime() - Date.parse(row.oldest)) / 1000) : 0;
}
