import type { Kysely, Transaction } from 'kysely';
import type { Database, StoryStatus } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import type { AuditAction, AuditLog } from '../audit/audit-log.ts';
import { readStoryFace, recordStoryChange, type ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import type { EditionService } from '../editions/edition-service.ts';
import { indexStoryChange } from '../search/index-story-change.ts';
import { lockStory, setStoryState } from '../stories/story-store.ts';
import { assertHasBody, assertPicturesDescribed, checkReturnNote, laterInstant, parseInstant } from './check-story-changes.ts';
import { findReturnNotes } from './find-return-notes.ts';
import { findWorkflowRow, type WorkflowRow } from './find-workflow-row.ts';
import type { EditableStory, StoryChanges, StoryReturnNote, TransitionOutcome, TransitionResult } from './newsroom-types.ts';
import { NewsroomStoryList } from './newsroom-story-list.ts';
import { ScheduledPublisher } from './scheduled-publisher.ts';
import { StoryAccess, storyNotFound } from './story-access.ts';
import { StoryEditor } from './story-editor.ts';
import { StoryImporter } from './story-importer.ts';
import { StoryRevisions } from './story-revisions.ts';
import { StoryTranslations } from './story-translations.ts';
import { CHANGE_KIND_OF, LIVE, STATUS_AFTER_DELETION, STORY_PERMITS, STORY_TRANSITIONS, type StoryTransition } from './story-transitions.ts';
import { storyProblems } from '../stories/story-problems.ts';
import { StoryWorkflowError } from './story-workflow-errors.ts';

/**
 * The newsroom's story workflow: drafts, saves with conflict detection, revisions, and the steps
 * draft → in review → scheduled or published → unpublished (→ draft), soft deletion and its undoing.
 *
 * Every step checks the permission table (`can`, docs/decisions/005) AND that it starts from the story's
 * status (both read from `STORY_TRANSITIONS`), inside the transaction that makes the change, its revision row,
 * its search-index update and its audit entry. Every read checks that the person may see the story
 * (`StoryAccess`). The steps live here; writing, the list, revisions, imports and the scheduler's side are
 * parts this service is made of, and it answers for them so its callers need know only one.
 */
export class StoryWorkflow {
  private readonly access: StoryAccess;
  private readonly editor: StoryEditor;
  private readonly storyList: NewsroomStoryList;
  private readonly revisions: StoryRevisions;
  private readonly importer: StoryImporter;
  private readonly publisher: ScheduledPublisher;
  private readonly translations: StoryTranslations;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly editions: EditionService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.access = new StoryAccess(editions);
    this.revisions = new StoryRevisions(db, this.access, clock);
    this.editor = new StoryEditor(db, changes, editions, this.access, this.revisions, clock);
    this.storyList = new NewsroomStoryList(db, this.access);
    this.importer = new StoryImporter(db, changes, audit, clock);
    this.publisher = new ScheduledPublisher(db, changes, audit);
    this.translations = new StoryTranslations(db, changes, editions, this.access, audit, clock);
  }

  /**
   * A new draft owned by the person who writes it; revision 1.
   * @example await workflow.createDraft({ editionCode: 'en', headline: 'Rain due' }, personActor(author))
   */
  createDraft(...args: Parameters<StoryEditor['createDraft']>): ReturnType<StoryEditor['createDraft']> {
    return this.editor.createDraft(...args);
  }

  /**
   * Saves changes made to the version `expectedRevision`. When someone saved since, nothing is written and
   * a `StoryConflictError` names who and when. The story, its revision row and its search entry change in
   * one transaction. Autosaves (`isAutosave`) never write to a live story: its changes wait for Save.
   */
  async update(storyId: number, changes: StoryChanges, expectedRevision: number, actor: Actor, options: { isAutosave?: boolean } = {}): Promise<EditableStory> {
    await this.editor.save(storyId, changes, expectedRevision, actor, options.isAutosave ? 'autosaved' : 'saved');
    return this.editor.getForEditing(storyId, actor);
  }

  /** draft → in review: the writer hands the story to an editor. */
  async submit(storyId: number, actor: Actor): Promise<TransitionResult> {
    return this.step(storyId, actor, async (trx, row) => {
      this.assertMay(actor, row, STORY_TRANSITIONS.submit);
      assertHasBody(row);
      await setStoryState(trx, row.id, { status: STORY_TRANSITIONS.submit.to });
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
      this.assertMay(actor, row, STORY_TRANSITIONS.publish);
      assertHasBody(row);
      await assertPicturesDescribed(trx, row, this.languageOf(row));
      if (row.embargo_until !== null && row.embargo_until > now.toISOString()) {
        await setStoryState(trx, row.id, { status: 'scheduled', scheduled_at: row.embargo_until });
        await this.record(trx, actor, 'story.scheduled', row, now, { at: row.embargo_until, heldByEmbargo: true, from: row.status });
        return 'held-by-embargo';
      }
      const instant = now.toISOString();
      await setStoryState(trx, row.id, { status: STORY_TRANSITIONS.publish.to, published_at: row.published_at ?? instant, updated_at: instant, scheduled_at: null });
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
      this.assertMay(actor, row, STORY_TRANSITIONS.schedule);
      assertHasBody(row);
      await assertPicturesDescribed(trx, row, this.languageOf(row));
      const requested = parseInstant(at, 'scheduledAt');
      if (requested <= now.toISOString()) {
        throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.scheduleInFuture, 'scheduledAt');
      }
      const effective = laterInstant(requested, row.embargo_until) ?? requested;
      await setStoryState(trx, row.id, { status: STORY_TRANSITIONS.schedule.to, scheduled_at: effective });
      await this.record(trx, actor, 'story.scheduled', row, now, { at: effective, requested, heldByEmbargo: effective !== requested, from: row.status });
      return effective === requested ? 'scheduled' : 'held-by-embargo';
    });
  }

  /** published → unpublished: off every page, feed, sitemap and search at once. */
  async unpublish(storyId: number, actor: Actor): Promise<TransitionResult> {
    return this.step(storyId, actor, async (trx, row, now) => {
      this.assertMay(actor, row, STORY_TRANSITIONS.unpublish);
      await setStoryState(trx, row.id, { status: STORY_TRANSITIONS.unpublish.to, updated_at: now.toISOString() });
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
    const text = checkReturnNote(note);
    return this.step(storyId, actor, async (trx, row, now) => {
      this.assertMay(actor, row, STORY_TRANSITIONS.toDraft);
      await setStoryState(trx, row.id, { status: STORY_TRANSITIONS.toDraft.to, scheduled_at: null });
      await trx.insertInto('story_returns').values({ story_id: row.id, from_status: row.status, note: text, returned_at: now.toISOString(), returned_by: actorIdOf(actor) }).execute();
      await this.record(trx, actor, 'story.returned_to_draft', row, now, { from: row.status, note: text });
      return 'back-to-draft';
    });
  }

  /**
   * Soft delete: the story leaves the newsroom's lists and, if it was live, every reader path (a published
   * story is unpublished, a scheduled one unscheduled, in the same transaction). `restore` undoes it.
   */
  async softDelete(storyId: number, actor: Actor): Promise<TransitionResult> {
    return this.step(storyId, actor, async (trx, row, now) => {
      if (row.deleted_at !== null) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', storyProblems.alreadyDeleted);
      this.access.require(actor, row, STORY_PERMITS.delete);
      if (LIVE.includes(row.status)) this.access.require(actor, row, STORY_PERMITS.takeDown);
      const instant = now.toISOString();
      const status: StoryStatus = STATUS_AFTER_DELETION[row.status] ?? row.status;
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
      if (row.deleted_at === null) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', storyProblems.notDeleted);
      this.access.require(actor, row, STORY_PERMITS.restore);
      await setStoryState(trx, row.id, { deleted_at: null, deleted_by: null });
      await this.record(trx, actor, 'story.restored', row, now, { status: row.status });
      return 'restored';
    });
  }

  /**
   * The note that sent the story back to draft, while it is still a draft; undefined once it moved on
   * (submitted again, published), or when it was never sent back, or the person may not see it.
   */
  async findReturnNote(storyId: number, actor: Actor): Promise<StoryReturnNote | undefined> {
    const row = await findWorkflowRow(this.db, storyId);
    if (!row || !this.access.canSee(actor, row) || row.status !== 'draft' || row.deleted_at !== null) return undefined;
    return (await findReturnNotes(this.db, [storyId])).get(storyId);
  }

  /** What the person may do to the story now, as buttons: each one both allowed and valid from its status. */
  availableActions(...args: Parameters<StoryAccess['availableActions']>): ReturnType<StoryAccess['availableActions']> {
    return this.access.availableActions(...args);
  }

  /** Whether the person sees every story in the newsroom, or only their own. */
  seesAllStories(...args: Parameters<StoryAccess['seesAllStories']>): ReturnType<StoryAccess['seesAllStories']> {
    return this.access.seesAllStories(...args);
  }

  /* The parts' answers, under the one name callers know (see each part for the details). */

  /** The story as its form shows it; `STORY_NOT_FOUND` when it does not exist or the person may not see it. */
  getForEditing(...args: Parameters<StoryEditor['getForEditing']>): ReturnType<StoryEditor['getForEditing']> {
    return this.editor.getForEditing(...args);
  }

  /** Brings back revision `number`'s content as a new revision (nothing is erased), if `expectedRevision` is still current. */
  restoreRevision(...args: Parameters<StoryEditor['restoreRevision']>): ReturnType<StoryEditor['restoreRevision']> {
    return this.editor.restoreRevision(...args);
  }

  /** The newsroom's story list: newest change first, 25 a page, filtered; people see what they may see. */
  list(...args: Parameters<NewsroomStoryList['list']>): ReturnType<NewsroomStoryList['list']> {
    return this.storyList.list(...args);
  }

  listFilterOptions(...args: Parameters<NewsroomStoryList['filterOptions']>): ReturnType<NewsroomStoryList['filterOptions']> {
    return this.storyList.filterOptions(...args);
  }

  listRevisions(...args: Parameters<StoryRevisions['list']>): ReturnType<StoryRevisions['list']> {
    return this.revisions.list(...args);
  }

  getRevision(...args: Parameters<StoryRevisions['get']>): ReturnType<StoryRevisions['get']> {
    return this.revisions.get(...args);
  }

  diffRevisions(...args: Parameters<StoryRevisions['diff']>): ReturnType<StoryRevisions['diff']> {
    return this.revisions.diff(...args);
  }

  getPreview(...args: Parameters<StoryRevisions['preview']>): ReturnType<StoryRevisions['preview']> {
    return this.revisions.preview(...args);
  }

  /** "Translate into…": a draft in another edition with the same code, tied to this story's current revision. */
  translate(...args: Parameters<StoryTranslations['translate']>): ReturnType<StoryTranslations['translate']> {
    return this.translations.translate(...args);
  }

  editionsToTranslateInto(...args: Parameters<StoryTranslations['editionsToTranslateInto']>): ReturnType<StoryTranslations['editionsToTranslateInto']> {
    return this.translations.editionsToTranslateInto(...args);
  }

  /** The story's source when it is a translation, with what changed in the source since it was last current. */
  findTranslationLink(...args: Parameters<StoryTranslations['findLink']>): ReturnType<StoryTranslations['findLink']> {
    return this.translations.findLink(...args);
  }

  /** "Mark as current": the translation matches its source's current revision again. */
  markTranslationCurrent(...args: Parameters<StoryTranslations['markCurrent']>): ReturnType<StoryTranslations['markCurrent']> {
    return this.translations.markCurrent(...args);
  }

  /** Stories published in one edition and missing, or out of date, in another. */
  listTranslationGaps(...args: Parameters<StoryTranslations['listGaps']>): ReturnType<StoryTranslations['listGaps']> {
    return this.translations.listGaps(...args);
  }

  /** For readers' pages: a live translation's live source, when the translation is out of date. */
  findOutdatedSource(...args: Parameters<StoryTranslations['findOutdatedSource']>): ReturnType<StoryTranslations['findOutdatedSource']> {
    return this.translations.findOutdatedSource(...args);
  }

  importStory(...args: Parameters<StoryImporter['importStory']>): ReturnType<StoryImporter['importStory']> {
    return this.importer.importStory(...args);
  }

  reserveStoryCodes(...args: Parameters<StoryImporter['reserveStoryCodes']>): ReturnType<StoryImporter['reserveStoryCodes']> {
    return this.importer.reserveStoryCodes(...args);
  }

  publishScheduled(...args: Parameters<ScheduledPublisher['publishScheduled']>): ReturnType<ScheduledPublisher['publishScheduled']> {
    return this.publisher.publishScheduled(...args);
  }

  listDueStoryIds(...args: Parameters<ScheduledPublisher['listDueStoryIds']>): ReturnType<ScheduledPublisher['listDueStoryIds']> {
    return this.publisher.listDueStoryIds(...args);
  }

  findNextScheduledAt(...args: Parameters<ScheduledPublisher['findNextScheduledAt']>): ReturnType<ScheduledPublisher['findNextScheduledAt']> {
    return this.publisher.findNextScheduledAt(...args);
  }

  private async step(storyId: number, actor: Actor, run: (trx: Transaction<Database>, row: WorkflowRow, now: Date) => Promise<TransitionOutcome>): Promise<TransitionResult> {
    const now = this.clock.now();
    const outcome = await this.changes.transaction(async (trx) => {
      // A write that changes nothing, first: it takes the lock, so the status read next cannot change
      // under this step before it writes (and SQLite never has to upgrade a read lock).
      if (!(await lockStory(trx, storyId))) throw storyNotFound();
      const row = await findWorkflowRow(trx, storyId);
      if (!row || !this.access.canSee(actor, row)) throw storyNotFound();
      const before = await readStoryFace(trx, storyId);
      const result = await run(trx, row, now);
      await recordStoryChange(trx, CHANGE_KIND_OF[result], before, await readStoryFace(trx, storyId), now);
      return result;
    });
    return { story: await this.editor.getForEditing(storyId, actor), outcome };
  }

  /** The step starts from the story's status, and the person may take it. */
  private assertMay(actor: Actor, row: WorkflowRow, transition: StoryTransition): void {
    if (row.deleted_at !== null) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', storyProblems.deletedBeforeStep(transition.step));
    if (!transition.from.includes(row.status)) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', storyProblems.wrongStatus(transition.step, row.status));
    this.access.require(actor, row, transition);
  }

  private languageOf(row: WorkflowRow): string {
    return this.editions.find(row.edition_code)?.language ?? row.edition_code;
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
