import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AuditLog } from '../modules/audit/audit-log.ts';
import type { Clock } from '../modules/clock/clock.ts';
import { indexStoryChange } from '../modules/search/index-story-change.ts';

/** A story the scheduler put live. */
export interface ScheduledPublication {
  storyId: number;
  editionCode: string;
  code: number;
  scheduledAt: string;
  publishedAt: string;
}

/** Where the scheduler reports; Fastify's (pino's) logger fits. */
export interface SchedulerLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SchedulerOptions {
  db: Kysely<Database>;
  audit: AuditLog;
  clock: Clock;
  logger?: SchedulerLogger;
  /** The longest wait between two looks, in milliseconds (default 15 s). It wakes sooner for a story due sooner. */
  intervalMs?: number;
}

/** Stories claimed per round; a long catch-up takes several rounds of one run. */
const BATCH = 100;
const MIN_WAKE_MS = 250;

/**
 * Publishes scheduled stories when their time comes (docs/decisions/006-story-workflow.md).
 *
 * - **Survives a restart**: the schedule is in the database (`status = 'scheduled'`, `scheduled_at`), not in
 *   timers; `start()` looks at once, so what fell due while the server was down goes out on boot.
 * - **Exactly once**, even with several app servers running schedulers on one database: each story is
 *   claimed by a conditional `UPDATE … SET status = 'published' WHERE id = ? AND status = 'scheduled' …`;
 *   only the server whose update changed the row goes on to index and record it, in the same transaction.
 * - **Never before the embargo**, and never a deleted story: both are in the claim's condition too.
 * - Time comes from the injected clock, so tests move it and call `runDue()` instead of sleeping.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private isStopped = true;
  private readonly intervalMs: number;

  constructor(private readonly options: SchedulerOptions) {
    this.intervalMs = options.intervalMs ?? 15_000;
  }

  /**
   * Publishes every story due by the clock's now, oldest schedule first; returns those this call published
   * (not those another scheduler got to first).
   * @example const published = await scheduler.runDue()
   */
  async runDue(): Promise<ScheduledPublication[]> {
    const { db } = this.options;
    const now = this.options.clock.now();
    const instant = now.toISOString();
    const published: ScheduledPublication[] = [];
    const tried = new Set<number>();
    for (;;) {
      const due = await dueStories(db, instant)
        .select(['id'])
        .$if(tried.size > 0, (qb) => qb.where('id', 'not in', [...tried]))
        .orderBy('scheduled_at')
        .orderBy('id')
        .limit(BATCH)
        .execute();
      for (const { id } of due) {
        tried.add(id);
        const publication = await this.publishIfStillDue(id, now);
        if (publication) published.push(publication);
      }
      if (due.length < BATCH) break;
    }
    return published;
  }

  private async publishIfStillDue(storyId: number, now: Date): Promise<ScheduledPublication | undefined> {
    const { db, audit } = this.options;
    const instant = now.toISOString();
    return db.transaction().execute(async (trx) => {
      // The claim: only one scheduler's update can move the row out of `scheduled`. On PostgreSQL a racing
      // update waits for the row lock, then finds the status changed and updates nothing; on SQLite the
      // write lock serializes the two the same way.
      const claim = await trx
        .updateTable('stories')
        .set({
          status: 'published',
          // The first publication fixes the dateline; a story published before keeps its original time.
          published_at: sql<string>`coalesce(published_at, ${instant})`,
          updated_at: instant,
        })
        .where('id', '=', storyId)
        .where('status', '=', 'scheduled')
        .where('scheduled_at', '<=', instant)
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb('embargo_until', 'is', null), eb('embargo_until', '<=', instant)]))
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) return undefined;
      await indexStoryChange(trx, storyId);
      const row = await trx
        .selectFrom('stories')
        .select(['edition_code', 'code', 'headline', 'scheduled_at', 'published_at'])
        .where('id', '=', storyId)
        .executeTakeFirstOrThrow();
      const publication: ScheduledPublication = {
        storyId,
        editionCode: row.edition_code,
        code: Number(row.code),
        scheduledAt: row.scheduled_at ?? instant,
        publishedAt: row.published_at ?? instant,
      };
      await audit.record(
        {
          action: 'story.published',
          actorId: null,
          subject: { type: 'story', id: storyId },
          details: { by: 'scheduler', edition: row.edition_code, code: publication.code, headline: row.headline, scheduledAt: publication.scheduledAt, publishedAt: publication.publishedAt },
        },
        trx,
        now,
      );
      return publication;
    });
  }

  /** Looks at once (catching up on anything missed while the server was down), then keeps looking until `stop()`. */
  start(): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    this.tick();
  }

  /** Stops looking; waits for a round in progress to finish, so shutdown never cuts a publication in half. */
  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.isStopped) return;
    const round = (async () => {
      try {
        const published = await this.runDue();
        for (const p of published) this.options.logger?.info({ story: p.storyId, edition: p.editionCode, code: p.code, scheduledAt: p.scheduledAt }, 'scheduler published a story');
      } catch (error) {
        // A failed round (the database away for a moment) is retried on the next one; nothing is lost.
        this.options.logger?.error({ err: error }, 'scheduler round failed');
      }
      return this.nextWakeMs();
    })();
    this.running = round;
    void round.then((delay) => {
      if (this.isStopped) return;
      this.timer = setTimeout(() => this.tick(), delay);
      // The scheduler alone must not keep the process alive.
      this.timer.unref();
    });
  }

  /** Sooner than the interval when a story falls due sooner, so publications land close to their minute. */
  private async nextWakeMs(): Promise<number> {
    try {
      const row = await this.options.db
        .selectFrom('stories')
        .select((eb) => eb.fn.min('scheduled_at').as('next'))
        .where('status', '=', 'scheduled')
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      const next = row?.next ? Date.parse(row.next) - this.options.clock.now().getTime() : Number.POSITIVE_INFINITY;
      return Math.min(this.intervalMs, Math.max(MIN_WAKE_MS, next));
    } catch {
      return this.intervalMs;
    }
  }
}

function dueStories(db: Kysely<Database>, instant: string) {
  return db
    .selectFrom('stories')
    .where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', instant)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('embargo_until', 'is', null), eb('embargo_until', '<=', instant)]));
}
