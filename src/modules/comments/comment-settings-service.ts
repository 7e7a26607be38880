import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { cacheKeys, recordChange, type ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import { addressOf, assertMayConfigure, assertMayModerate } from './comment-access.ts';
import { CommentError } from './comment-errors.ts';
import { commentLimits, isCommentPolicy } from './comment-limits.ts';
import { commentProblems as problems } from './comment-problems.ts';
import type { CommentPolicy, CommentSettings, SectionCommentSettings, StoryCommentSettings } from './comment-types.ts';
import { recordThreadChange } from './record-thread-change.ts';

/** Where comments are open and how they are moderated: a policy and a close rule per section and per story. */
export class CommentSettingsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Every section's own comment setting, by edition then name (null: the default, pre-moderated and never closing). */
  async listSectionSettings(actor: Actor): Promise<SectionCommentSettings[]> {
    assertMayModerate(actor);
    const rows = await this.db
      .selectFrom('sections')
      .select(['id', 'edition_code', 'name', 'slug', 'comment_policy', 'comment_close_days'])
      .orderBy('edition_code')
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, editionCode: r.edition_code, name: r.name, slug: r.slug, policy: r.comment_policy, closeDays: r.comment_close_days }));
  }

  /** A story's own comment setting beside its section's, and what applies to it; `STORY_NOT_FOUND` for none or a deleted one. */
  async getStorySettings(actor: Actor, storyId: number): Promise<StoryCommentSettings> {
    assertMayConfigure(actor);
    const row = await this.db
      .selectFrom('stories as s')
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .select([
        's.id',
        's.edition_code',
        's.code',
        's.slug',
        's.headline',
        's.status',
        's.published_at',
        's.comment_policy',
        's.comment_close_days',
        'sec.name as section_name',
        'sec.comment_policy as section_policy',
        'sec.comment_close_days as section_close_days',
      ])
      .where('s.id', '=', storyId)
      .where('s.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new CommentError('STORY_NOT_FOUND', problems.storyNotFound);
    return {
      id: row.id,
      editionCode: row.edition_code,
      code: row.code,
      slug: row.slug,
      headline: row.headline,
      isPublished: row.status === 'published',
      policy: row.comment_policy,
      closeDays: row.comment_close_days,
      section: row.section_name === null ? null : { name: row.section_name, policy: row.section_policy, closeDays: row.section_close_days },
      applies: settingsOf(row, this.clock.now()),
    };
  }

  /**
   * Sets a story's own policy and close days (null: the section's), with an audit entry in the same
   * transaction. Returns whether anything changed.
   * @example await comments.setStoryPolicy(personActor(editor), 42, 'closed', null)
   */
  async setStoryPolicy(actor: Actor, storyId: number, policy: CommentPolicy | null, closeDays: number | null = null): Promise<boolean> {
    return this.setPolicy(actor, 'stories', storyId, policy, closeDays);
  }

  /**
   * Sets a section's policy and close days (null: pre-moderated, never closing), with an audit entry in
   * the same transaction. Returns whether anything changed.
   * @example await comments.setSectionPolicy(personActor(editor), 3, 'post_moderated', 7)
   */
  async setSectionPolicy(actor: Actor, sectionId: number, policy: CommentPolicy | null, closeDays: number | null = null): Promise<boolean> {
    return this.setPolicy(actor, 'sections', sectionId, policy, closeDays);
  }

  private async setPolicy(actor: Actor, table: 'stories' | 'sections', id: number, policy: CommentPolicy | null, closeDays: number | null): Promise<boolean> {
    assertMayConfigure(actor);
    if (policy !== null && !isCommentPolicy(policy)) throw new CommentError('SETTINGS_INVALID', problems.policyInvalid, 'policy');
    if (closeDays !== null && (!Number.isSafeInteger(closeDays) || closeDays < 1 || closeDays > commentLimits.closeDaysMax)) {
      throw new CommentError('SETTINGS_INVALID', problems.closeDaysInvalid(commentLimits.closeDaysMax), 'closeDays');
    }
    const now = this.clock.now();
    return this.changes.transaction(async (trx) => {
      const before =
        table === 'stories'
          ? await trx.selectFrom('stories').select(['comment_policy', 'comment_close_days']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()
          : await trx.selectFrom('sections').select(['comment_policy', 'comment_close_days']).where('id', '=', id).executeTakeFirst();
      if (!before) throw table === 'stories' ? new CommentError('STORY_NOT_FOUND', problems.storyNotFound) : new CommentError('SECTION_NOT_FOUND', problems.sectionNotFound);
      if (before.comment_policy === policy && before.comment_close_days === closeDays) return false;
      await trx.updateTable(table).set({ comment_policy: policy, comment_close_days: closeDays }).where('id', '=', id).execute();
      if (table === 'stories') await recordThreadChange(trx, id, now, { change: 'policy' });
      else await recordSectionPolicyChange(trx, id, now);
      await this.audit.record(
        {
          action: 'comment.settings_changed',
          actorId: actorIdOf(actor),
          subject: { type: table === 'stories' ? 'story' : 'section', id },
          details: { from: { policy: before.comment_policy, closeDays: before.comment_close_days }, to: { policy, closeDays } },
          addressHash: addressOf(actor),
        },
        trx,
        now,
      );
      return true;
    });
  }
}

/** A story's own comment columns beside its section's: what `settingsOf` decides from. */
export interface StoryPolicyRow {
  published_at: string | null;
  comment_policy: CommentPolicy | null;
  comment_close_days: number | null;
  section_policy: CommentPolicy | null;
  section_close_days: number | null;
}

/** The story's own setting wins, then its section's; the seed site pre-moderates everything. */
export function settingsOf(row: StoryPolicyRow, now: Date): CommentSettings {
  const policy = row.comment_policy ?? row.section_policy ?? 'pre_moderated';
  const closeDays = row.comment_close_days ?? row.section_close_days ?? null;
  const isPastClose = closeDays !== null && row.published_at !== null && now.getTime() > Date.parse(row.published_at) + closeDays * 86_400_000;
  return { policy, closeDays, isOpen: policy !== 'closed' && !isPastClose };
}

/** A section's policy reaches every story page of the section that has no policy of its own: rare, so the edition's pages all go. */
async function recordSectionPolicyChange(trx: Transaction<Database>, sectionId: number, now: Date): Promise<void> {
  const section = await trx.selectFrom('sections').select('edition_code').where('id', '=', sectionId).executeTakeFirst();
  if (!section) return;
  await recordChange(trx, { kind: 'section.changed', editionCode: section.edition_code, keys: [cacheKeys.edition(section.edition_code)], subject: { sectionId } }, now);
}
