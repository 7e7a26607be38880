import { sql, type Kysely, type Transaction } from 'kysely';
import { MediaError } from '../media/media-errors.ts';
import { assertAltTextPresent } from '../media/media-service.ts';
import { blocksToPlainText, parseBody, teaserFrom, type Block } from '../../content/blocks.ts';
import { headlineKey, slugify } from '../../content/slug.ts';
import { checkBlocks } from '../../content/validate-body.ts';
import type { Database, StoryRevisionKind, StoryRevisionRow, StoryStatus } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can, hasGrant, type Action, type StoryResource } from '../accounts/permissions.ts';
import type { AuditAction, AuditLog } from '../audit/audit-log.ts';
import { cacheKeys, readStoryFace, recordChange, recordStoryChange, type ChangeFeed, type ChangeKind } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import { findStoryNotes } from '../corrections/find-story-notes.ts';
import type { EditionService } from '../editions/edition-service.ts';
import { indexStoryChange } from '../search/index-story-change.ts';
import { StoryValidationError } from '../stories/story-errors.ts';
import { allocateCode, claimScheduledStory, lockStory, lockStoryAtRevision, replaceFeatured, reserveStoryCode, saveStoryInTransaction, setStoryState } from '../stories/story-store.ts';
import type { FeaturedInput, NamedRef, Page, StoryDetail, StoryInput } from '../stories/story-types.ts';
import type {
  EditableStory,
  ImportedStory,
  NewStoryInput,
  PersonRef,
  RevisionSummary,
  ScheduledPublication,
  StoryChanges,
  StoryListFilter,
  StoryListFilterOptions,
  StoryListItem,
  StoryRevision,
  StoryReturnNote,
  TransitionOutcome,
  TransitionResult,
  WorkflowAction,
} from './newsroom-types.ts';
import { diffRevisions, type RevisionDiff } from './revision-diff.ts';
import { StoryConflictError, StoryWorkflowError } from './story-workflow-errors.ts';


export const NEWSROOM_PAGE_SIZE = 25;
/** The longest note an editor may leave when sending a story back to draft. */
export const STORY_RETURN_NOTE_MAX_LENGTH = 2000;
export const REVISIONS_PAGE_SIZE = 50;

/** Limits of the story form's fields beyond the headline's (which the story store holds). */
export const STORY_FIELD_LIMITS = { teaser: 1000, seoTitle: 200, seoDescription: 500, tags: 30, tag: 100, authors: 20, author: 200, section: 100, slug: 200 } as const;

export interface ImportStoryOptions {
  /** Replace a story the newsroom made or changed under the code (otherwise it is left as it is and refused). */
  replace?: boolean;
  featured?: FeaturedInput[];
  /**
   * More writes that belong to the imported story (its comments, its old addresses, where it came from), in
   * the story's own transaction: they are stored with it or not at all.
   */
  within?: (trx: Transaction<Database>, story: { id: number; code: number; isNew: boolean }, now: Date) => Promise<void>;
}

/** Statuses from which a story may go live (be published or scheduled). */
const GOES_LIVE_FROM: readonly StoryStatus[] = ['draft', 'in_review', 'scheduled'];
const BACK_TO_DRAFT_FROM: readonly StoryStatus[] = ['in_review', 'scheduled', 'unpublished'];
const LIVE: readonly StoryStatus[] = ['scheduled', 'published'];

const statusWords: Record<StoryStatus, string> = {
  draft: 'a draft',
  in_review: 'in review',
  scheduled: 'scheduled',
  published: 'published',
  unpublished: 'unpublished',
};

/**
 * The newsroom's story workflow: drafts, saves with conflict detection, revisions, and the steps
 * draft → in review → scheduled or published → unpublished (→ draft), soft deletion and its undoing.
 *
 * Every step checks the permission table (`can`, docs/decisions/005) AND that it starts from the story's
 * status, inside the transaction that makes the change, its revision row, its search-index update and its
 * audit entry. Every read checks that the person may see the story: roles that may edit any story see all;
 * the others see their own, and another's story is "not found" to them.
 */
export class StoryWorkflow {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly editions: EditionService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * A new draft owned by the person who writes it; revision 1.
   * @example await workflow.createDraft({ editionCode: 'en', headline: 'Rain due' }, personActor(author))
   */
  async createDraft(input: NewStoryInput, actor: Actor): Promise<EditableStory> {
    if (actor.kind === 'person' && !can(actor.user, 'story.create')) throw forbidden('write stories');
    const edition = this.editions.find(input.editionCode);
    if (!edition) throw new StoryWorkflowError('STORY_FIELD_INVALID', 'Choose an edition from the list.', 'editionCode');
    const now = this.clock.now();
    const changes = checkChanges(input, 'draft', now);
    const id = await this.changes.transaction(async (trx) => {
      const slug = changes.slug ? slugify(changes.slug) : undefined;
      if (slug !== undefined) await assertSlugFree(trx, input.editionCode, slug, undefined);
      const saved = await saveStoryInTransaction(
        trx,
        {
          editionCode: input.editionCode,
          headline: input.headline,
          teaser: changes.teaser || undefined,
          body: changes.body ?? [],
          status: 'draft',
          slug,
          section: (await checkedSection(trx, input.editionCode, changes.section, null)) ?? null,
          tags: (changes.tags ?? []).map((name) => ({ name })),
          authors: changes.authors ?? [],
          leadMediaId: await checkedLeadPicture(trx, changes.leadMediaId),
        },
        now,
      );
      await setStoryState(trx, saved.id, {
        created_by: actorIdOf(actor),
        seo_title: changes.seoTitle ?? null,
        seo_description: changes.seoDescription ?? null,
        embargo_until: changes.embargoUntil ?? null,
      });
      await snapshot(trx, saved.id, 'created', actorIdOf(actor), now);
      return saved.id;
    });
    return this.getForEditing(id, actor);
  }

  /**
   * Saves changes made to the version `expectedRevision`. When someone saved since, nothing is written and
   * a `StoryConflictError` names who and when. The story, its revision row and its search entry change in
   * one transaction. Autosaves (`isAutosave`) never write to a live story: its changes wait for Save.
   */
  async update(storyId: number, changes: StoryChanges, expectedRevision: number, actor: Actor, options: { isAutosave?: boolean } = {}): Promise<EditableStory> {
    await this.save(storyId, changes, expectedRevision, actor, options.isAutosave ? 'autosaved' : 'saved');
    return this.getForEditing(storyId, actor);
  }

