import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** What the delivery job still has to do, and what it gave up on: the figures an operator alerts on. */
export interface WebhookBacklog {
  /** Deliveries waiting to be sent or retried, to endpoints that are on. */
  pending: number;
  /** Deliveries waiting for an endpoint that is off (turned off by an admin, or after a day of failures). */
  held: number;
  /** Deliveries given up after a day of failures (until someone sends one again by hand). */
  failed: number;
  /**
   * Age of the oldest pending delivery to an endpoint that is on, in seconds (0 when none). A delivery backs off
   * for up to a day, so an age past a day means the job is not sending: no server runs it, or it is stuck.
   */
  oldestPendingSeconds: number;
}

/**
 * Counts deliveries by what waits on them, in one query (a metric, read at each scrape).
 * @example await webhookBacklog(db, clock.now()) // { pending: 2, held: 0, failed: 1, oldestPendingSeconds: 90 }
 */
export async function webhookBacklog(db: Kysely<Database>, now: Date): Promise<WebhookBacklog> {
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.status', 'e.is_enabled', (eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.min('d.created_at').as('oldest')])
    .where('d.status', 'in', ['pending', 'failed'])
    .groupBy(['d.status', 'e.is_enabled'])
    .execute();
  const backlog: WebhookBacklog = { pending: 0, held: 0, failed: 0, oldestPendingSeconds: 0 };
  for (const row of rows) {
    const count = Number(row.n);
    if (row.status === 'failed') backlog.failed += count;
    else if (Number(row.is_enabled) === 1) {
      backlog.pending += count;
      backlog.oldestPendingSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(row.oldest)) / 1000));
    } else backlog.held += count;
  }
  return backlog;
}
