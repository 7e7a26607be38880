import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { readStoryFace, recordStoryChange, type ChangeFeed } from '../changes/index.ts';
import { indexStoryChange } from '../search/index-story-change.ts';
import { claimScheduledStory, lockStory } from '../stories/story-store.ts';
import { findWorkflowRow } from './find-workflow-row.ts';
import type { ScheduledPublication } from './newsroom-types.ts';

/** The scheduler's side of the workflow (src/jobs/scheduler.ts): which stories fall due, and putting one live. */
export class ScheduledPublisher {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Puts a scheduled story live if it is still due at `now`. Exactly once, even with several app servers: the
   * claim is a conditional update that only one of them can make; the others find nothing to do. Never before
   * the embargo, never a deleted story.
   * @example const publication = await publisher.publishScheduled(storyId, clock.now())
   */
  async publishScheduled(storyId: number, now: Date): Promise<ScheduledPublication | undefined> {
    const instant = now.toISOString();
    return this.changes.transaction(async (trx) => {
      if (!(await lockStory(trx, storyId))) return undefined;
      const before = await readStoryFace(trx, storyId);
      if (!(await claimScheduledStory(trx, storyId, instant))) return undefined;
      await indexStoryChange(trx, storyId);
      const row = await findWorkflowRow(trx, storyId);
      if (!row) return undefined;
      const publication: ScheduledPublication = {
        storyId,
        editionCode: row.edition_code,
        code: Number(row.code),
        scheduledAt: row.scheduled_at ?? instant,
        publishedAt: row.published_at ?? instant,
      };
      await this.audit.record(
        {
          action: 'story.published',
          actorId: null,
          subject: { type: 'story', id: storyId },
          details: { by: 'scheduler', edition: row.edition_code, code: publication.code, headline: row.headline, scheduledAt: publication.scheduledAt, publishedAt: publication.publishedAt },
        },
        trx,
        now,
      );
      await recordStoryChange(trx, 'story.published', before, await readStoryFace(trx, storyId), now);
      return publication;
    });
  }

  /** Ids of scheduled stories due by `now` (not in `except`), oldest schedule first. */
  async listDueStoryIds(now: Date, except: ReadonlySet<number>, limit: number): Promise<number[]> {
    const instant = now.toISOString();
    const rows = await this.db
      .selectFrom('stories')
      .select('id')
      .where('status', '=', 'scheduled')
      .where('scheduled_at', '<=', instant)
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('embargo_until', 'is', null), eb('embargo_until', '<=', instant)]))
      .$if(except.size > 0, (qb) => qb.where('id', 'not in', [...except]))
      .orderBy('scheduled_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** When the next scheduled story falls due, if any. */
  async findNextScheduledAt(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('stories')
      .select((eb) => eb.fn.min('scheduled_at').as('next'))
      .where('status', '=', 'scheduled')
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row?.next ?? undefined;
  }
}