  private async save(storyId: number, changes: StoryChanges, expectedRevision: number, actor: Actor, kind: StoryRevisionKind, restoredFrom?: number): Promise<void> {
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      // The first statement writes only if the story is still at the version the form started from; it
      // also takes the lock (the row's on PostgreSQL, the database's on SQLite), so a save racing this one
      // waits and then finds the version moved on.
      const isClaimed = await lockStoryAtRevision(trx, storyId, expectedRevision);
      const row = await findRow(trx, storyId);
      if (!row || !this.canSee(actor, row)) throw notFound();
      if (row.deleted_at !== null) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', 'This story is deleted: restore it before changing it.');
      if (!isClaimed) throw new StoryConflictError(await lastSave(trx, row));
      this.requireAny(actor, row, ['story.edit.any', 'story.edit.own'], 'change');
      if (kind === 'autosaved' && LIVE.includes(row.status)) {
        throw new StoryWorkflowError('STORY_IS_LIVE', `This story is ${statusWords[row.status]}: changes are not saved automatically. Press Save to put them live.`);
      }
      const checked = checkChanges(changes, row.status, now);
      const current = await currentInput(trx, row);
      const merged = mergeChanges(current, row, checked);
      const section = await checkedSection(trx, row.edition_code, checked.section, current.section ?? null);
      const input = { ...merged, ...(section !== undefined ? { section } : {}), leadMediaId: await checkedLeadPicture(trx, checked.leadMediaId) };
      if (input.slug !== row.slug && checked.slug) await assertSlugFree(trx, row.edition_code, input.slug ?? '', row.id);

      // Content that reached the story another way (an import) is kept as a revision before it is replaced.
      await ensureBaseline(trx, row);
      const before = await readStoryFace(trx, row.id);
      await saveStoryInTransaction(trx, input, now);
      const embargoUntil = checked.embargoUntil === undefined ? row.embargo_until : checked.embargoUntil;
      await setStoryState(trx, row.id, {
        seo_title: checked.seoTitle === undefined ? row.seo_title : checked.seoTitle,
        seo_description: checked.seoDescription === undefined ? row.seo_description : checked.seoDescription,
        embargo_until: embargoUntil,
        // A scheduled story never goes out before its embargo, however the two were set.
        scheduled_at: row.status === 'scheduled' ? later(row.scheduled_at, embargoUntil) : row.scheduled_at,
      });
      await snapshot(trx, row.id, kind, actorIdOf(actor), now, restoredFrom);
      await recordStoryChange(trx, 'story.updated', before, await readStoryFace(trx, row.id), now);
    });
  }

  /** draft → in review: the writer hands the story to an editor. */
  async submit(storyId: number, actor: Actor): Promise<TransitionResult> {
    return this.step(storyId, actor, async (trx, row) => {
      assertFrom(row, ['draft'], 'submit it for review', 'Only a draft can be submitted for review.');
      this.requireAny(actor, row, ['story.submit'], 'submit');
      assertHasBody(row);
      await setStatus(trx, row.id, { status: 'in_review' });
      return 'submitted';
    });
  }

  /**
   * Puts the story live now. Before its embargo it is scheduled for the embargo's instant instead, whoever
   * presses Publish. The first publication fixes `published_at` (the dateline); publishing again after
   * unpublishing keeps it, and sets the updated time.
   */
  async publish(storyId: number, actor: Actor): Promise<TransitionResult> {
    return this.step(storyId, actor, async (trx, row, now) => {
      assertFrom(row, GOES_LIVE_FROM, 'publish it', 'Only a draft, a story in review or a scheduled story can be published. Put it back to draft first.');
      this.requireAny(actor, row, ['story.publish.any', 'story.publish.own'], 'publish');
      assertHasBody(row);
      await assertPicturesDescribed(trx, row, this.editions.find(row.edition_code)?.language ?? row.edition_code);
      if (row.embargo_until !== null && row.embargo_until > now.toISOString()) {
        await setStatus(trx, row.id, { status: 'scheduled', scheduled_at: row.embargo_until });
        await this.record(trx, actor, 'story.scheduled', row, now, { at: row.embargo_until, heldByEmbargo: true, from: row.status });
        return 'held-by-embargo';
      }
      const instant = now.toISOString();
      await setStatus(trx, row.id, { status: 'published', published_at: row.published_at ?? instant, updated_at: instant, scheduled_at: null });
      await indexStoryChange(trx, row.id);
      await this.record(trx, actor, 'story.published', row, now, { from: row.status, publishedAt: row.published_at ?? instant, isFirst: row.published_at === null });
      return 'published';
    });
  }

  /**
   * Schedules the story for `at` (an ISO instant in the future), or for its embargo when that is later.
   * The scheduler (src/jobs/scheduler.ts) publishes it then, exactly once.
   */
  async schedule(storyId: number, at: string, actor: Actor): Promise<TransitionResult> {
    return this.step(storyId, actor, async (trx, row, now) => {
      assertFrom(row, GOES_LIVE_FROM, 'schedule it', 'Only a draft, a story in review or a scheduled story can be scheduled. Put it back to draft first.');
      this.requireAny(actor, row, ['story.schedule'], 'schedule');
      assertHasBody(row);
      await assertPicturesDescribed(trx, row, this.editions.find(row.edition_code)?.language ?? row.edition_code);
      const requested = parseInstant(at, 'scheduledAt');
      if (requested <= now.toISOString()) {
        throw new StoryWorkflowError('STORY_FIELD_INVALID', 'Choose a time in the future, or publish the story now.', 'scheduledAt');
      }
      const effective = later(requested, row.embargo_until) ?? requested;
      await setStatus(trx, row.id, { status: 'scheduled', scheduled_at: effective });
      await this.record(trx, actor, 'story.scheduled', row, now, { at: effective, requested, heldByEmbargo: effective !== requested, from: row.status });
      return effective === requested ? 'scheduled' : 'held-by-embargo';
    });
  }

  /**
   * The scheduler's step (src/jobs/scheduler.ts): puts a scheduled story live if it is still due at `now`.
   * Exactly once, even with several app servers: the claim is a conditional update that only one of them can
   * make; the others find nothing to do. Never before the embargo, never a deleted story.
   * @example const publication = await workflow.publishScheduled(storyId, clock.now())
   */
  async publishScheduled(storyId: number, now: Date): Promise<ScheduledPublication | undefined> {
    const instant = now.toISOString();
    return this.changes.transaction(async (trx) => {
      if (!(await lockStory(trx, storyId))) return undefined;
      const before = await readStoryFace(trx, storyId);
      if (!(await claimScheduledStory(trx, storyId, instant))) return undefined;
      await indexStoryChange(trx, storyId);
      const row = await findRow(trx, storyId);
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

  /**
   * The importer's step: a story from outside (a file, another system) under its own code. It creates the
   * story, or updates one an earlier import made; a story the newsroom made or changed under that code —
   * a draft, an embargoed or unpublished story, one edited after import — is left as it is unless `replace`
   * is given. Either way it never goes live before an embargo, keeps the former content as a revision, writes
   * an audit entry and records its change event, all in one transaction.
   * @example await workflow.importStory({ editionCode: 'en', code: 898945, headline: 'Rain', body, status: 'published', publishedAt }, { replace: false })
   */
  async importStory(input: StoryInput, options: ImportStoryOptions = {}): Promise<ImportedStory> {
    const now = this.clock.now();
    return this.changes.transaction(async (trx) => {
      // The code's reservation (or a new code) is the first write: it takes the write lock before anything is read.
      const isNewCode = input.code === undefined;
      const code = input.code === undefined ? await allocateCode(trx, now) : await reserveStoryCode(trx, input.code, now);
      input = { ...input, code };
      const existingId = isNewCode ? undefined : await findStoryId(trx, input.editionCode, code);
      const existing = existingId === undefined ? undefined : await findRow(trx, existingId);
      const isNewsroomWork = existing !== undefined && (await isChangedInNewsroom(trx, existing));
      if (existing && isNewsroomWork && !options.replace) {
        throw new StoryWorkflowError(
          'STORY_IMPORT_CONFLICT',
          `story ${code} in edition ${input.editionCode} is newsroom work (${statusWords[existing.status]}${existing.deleted_at ? ', deleted' : ''}: “${existing.headline}”); left as it is (--replace replaces it)`,
        );
      }
      if (existing) await ensureBaseline(trx, existing);
      const before = existing ? await readStoryFace(trx, existing.id) : undefined;
      const embargo = existing?.embargo_until ?? null;
      const isHeld = embargo !== null && embargo > now.toISOString();
      const saved = await saveStoryInTransaction(trx, { ...input, status: isHeld ? 'scheduled' : 'published' }, now);
      await setStoryState(trx, saved.id, {
        scheduled_at: isHeld ? embargo : null,
        ...(existing?.deleted_at ? { deleted_at: null, deleted_by: null } : {}),
      });
      await snapshot(trx, saved.id, 'imported', null, now);
      const change = !existing ? 'created' : isNewsroomWork ? 'replaced' : 'updated';
      const replaced = existing && isNewsroomWork ? { headline: existing.headline, status: existing.deleted_at ? 'deleted' : existing.status } : undefined;
      await this.audit.record(
        {
          action: 'story.imported',
          actorId: null,
          subject: { type: 'story', id: saved.id },
          details: { edition: input.editionCode, code, headline: input.headline, change, status: isHeld ? 'scheduled' : 'published', ...(replaced ? { replaced } : {}) },
        },
        trx,
        now,
      );
      if (options.featured) {
        await replaceFeatured(trx, input.editionCode, options.featured);
        await this.audit.record(
          { action: 'curation.featured_changed', actorId: null, subject: { type: 'edition', id: input.editionCode }, details: { change: 'imported', from: `story ${code}` } },
          trx,
          now,
        );
        await recordChange(trx, { kind: 'curation.featured_changed', editionCode: input.editionCode, keys: [cacheKeys.rail(input.editionCode)], subject: { change: 'imported' } }, now);
      }
      await options.within?.(trx, { id: saved.id, code, isNew: !existing }, now);
      await recordStoryChange(trx, isHeld ? 'story.updated' : before?.isPublic ? 'story.updated' : 'story.published', before, await readStoryFace(trx, saved.id), now);
      return { id: saved.id, code, editionCode: input.editionCode, slug: saved.slug, change, status: isHeld ? 'scheduled' : 'published', ...(replaced ? { replaced } : {}) };
    });
  }

  /**
   * Reserves story codes before an import's first file, so that drafts the newsroom starts meanwhile are
   * numbered after them and never take a code a later file carries.
   */
  async reserveStoryCodes(codes: readonly number[]): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      for (const code of [...new Set(codes)].sort((a, b) => a - b)) await reserveStoryCode(trx, code, now);
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

  /** published → unpublished: off every page, feed, sitemap and search at once. */
  async unpublish(storyId: number, actor: Actor): Promise<TransitionResult> {
    return this.step(storyId, actor, async (trx, row, now) => {
      assertFrom(row, ['published'], 'unpublish it', 'Only a published story can be unpublished.');
      this.requireAny(actor, row, ['story.unpublish'], 'unpublish');
      await setStatus(trx, row.id, { status: 'unpublished', updated_at: now.toISOString() });
      await indexStoryChange(trx, row.id);
      await this.record(trx, actor, 'story.unpublished', row, now, {});
      return 'unpublished';
    });
  }

  /**
   * in review, scheduled or unpublished → draft: sent back, unscheduled, or reworked before going out again.
   * `note` tells the author why; it is kept with the step (`story_returns`) and in the audit entry, and the
   * author sees it on the story's page and their dashboard while the story is a draft.
   * @example await workflow.backToDraft(id, personActor(editor), 'Needs a second source for the figures.')
   */
  async backToDraft(storyId: number, actor: Actor, note = ''): Promise<TransitionResult> {
    const text = note.trim();
    if (text.length > STORY_RETURN_NOTE_MAX_LENGTH) {
      throw new StoryWorkflowError('STORY_FIELD_INVALID', `Keep the note to the author under ${STORY_RETURN_NOTE_MAX_LENGTH} characters.`, 'note');
    }
    return this.step(storyId, actor, async (trx, row, now) => {
      assertFrom(row, BACK_TO_DRAFT_FROM, 'put it back to draft', 'Only a story in review, scheduled or unpublished can go back to draft.');
      this.requireAny(actor, row, ['story.edit.any', 'story.edit.own'], 'put back to draft');
      await setStatus(trx, row.id, { status: 'draft', scheduled_at: null });
      await trx.insertInto('story_returns').values({ story_id: row.id, from_status: row.status, note: text, returned_at: now.toISOString(), returned_by: actorIdOf(actor) }).execute();
      await this.record(trx, actor, 'story.returned_to_draft', row, now, { from: row.status, note: text });
      return 'back-to-draft';
    });
  }

  /**
   * The note that sent the story back to draft, while it is still a draft; undefined once it moved on
   * (submitted again, published), or when it was never sent back, or the person may not see it.
   */
  async findReturnNote(storyId: number, actor: Actor): Promise<StoryReturnNote | undefined> {
    const row = await findRow(this.db, storyId);
    if (!row || !this.canSee(actor, row) || row.status !== 'draft' || row.deleted_at !== null) return undefined;
    return (await findReturnNotes(this.db, [storyId])).get(storyId);
  }

  /**
   * Soft delete: the story leaves the newsroom's lists and, if it was live, every reader path (a published
   * story is unpublished, a scheduled one unscheduled, in the same transaction). `restore` undoes it.
   */
  async softDelete(storyId: number, actor: Actor): Promise<TransitionResult> {
    return this.step(storyId, actor, async (trx, row, now) => {
      if (row.deleted_at !== null) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', 'This story is already deleted.');
      this.requireAny(actor, row, ['story.delete'], 'delete');
      if (LIVE.includes(row.status)) this.requireAny(actor, row, ['story.unpublish'], 'take down');
      const instant = now.toISOString();
      const status: StoryStatus = row.status === 'published' ? 'unpublished' : row.status === 'scheduled' ? 'draft' : row.status;
      await setStoryState(trx, row.id, {
        status,
        deleted_at: instant,
        deleted_by: actorIdOf(actor),
        scheduled_at: row.status === 'scheduled' ? null : row.scheduled_at,
        updated_at: row.status === 'published' ? instant : row.updated_at,
      });
      if (row.status === 'published') await indexStoryChange(trx, row.id);
      await this.record(trx, actor, 'story.deleted', row, now, { status: row.status });
      return 'deleted';
    });
  }

  /** Undoes a soft delete. The story comes back as it was left (a deleted live story comes back unpublished, not live). */
  async restore(storyId: number, actor: Actor): Promise<TransitionResult> {
    return this.step(storyId, actor, async (trx, row, now) => {
      if (row.deleted_at === null) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', 'This story is not deleted.');
      this.requireAny(actor, row, ['story.restore'], 'restore');
      await setStoryState(trx, row.id, { deleted_at: null, deleted_by: null });
      await this.record(trx, actor, 'story.restored', row, now, { status: row.status });
      return 'restored';
    });
  }

  /** Brings back revision `number`'s content as a new revision (nothing is erased), if `expectedRevision` is still current. */
  async restoreRevision(storyId: number, number: number, expectedRevision: number, actor: Actor): Promise<EditableStory> {
    const revision = await this.getRevision(storyId, number, actor);
    const row = await findRow(this.db, storyId);
    const slugTaken = row ? await isSlugTaken(this.db, row.edition_code, revision.slug, storyId) : false;
    await this.save(
      storyId,
      {
        headline: revision.headline,
        teaser: revision.teaser,
        body: revision.body,
        // An address another story took since is left as it is now.
        ...(slugTaken ? {} : { slug: revision.slug }),
        section: revision.section,
        tags: revision.tags,
        authors: revision.authors,
        seoTitle: revision.seoTitle,
        seoDescription: revision.seoDescription,
      },
      expectedRevision,
      actor,
      'restored',
      number,
    );
    return this.getForEditing(storyId, actor);
  }

  /** The story as its form shows it; `STORY_NOT_FOUND` when it does not exist or the person may not see it. */
  async getForEditing(storyId: number, actor: Actor): Promise<EditableStory> {
    const row = await findRow(this.db, storyId);
    if (!row || !this.canSee(actor, row)) throw notFound();
    const [tags, authors, last] = await Promise.all([tagNames(this.db, row.id), authorNames(this.db, row.id), lastSave(this.db, row)]);
    const body = parseBody(row.body);
    return {
      id: row.id,
      code: Number(row.code),
      editionCode: row.edition_code,
      status: row.status,
      headline: row.headline,
      teaser: row.teaser,
      isTeaserDerived: row.teaser === teaserFrom(body),
      body,
      slug: row.slug,
      section: row.section_name,
      tags,
      authors,
      seoTitle: row.seo_title,
      seoDescription: row.seo_description,
      scheduledAt: row.scheduled_at,
      embargoUntil: row.embargo_until,
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      createdAt: row.created_at,
      revision: row.revision,
      owner: personRef(row.created_by, row.owner_name),
      deletedAt: row.deleted_at,
      deletedBy: personRef(row.deleted_by, row.deleted_by_name),
      lastSaved: { at: last.savedAt, by: last.savedBy },
      leadMediaId: row.lead_media_id,
    };
  }

  /** What the person may do to the story now, as buttons: each one both allowed and valid from its status. */
  availableActions(story: EditableStory, actor: Actor): Set<WorkflowAction> {
    const resource = this.resourceOf({ created_by: story.owner?.id ?? null, status: story.status, edition_code: story.editionCode });
    const may = (...actions: Action[]) => actor.kind === 'command-line' || actions.some((a) => can(actor.user, a, resource));
    const out = new Set<WorkflowAction>();
    if (story.deletedAt !== null) {
      if (may('story.restore')) out.add('restore');
      return out;
    }
    const mayEdit = may('story.edit.any', 'story.edit.own');
    if (mayEdit) out.add('edit');
    if (story.status === 'draft' && may('story.submit')) out.add('submit');
    if (GOES_LIVE_FROM.includes(story.status) && may('story.publish.any', 'story.publish.own')) out.add('publish');
    if (GOES_LIVE_FROM.includes(story.status) && may('story.schedule')) out.add('schedule');
    if (story.status === 'published' && may('story.unpublish')) out.add('unpublish');
    if (BACK_TO_DRAFT_FROM.includes(story.status) && mayEdit) out.add('toDraft');
    if (may('story.delete') && (!LIVE.includes(story.status) || may('story.unpublish'))) out.add('delete');
    return out;
  }

  /** Whether the person sees every story in the newsroom, or only their own. */
  seesAllStories(actor: Actor): boolean {
    return actor.kind === 'command-line' || (!actor.user.isDisabled && hasGrant(actor.user.role, 'story.edit.any'));
  }

  /**
   * The newsroom's story list: newest change first, 25 a page, filtered; deleted stories only when asked for.
   * People who may not edit every story see their own only.
   */
  async list(filter: StoryListFilter, actor: Actor): Promise<Page<StoryListItem>> {
    const page = filter.page ?? 1;
    let query = this.db
      .selectFrom('stories as s')
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .leftJoin('users as owner', 'owner.id', 's.created_by');
    query = filter.status === 'deleted' ? query.where('s.deleted_at', 'is not', null) : query.where('s.deleted_at', 'is', null);
    if (filter.status !== undefined && filter.status !== 'deleted') query = query.where('s.status', '=', filter.status);
    if (filter.editionCode !== undefined) query = query.where('s.edition_code', '=', filter.editionCode);
    if (filter.sectionId !== undefined) query = query.where('s.section_id', '=', filter.sectionId);
    if (filter.authorSlug !== undefined) {
      const slug = filter.authorSlug;
      query = query.where('s.id', 'in', (eb) => eb.selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select('sa.story_id').where('a.slug', '=', slug));
    }
    // headlineKey keeps letters, digits and spaces only, so the words need no escaping inside LIKE.
    const key = filter.headline === undefined ? '' : headlineKey(filter.headline);
    if (key !== '') query = query.where('s.headline_key', 'like', `%${key}%`);
    if (!this.seesAllStories(actor)) query = query.where('s.created_by', '=', actorIdOf(actor) ?? -1);

    const countRow = await query.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirst();
    const total = Number(countRow?.total ?? 0);
    const rows = await query
      .select([
        's.id', 's.code', 's.edition_code', 's.headline', 's.status', 's.updated_at', 's.published_at', 's.scheduled_at', 's.embargo_until',
        's.deleted_at', 's.created_by', 'sec.name as section_name', 'owner.display_name as owner_name',
      ])
      .orderBy('s.updated_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(NEWSROOM_PAGE_SIZE)
      .offset((page - 1) * NEWSROOM_PAGE_SIZE)
      .execute();
    const ids = rows.map((r) => r.id);
    const bylines =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom('story_authors as sa')
            .innerJoin('authors as a', 'a.id', 'sa.author_id')
            .select(['sa.story_id', 'a.name'])
            .where('sa.story_id', 'in', ids)
            .orderBy('sa.story_id')
            .orderBy('sa.position')
            .execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        code: Number(r.code),
        editionCode: r.edition_code,
        headline: r.headline,
        status: r.status,
        section: r.section_name,
        authors: bylines.filter((b) => b.story_id === r.id).map((b) => b.name),
        owner: personRef(r.created_by, r.owner_name),
        updatedAt: r.updated_at,
        publishedAt: r.published_at,
        scheduledAt: r.scheduled_at,
        embargoUntil: r.embargo_until,
        deletedAt: r.deleted_at,
      })),
      page,
      pageCount: Math.max(1, Math.ceil(total / NEWSROOM_PAGE_SIZE)),
      total,
    };
  }

  /** Sections and bylines for the list's filters. */
  async listFilterOptions(): Promise<StoryListFilterOptions> {
    const [sections, authors] = await Promise.all([
      this.db.selectFrom('sections').select(['id', 'name', 'edition_code']).orderBy('edition_code').orderBy('name').execute(),
      this.db.selectFrom('authors').select(['slug', 'name']).orderBy('name').execute(),
    ]);
    return { sections: sections.map((s) => ({ id: s.id, name: s.name, editionCode: s.edition_code })), authors };
  }

  /** Newest first, 50 a page. Content that came in without a revision (an import) shows as one. */
  async listRevisions(storyId: number, actor: Actor, page = 1): Promise<Page<RevisionSummary>> {
    const row = await findRow(this.db, storyId);
    if (!row || !this.canSee(actor, row)) throw notFound();
    const hasCurrent = await revisionExists(this.db, storyId, row.revision);
    const countRow = await this.db
      .selectFrom('story_revisions')
      .select((eb) => eb.fn.countAll<number | string>().as('total'))
      .where('story_id', '=', storyId)
      .executeTakeFirst();
    const total = Number(countRow?.total ?? 0) + (hasCurrent ? 0 : 1);
    const offset = (page - 1) * REVISIONS_PAGE_SIZE;
    const stored = await revisionQuery(this.db, storyId)
      .orderBy('r.number', 'desc')
      .limit(REVISIONS_PAGE_SIZE)
      .offset(hasCurrent || offset === 0 ? offset : offset - 1)
      .execute();
    const items = stored.map(toRevision).map(summaryOf);
    if (!hasCurrent && page === 1) {
      items.unshift(summaryOf(await currentAsRevision(this.db, row)));
      if (items.length > REVISIONS_PAGE_SIZE) items.pop();
    }
    return { items, page, pageCount: Math.max(1, Math.ceil(total / REVISIONS_PAGE_SIZE)), total };
  }

  /** One revision, whole. */
  async getRevision(storyId: number, number: number, actor: Actor): Promise<StoryRevision> {
    const row = await findRow(this.db, storyId);
    if (!row || !this.canSee(actor, row)) throw notFound();
    const stored = await revisionQuery(this.db, storyId).where('r.number', '=', number).executeTakeFirst();
    if (stored) return toRevision(stored);
    if (number === row.revision) return currentAsRevision(this.db, row);
    throw new StoryWorkflowError('STORY_NOT_FOUND', `This story has no revision ${number}.`);
  }

  /** A readable comparison of revisions `a` (older) and `b` (newer): headline and fields word by word, the body block by block. */
  async diffRevisions(storyId: number, a: number, b: number, actor: Actor): Promise<RevisionDiff> {
    const [from, to] = await Promise.all([this.getRevision(storyId, a, actor), this.getRevision(storyId, b, actor)]);
    return diffRevisions(from, to);
  }

  /**
   * The story as the reader's page would show it, from its current content or one revision's, for staff to
   * preview before (or after) publishing. The dateline is the publication time, else the scheduled time, else now.
   */
  async getPreview(storyId: number, actor: Actor, revisionNumber?: number): Promise<{ story: StoryDetail; revision: StoryRevision }> {
    const row = await findRow(this.db, storyId);
    if (!row || !this.canSee(actor, row)) throw notFound();
    const revision = await this.getRevision(storyId, revisionNumber ?? row.revision, actor);
    const notes = await findStoryNotes(this.db, storyId);
    const taxon = (name: string) => ({ slug: slugify(name), name });
    const story: StoryDetail = {
      id: row.id,
      code: Number(row.code),
      editionCode: row.edition_code,
      slug: revision.slug,
      headline: revision.headline,
      teaser: revision.teaser,
      body: revision.body,
      publishedAt: row.published_at ?? row.scheduled_at ?? this.clock.now().toISOString(),
      updatedAt: row.published_at === null ? (row.scheduled_at ?? this.clock.now().toISOString()) : row.updated_at,
      section: revision.section === null ? null : taxon(revision.section),
      tags: revision.tags.map(taxon),
      authors: revision.authors.map(taxon),
      credit: row.credit_text ? { text: row.credit_text, url: row.credit_url, licenseUrl: row.license_url } : null,
      related: [],
      commentCount: 0,
      notes,
    };
    return { story, revision };
  }

  private async step(storyId: number, actor: Actor, run: (trx: Transaction<Database>, row: WorkflowRow, now: Date) => Promise<TransitionOutcome>): Promise<TransitionResult> {
    const now = this.clock.now();
    const outcome = await this.changes.transaction(async (trx) => {
      // A write that changes nothing, first: it takes the lock, so the status read next cannot change
      // under this step before it writes (and SQLite never has to upgrade a read lock).
      if (!(await lockStory(trx, storyId))) throw notFound();
      const row = await findRow(trx, storyId);
      if (!row || !this.canSee(actor, row)) throw notFound();
      const before = await readStoryFace(trx, storyId);
      const result = await run(trx, row, now);
      await recordStoryChange(trx, changeKindOf[result], before, await readStoryFace(trx, storyId), now);
      return result;
    });
    return { story: await this.getForEditing(storyId, actor), outcome };
  }

  private canSee(actor: Actor, row: Pick<WorkflowRow, 'created_by'>): boolean {
    if (actor.kind === 'command-line') return true;
    if (actor.user.isDisabled) return false;
    return hasGrant(actor.user.role, 'story.edit.any') || (row.created_by !== null && row.created_by === actor.user.id);
  }

  private resourceOf(row: Pick<WorkflowRow, 'created_by' | 'status' | 'edition_code'>): StoryResource {
    return { kind: 'story', ownerId: row.created_by, status: row.status, canAuthorsPublish: this.editions.find(row.edition_code)?.canAuthorsPublish ?? false };
  }

  private requireAny(actor: Actor, row: WorkflowRow, actions: Action[], verb: string): void {
    if (actor.kind === 'command-line') return;
    const resource = this.resourceOf(row);
    if (actions.some((action) => can(actor.user, action, resource))) return;
    throw forbidden(`${verb} this story while it is ${statusWords[row.status]}`);
  }

  private async record(trx: Transaction<Database>, actor: Actor, action: AuditAction, row: WorkflowRow, now: Date, details: Record<string, unknown>): Promise<void> {
    await this.audit.record(
      {
        action,
        actorId: actorIdOf(actor),
        subject: { type: 'story', id: row.id },
        details: { edition: row.edition_code, code: Number(row.code), headline: row.headline, ...details },
        addressHash: actor.kind === 'person' ? actor.addressHash : null,
      },
      trx,
      now,
    );
  }
}

