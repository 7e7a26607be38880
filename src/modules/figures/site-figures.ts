import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../clock/clock.ts';
import { countPendingComments } from '../comments/pending-comments.ts';
import { schedulerLagSeconds } from '../newsroom/scheduler-lag.ts';
import { webhookBacklog, type WebhookBacklog } from '../webhooks/index.ts';

/**
 * Figures about the whole site, read from the database when asked: the gauges of /metrics and what the
 * process entry asks before serving. They live here so that src/main.ts never queries the database itself.
 * @example await new SiteFigures(db, systemClock).schedulerLagSeconds()
 */
export class SiteFigures {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** How late the most overdue scheduled story is, in seconds (0 while the scheduler keeps up). */
  schedulerLagSeconds(): Promise<number> {
    return schedulerLagSeconds(this.db, this.clock.now());
  }

  /** Readers' comments waiting for a moderator, site-wide. */
  pendingComments(): Promise<number> {
    return countPendingComments(this.db);
  }

  /** Webhook deliveries pending, held for an endpoint that is off, and failed; and how old the oldest pending one is. */
  webhookBacklog(): Promise<WebhookBacklog> {
    return webhookBacklog(this.db, this.clock.now());
  }

  /** Whether any story exists, in any state (an empty site gets the demo content with `--demo-if-empty`). */
  async hasStories(): Promise<boolean> {
    return (await this.db.selectFrom('stories').select('id').limit(1).executeTakeFirst()) !== undefined;
  }
}
