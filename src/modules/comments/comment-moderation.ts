import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import type { AuditAction, AuditLog } from '../audit/audit-log.ts';
import type { ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import { adjustCommentCount } from '../stories/story-store.ts';
import { addressOf, assertMayModerate } from './comment-access.ts';
import { CommentError } from './comment-errors.ts';
import { checkCommentBody, commentLimits } from './comment-limits.ts';
import { commentProblems as problems } from './comment-problems.ts';
import type { CommentStatus, ModerationAction, QueueComment, QueueFilter, QueueStory } from './comment-types.ts';
import { recordThreadChange } from './record-thread-change.ts';

const actionStatus: Record<ModerationAction, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' };
const actionAudit: Record<ModerationAction, AuditAction> = { approve: 'comment.approved', reject: 'comment.rejected', spam: 'comment.marked_spam' };

/** What a queue row shows of a comment and its story. */
const QUEUE_COLUMNS = ['c.id', 'c.status', 'c.author_name', 'c.email', 'c.body', 'c.created_at', 'c.held_reason', 'c.parent_id', 's.id as story_id', 's.edition_code', 's.code', 's.slug', 's.headline'] as const;

/**
 * The newsroom's moderation queue: comments by status, narrowed by edition, story and age; approving, rejecting
 * or marking spam one or many at once; editing one. `stories.comment_count` (approved comments, shown on pages)
 * changes in the same transaction as any change into or out of `approved`.
 */
export class CommentModeration {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The moderation queue: one status, newest first, optionally one edition, one story and comments older than some days. */
  async listQueue(actor: Actor, filter: QueueFilter & { status: CommentStatus; page?: number }): Promise<{ items: QueueComment[]; total: number }> {
    assertMayModerate(actor);
    const query = this.queueQuery(filter).where('c.status', '=', filter.status);
    const total = Number((await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await query
      .select(QUEUE_COLUMNS)
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(commentLimits.pageSize)
      .offset(((filter.page ?? 1) - 1) * commentLimits.pageSize)
      .execute();
    return { total, items: rows.map(toQueueComment) };
  }

  /**
   * How many comments each tab of the queue holds under the same filters, so the counts match what a tab shows.
   * @example const counts = await comments.countQueue(personActor(moderator), { editionCode: 'fa' })
   */
  async countQueue(actor: Actor, filter: QueueFilter): Promise<Record<CommentStatus, number>> {
    assertMayModerate(actor);
    const rows = await this.queueQuery(filter)
      .select(['c.status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('c.status')
      .execute();
    const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, rejected: 0, spam: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /**
   * The stories that have comments in this status (and edition), most comments first: the queue's story filter
   * offers them by headline. At most `limit`.
   */
  async listQueueStories(actor: Actor, filter: { status: CommentStatus; editionCode?: string }, limit = 100): Promise<QueueStory[]> {
    assertMayModerate(actor);
    let query = this.db.selectFrom('comments as c').innerJoin('stories as s', 's.id', 'c.story_id').where('c.status', '=', filter.status);
    if (filter.editionCode !== undefined) query = query.where('s.edition_code', '=', filter.editionCode);
    const rows = await query
      .select(['s.id', 's.edition_code', 's.headline', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy(['s.id', 's.edition_code', 's.headline'])
      .orderBy('n', 'desc')
      .orderBy('s.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, editionCode: r.edition_code, headline: r.headline, count: Number(r.n) }));
  }

  /** One story as the queue's filter names it, whether or not it has comments; undefined when there is no such story. */
  async findQueueStory(actor: Actor, storyId: number): Promise<QueueStory | undefined> {
    assertMayModerate(actor);
    const row = await this.db.selectFrom('stories').select(['id', 'edition_code', 'headline']).where('id', '=', storyId).executeTakeFirst();
    return row ? { id: row.id, editionCode: row.edition_code, headline: row.headline, count: 0 } : undefined;
  }

  /** One comment as the ban confirmation shows it. */
  async findQueueComment(actor: Actor, id: number): Promise<QueueComment | undefined> {
    assertMayModerate(actor);
    const row = await this.db.selectFrom('comments as c').innerJoin('stories as s', 's.id', 'c.story_id').select(QUEUE_COLUMNS).where('c.id', '=', id).executeTakeFirst();
    return row ? toQueueComment(row) : undefined;
  }

  /**
   * Approves, rejects or marks as spam one or more comments, each with an audit entry, and keeps the
   * stories' approved counts right in the same transaction.
   * @example await comments.moderate(personActor(moderator), [12, 13], 'approve')
   */
  async moderate(actor: Actor, ids: readonly number[], action: ModerationAction): Promise<number> {
    assertMayModerate(actor);
    const status = actionStatus[action];
    const now = this.clock.now();
    return this.changes.transaction(async (trx) => {
      let changed = 0;
      for (const id of ids) {
        const row = await trx.selectFrom('comments').select(['id', 'story_id', 'status']).where('id', '=', id).executeTakeFirst();
        if (!row) throw new CommentError('COMMENT_NOT_FOUND', problems.commentNotFound(id));
        if (row.status === status) continue;
        // Guarded by the old status, so two moderators racing on one comment change the count once.
        const updated = await trx
          .updateTable('comments')
          .set({ status, moderated_at: now.toISOString(), moderated_by: actorIdOf(actor) })
          .where('id', '=', id)
          .where('status', '=', row.status)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) continue;
        const delta = (status === 'approved' ? 1 : 0) - (row.status === 'approved' ? 1 : 0);
        if (delta !== 0) {
          await adjustCommentCount(trx, row.story_id, delta);
          await recordThreadChange(trx, row.story_id, now, { change: status === 'approved' ? 'comment_approved' : 'comment_withdrawn', commentId: id });
        }
        await this.audit.record({ action: actionAudit[action], actorId: actorIdOf(actor), subject: { type: 'comment', id }, details: { from: row.status, to: status }, addressHash: addressOf(actor) }, trx, now);
        changed++;
      }
      return changed;
    });
  }

  /** Replaces a comment's text (a moderator removing a slur, say), marking it edited. */
  async edit(actor: Actor, id: number, rawBody: string): Promise<void> {
    assertMayModerate(actor);
    const body = checkCommentBody(rawBody);
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      const updated = await trx.updateTable('comments').set({ body, edited_at: now.toISOString() }).where('id', '=', id).returning(['story_id', 'status']).executeTakeFirst();
      if (!updated) throw new CommentError('COMMENT_NOT_FOUND', problems.commentNotFound(id));
      if (updated.status === 'approved') await recordThreadChange(trx, updated.story_id, now, { change: 'comment_edited', commentId: id });
      await this.audit.record({ action: 'comment.edited', actorId: actorIdOf(actor), subject: { type: 'comment', id }, addressHash: addressOf(actor) }, trx, now);
    });
  }

  private queueQuery(filter: QueueFilter) {
    let query = this.db.selectFrom('comments as c').innerJoin('stories as s', 's.id', 'c.story_id');
    if (filter.editionCode !== undefined) query = query.where('s.edition_code', '=', filter.editionCode);
    if (filter.storyId !== undefined) query = query.where('c.story_id', '=', filter.storyId);
    if (filter.olderThanDays !== undefined) {
      query = query.where('c.created_at', '<', new Date(this.clock.now().getTime() - filter.olderThanDays * 86_400_000).toISOString());
    }
    return query;
  }
}

function toQueueComment(r: {
  id: number;
  status: CommentStatus;
  author_name: string;
  email: string;
  body: string;
  created_at: string;
  held_reason: string | null;
  parent_id: number | null;
  story_id: number;
  edition_code: string;
  code: number;
  slug: string;
  headline: string;
}): QueueComment {
  return {
    id: r.id,
    status: r.status,
    authorName: r.author_name,
    email: r.email,
    body: r.body,
    createdAt: r.created_at,
    heldReason: r.held_reason,
    parentId: r.parent_id,
    story: { id: r.story_id, editionCode: r.edition_code, code: r.code, slug: r.slug, headline: r.headline },
  };
}