/* ------------------------------------------------------------------------------------------------ */

/** The change event each step's outcome records, when readers can see the difference. */
const changeKindOf: Record<TransitionOutcome, ChangeKind> = {
  submitted: 'story.updated',
  published: 'story.published',
  scheduled: 'story.updated',
  'held-by-embargo': 'story.updated',
  unpublished: 'story.unpublished',
  'back-to-draft': 'story.updated',
  deleted: 'story.deleted',
  restored: 'story.restored',
};

type WorkflowRow = NonNullable<Awaited<ReturnType<typeof findRow>>>;

async function findRow(db: Kysely<Database>, storyId: number) {
  const row = await db
    .selectFrom('stories as s')
    .leftJoin('sections as sec', 'sec.id', 's.section_id')
    .leftJoin('users as owner', 'owner.id', 's.created_by')
    .leftJoin('users as remover', 'remover.id', 's.deleted_by')
    .select([
      's.id', 's.code', 's.edition_code', 's.status', 's.headline', 's.teaser', 's.body', 's.slug', 's.section_id', 's.published_at',
      's.updated_at', 's.created_at', 's.created_by', 's.scheduled_at', 's.embargo_until', 's.seo_title', 's.seo_description', 's.revision',
      's.deleted_at', 's.deleted_by', 's.credit_text', 's.credit_url', 's.license_url', 's.lead_media_id',
      'sec.name as section_name', 'sec.slug as section_slug', 'owner.display_name as owner_name', 'remover.display_name as deleted_by_name',
    ])
    .where('s.id', '=', storyId)
    .executeTakeFirst();
  return row ? { ...row, revision: Number(row.revision) } : undefined;
}

async function setStatus(
  trx: Transaction<Database>,
  id: number,
  values: { status: StoryStatus; published_at?: string | null; updated_at?: string; scheduled_at?: string | null },
): Promise<void> {
  await setStoryState(trx, id, values);
}

function assertFrom(row: WorkflowRow, allowed: readonly StoryStatus[], what: string, rule: string): void {
  if (row.deleted_at !== null) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', `This story is deleted: restore it before you ${what}.`);
  if (!allowed.includes(row.status)) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', `This story is ${statusWords[row.status]}. ${rule}`);
}

/** A lead picture must be in the library; undefined leaves the story's as it is. */
async function checkedLeadPicture(trx: Transaction<Database>, id: number | null | undefined): Promise<number | null | undefined> {
  if (id === undefined || id === null) return id;
  const found = await trx.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw new StoryWorkflowError('STORY_FIELD_INVALID', 'The lead picture is no longer in the library: choose another.', 'leadMediaId');
  return id;
}

/**
 * The section a newsroom save files the story under: one the edition's editors made (Sections and tags), by
 * its name, case aside, or the one the story already has. Imports may bring new sections; the newsroom
 * chooses from the list. Undefined when the save does not touch the section.
 */
async function checkedSection(trx: Transaction<Database>, editionCode: string, name: string | null | undefined, current: NamedRef | null): Promise<NamedRef | null | undefined> {
  if (name === undefined) return undefined;
  if (name === null || name.trim() === '') return null;
  if (current && current.name === name) return current;
  const found = await trx
    .selectFrom('sections')
    .select(['name', 'slug'])
    .where('edition_code', '=', editionCode)
    .where(sql<string>`lower(name)`, '=', name.trim().toLocaleLowerCase('en'))
    .executeTakeFirst();
  if (!found) throw new StoryWorkflowError('STORY_FIELD_INVALID', `There is no section “${name.trim()}” in this edition: choose one from the list (editors add sections under Sections and tags).`, 'section');
  return found;
}

/** Every picture the story shows needs alt text in its language before it goes out (issue 11). */
async function assertPicturesDescribed(trx: Transaction<Database>, row: WorkflowRow, language: string): Promise<void> {
  try {
    await assertAltTextPresent(trx, row.id, language);
  } catch (error) {
    if (error instanceof MediaError) throw new StoryWorkflowError('STORY_FIELD_INVALID', error.message, error.field);
    throw error;
  }
}

function assertHasBody(row: WorkflowRow): void {
  const body = parseBody(row.body);
  if (blocksToPlainText(body).trim() === '' && !body.some((b) => b.type === 'image')) {
    throw new StoryValidationError('body', 'is empty: write the story before it goes to review or out');
  }
}

function notFound(): StoryWorkflowError {
  return new StoryWorkflowError('STORY_NOT_FOUND', 'There is no such story, or it is not one you may open.');
}

function forbidden(what: string): StoryWorkflowError {
  return new StoryWorkflowError('STORY_FORBIDDEN', `Your role does not allow you to ${what}.`);
}

function personRef(id: number | null, name: string | null): PersonRef | null {
  return id !== null && name !== null ? { id, displayName: name } : null;
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function parseInstant(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new StoryWorkflowError('STORY_FIELD_INVALID', 'Enter a date and a time.', field);
  return new Date(ms).toISOString();
}

/** The writable fields, trimmed and checked; lengths are limited so one form cannot fill the database. */
function checkChanges(changes: StoryChanges, status: StoryStatus, now: Date): StoryChanges {
  const out: StoryChanges = {};
  const text = (value: string | null | undefined, field: string, max: number, what: string): string | null | undefined => {
    if (value === undefined) return undefined;
    const trimmed = (value ?? '').trim();
    if (trimmed.length > max) throw new StoryWorkflowError('STORY_FIELD_INVALID', `${what} is longer than ${max} characters.`, field);
    return trimmed === '' ? null : trimmed;
  };
  const names = (values: string[] | undefined, field: string, maxCount: number, maxLength: number, what: string): string[] | undefined => {
    if (values === undefined) return undefined;
    const cleaned = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
    if (cleaned.length > maxCount) throw new StoryWorkflowError('STORY_FIELD_INVALID', `A story can have at most ${maxCount} ${what}.`, field);
    const long = cleaned.find((v) => v.length > maxLength);
    if (long) throw new StoryWorkflowError('STORY_FIELD_INVALID', `“${long.slice(0, 40)}…” is longer than ${maxLength} characters.`, field);
    return cleaned;
  };
  if (changes.headline !== undefined) out.headline = changes.headline;
  if (changes.body !== undefined) out.body = checkBlocks(changes.body);
  if (changes.leadMediaId !== undefined) {
    if (changes.leadMediaId !== null && (!Number.isSafeInteger(changes.leadMediaId) || changes.leadMediaId <= 0)) {
      throw new StoryWorkflowError('STORY_FIELD_INVALID', 'Choose the lead picture from the library.', 'leadMediaId');
    }
    out.leadMediaId = changes.leadMediaId;
  }
  out.teaser = text(changes.teaser, 'teaser', STORY_FIELD_LIMITS.teaser, 'The teaser');
  const slug = text(changes.slug, 'slug', STORY_FIELD_LIMITS.slug, 'The address');
  // Typed addresses are made URL-safe the same way generated ones are ("Rain Due" → "rain-due").
  out.slug = slug ? slugify(slug) : slug;
  out.section = text(changes.section, 'section', STORY_FIELD_LIMITS.section, 'The section');
  out.tags = names(changes.tags, 'tags', STORY_FIELD_LIMITS.tags, STORY_FIELD_LIMITS.tag, 'tags');
  out.authors = names(changes.authors, 'authors', STORY_FIELD_LIMITS.authors, STORY_FIELD_LIMITS.author, 'bylines');
  out.seoTitle = text(changes.seoTitle, 'seoTitle', STORY_FIELD_LIMITS.seoTitle, 'The search title');
  out.seoDescription = text(changes.seoDescription, 'seoDescription', STORY_FIELD_LIMITS.seoDescription, 'The search description');
  if (changes.embargoUntil !== undefined) {
    out.embargoUntil = changes.embargoUntil === null || changes.embargoUntil.trim() === '' ? null : parseInstant(changes.embargoUntil, 'embargoUntil');
    if (status === 'published' && out.embargoUntil !== null && out.embargoUntil > now.toISOString()) {
      throw new StoryWorkflowError('STORY_FIELD_INVALID', 'This story is already published: unpublish it before setting an embargo in the future.', 'embargoUntil');
    }
  }
  return out;
}

/** The story as the store takes it, with its credit and pinned related links untouched. */
async function currentInput(db: Kysely<Database>, row: WorkflowRow): Promise<StoryInput> {
  const [tags, authors, related] = await Promise.all([
    db.selectFrom('story_tags as st').innerJoin('tags as t', 't.id', 'st.tag_id').select(['t.name', 't.slug']).where('st.story_id', '=', row.id).orderBy('st.position').execute(),
    authorNames(db, row.id),
    db.selectFrom('related_links').select(['target_code', 'headline', 'teaser']).where('story_id', '=', row.id).orderBy('position').execute(),
  ]);
  return {
    editionCode: row.edition_code,
    code: Number(row.code),
    headline: row.headline,
    teaser: row.teaser,
    body: parseBody(row.body),
    status: row.status,
    publishedAt: row.published_at,
    slug: row.slug,
    section: row.section_name !== null && row.section_slug !== null ? { name: row.section_name, slug: row.section_slug } : null,
    tags,
    authors,
    credit: row.credit_text ? { text: row.credit_text, url: row.credit_url, licenseUrl: row.license_url } : null,
    related: related.map((r) => ({ code: r.target_code === null ? undefined : Number(r.target_code), headline: r.headline, teaser: r.teaser })),
  };
}

function mergeChanges(current: StoryInput, row: WorkflowRow, changes: StoryChanges): StoryInput {
  const body = changes.body ?? current.body;
  const wasDerived = row.teaser === teaserFrom(parseBody(row.body));
  // A derived teaser follows the body; one written by hand stays until it is changed or cleared.
  const teaser = changes.teaser === undefined ? (wasDerived ? undefined : current.teaser) : (changes.teaser ?? undefined);
  const keepRef = (name: string, existing: readonly NamedRef[] | undefined): NamedRef => existing?.find((r) => r.name === name) ?? { name };
  return {
    ...current,
    headline: changes.headline ?? current.headline,
    teaser,
    body,
    slug: changes.slug === undefined ? current.slug : (changes.slug ?? undefined),
    section: changes.section === undefined ? current.section : changes.section === null ? null : keepRef(changes.section, current.section ? [current.section] : []),
    tags: changes.tags === undefined ? current.tags : changes.tags.map((name) => keepRef(name, current.tags)),
    authors: changes.authors ?? current.authors,
  };
}

async function isSlugTaken(db: Kysely<Database>, editionCode: string, slug: string, ownId: number | undefined): Promise<boolean> {
  const row = await db
    .selectFrom('stories')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .$if(ownId !== undefined, (qb) => qb.where('id', '<>', ownId ?? 0))
    .executeTakeFirst();
  return row !== undefined;
}

async function assertSlugFree(db: Kysely<Database>, editionCode: string, slug: string, ownId: number | undefined): Promise<void> {
  if (await isSlugTaken(db, editionCode, slug, ownId)) {
    throw new StoryWorkflowError('STORY_FIELD_INVALID', `Another story in this edition already has the address “${slug}”: choose another, or leave it empty to make one from the headline.`, 'slug');
  }
}

async function tagNames(db: Kysely<Database>, storyId: number): Promise<string[]> {
  const rows = await db.selectFrom('story_tags as st').innerJoin('tags as t', 't.id', 'st.tag_id').select('t.name').where('st.story_id', '=', storyId).orderBy('st.position').execute();
  return rows.map((r) => r.name);
}

async function authorNames(db: Kysely<Database>, storyId: number): Promise<string[]> {
  const rows = await db.selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select('a.name').where('sa.story_id', '=', storyId).orderBy('sa.position').execute();
  return rows.map((r) => r.name);
}

async function revisionExists(db: Kysely<Database>, storyId: number, number: number): Promise<boolean> {
  const row = await db.selectFrom('story_revisions').select('id').where('story_id', '=', storyId).where('number', '=', number).executeTakeFirst();
  return row !== undefined;
}

/** Who saved the story's current version, and when; content that came in by import has no one. */
async function lastSave(db: Kysely<Database>, row: WorkflowRow): Promise<{ revision: number; savedAt: string; savedBy: PersonRef | null }> {
  const saved = await db
    .selectFrom('story_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.saved_by')
    .select(['r.saved_at', 'r.saved_by', 'u.display_name'])
    .where('r.story_id', '=', row.id)
    .where('r.number', '=', row.revision)
    .executeTakeFirst();
  if (!saved) return { revision: row.revision, savedAt: row.updated_at, savedBy: null };
  return { revision: row.revision, savedAt: saved.saved_at, savedBy: personRef(saved.saved_by, saved.display_name) };
}

/** Writes the story's stored content as revision `revision` (its current version). */
async function snapshot(trx: Transaction<Database>, storyId: number, kind: StoryRevisionKind, savedBy: number | null, now: Date, restoredFrom?: number): Promise<void> {
  const row = await findRow(trx, storyId);
  if (!row) throw new Error(`story ${storyId} vanished inside its own transaction`);
  const [tags, authors] = await Promise.all([tagNames(trx, storyId), authorNames(trx, storyId)]);
  await trx
    .insertInto('story_revisions')
    .values({
      story_id: storyId,
      number: row.revision,
      saved_at: kind === 'imported' ? row.updated_at : now.toISOString(),
      saved_by: savedBy,
      kind,
      restored_from: restoredFrom ?? null,
      headline: row.headline,
      teaser: row.teaser,
      body: row.body,
      slug: row.slug,
      section_name: row.section_name,
      tags: JSON.stringify(tags),
      authors: JSON.stringify(authors),
      seo_title: row.seo_title,
      seo_description: row.seo_description,
    })
    .execute();
}

/** Made in the newsroom, or changed there after it came in: anything but a published story only imports ever wrote. */
async function isChangedInNewsroom(db: Kysely<Database>, row: WorkflowRow): Promise<boolean> {
  if (row.created_by !== null || row.status !== 'published' || row.deleted_at !== null) return true;
  const edited = await db.selectFrom('story_revisions').select('id').where('story_id', '=', row.id).where('kind', '<>', 'imported').limit(1).executeTakeFirst();
  return edited !== undefined;
}

async function findStoryId(db: Kysely<Database>, editionCode: string, code: number): Promise<number | undefined> {
  const row = await db.selectFrom('stories').select('id').where('edition_code', '=', editionCode).where('code', '=', code).executeTakeFirst();
  return row?.id;
}

async function ensureBaseline(trx: Transaction<Database>, row: WorkflowRow): Promise<void> {
  if (await revisionExists(trx, row.id, row.revision)) return;
  await snapshot(trx, row.id, 'imported', null, new Date(row.updated_at));
}

function revisionQuery(db: Kysely<Database>, storyId: number) {
  return db
    .selectFrom('story_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.saved_by')
    .selectAll('r')
    .select('u.display_name as saved_by_name')
    .where('r.story_id', '=', storyId);
}

function toRevision(row: StoryRevisionRow & { saved_by_name: string | null }): StoryRevision {
  return {
    number: row.number,
    savedAt: row.saved_at,
    savedBy: personRef(row.saved_by, row.saved_by_name),
    kind: row.kind,
    restoredFrom: row.restored_from,
    headline: row.headline,
    teaser: row.teaser,
    body: parseBody(row.body),
    slug: row.slug,
    section: row.section_name,
    tags: JSON.parse(row.tags) as string[],
    authors: JSON.parse(row.authors) as string[],
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
  };
}

async function currentAsRevision(db: Kysely<Database>, row: WorkflowRow): Promise<StoryRevision> {
  const [tags, authors] = await Promise.all([tagNames(db, row.id), authorNames(db, row.id)]);
  return {
    number: row.revision,
    savedAt: row.updated_at,
    savedBy: null,
    kind: 'imported',
    restoredFrom: null,
    headline: row.headline,
    teaser: row.teaser,
    body: parseBody(row.body) as Block[],
    slug: row.slug,
    section: row.section_name,
    tags,
    authors,
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
  };
}

function summaryOf(revision: StoryRevision): RevisionSummary {
  return { number: revision.number, savedAt: revision.savedAt, savedBy: revision.savedBy, kind: revision.kind, restoredFrom: revision.restoredFrom, headline: revision.headline };
}

/**
 * The latest return note of each of these stories that has one with text. Callers only ask about drafts:
 * a draft's latest return is what put it back there (nothing else leads to draft).
 */
export async function findReturnNotes(db: Kysely<Database>, storyIds: readonly number[]): Promise<Map<number, StoryReturnNote>> {
  const out = new Map<number, StoryReturnNote>();
  if (storyIds.length === 0) return out;
  const rows = await db
    .selectFrom('story_returns as r')
    .leftJoin('users as u', 'u.id', 'r.returned_by')
    .select(['r.story_id', 'r.note', 'r.returned_at', 'r.returned_by', 'u.display_name'])
    .where('r.story_id', 'in', storyIds)
    .orderBy('r.id', 'desc')
    .execute();
  const seen = new Set<number>();
  for (const r of rows) {
    if (seen.has(r.story_id)) continue;
    seen.add(r.story_id);
    // A latest return without a note says nothing; an older note was about an earlier round.
    if (r.note !== '') out.set(r.story_id, { note: r.note, at: r.returned_at, by: personRef(r.returned_by, r.display_name) });
  }
  return out;
}
