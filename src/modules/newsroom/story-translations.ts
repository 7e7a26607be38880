import type { Kysely, Transaction } from 'kysely';
import { parseBody, teaserFrom } from '../../content/blocks.ts';
import type { Database } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { cacheKeys, recordChange, type ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import type { EditionService } from '../editions/edition-service.ts';
import { lockStory, saveStoryInTransaction, setStoryState } from '../stories/story-store.ts';
import { findAuthorNames, findWorkflowRow, type WorkflowRow } from './find-workflow-row.ts';
import type { TranslationGap, TranslationLink, TranslationSource } from './newsroom-types.ts';
import type { Page } from '../stories/story-types.ts';
import { NEWSROOM_PAGE_SIZE } from './newsroom-story-list.ts';
import { personRef } from './person-ref.ts';
import { diffRevisions } from './revision-diff.ts';
import { storyForbidden, storyNotFound, type StoryAccess } from './story-access.ts';
import { ensureBaselineRevision, readRevision, writeRevision } from './story-revisions.ts';
import { STORY_PERMITS } from './story-transitions.ts';
import { StoryWorkflowError } from './story-workflow-errors.ts';
import { newsroomMessages } from '../../config/messages/newsroom-language.ts';
import { storyProblems } from '../stories/story-problems.ts';

/** The translation words a refusal shares with the translations pages. */
const translationWords = newsroomMessages('stories').translations;

/**
 * Translations as a workflow (docs/decisions/022-translation-workflow.md): "Translate into…" makes a draft in
 * another edition under the same story code, tied to its source and to the source's revision number then. A
 * newer source revision makes the translation out of date until a translator marks it current.
 */
export class StoryTranslations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly editions: EditionService,
    private readonly access: StoryAccess,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * A draft in `editionCode` with the source's code, headline, text and bylines to translate over, owned by the
   * translator, and tied to the source at its current revision. Refused (`STORY_TRANSLATION_EXISTS`) when the
   * edition already has a story with that code: nothing is created.
   * @example const id = await translations.translate(sourceId, 'fa', personActor(translator))
   */
  async translate(sourceId: number, editionCode: string, actor: Actor): Promise<number> {
    if (actor.kind === 'person' && !can(actor.user, 'story.create')) throw storyForbidden(storyProblems.forbiddenWriting);
    const now = this.clock.now();
    return this.changes.transaction(async (trx) => {
      // Two people translating the same story at once: the second waits here, then finds the first one's draft.
      if (!(await lockStory(trx, sourceId))) throw storyNotFound();
      const source = await findWorkflowRow(trx, sourceId);
      if (!source || !this.access.canSee(actor, source)) throw storyNotFound();
      if (source.deleted_at !== null) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', storyProblems.deletedBeforeTranslating);
      const edition = this.editions.find(editionCode);
      if (!edition || edition.code === source.edition_code) throw new StoryWorkflowError('STORY_FIELD_INVALID', translationWords.chooseEdition, 'translateInto');
      const existing = await trx.selectFrom('stories').select('id').where('edition_code', '=', edition.code).where('code', '=', source.code).executeTakeFirst();
      if (existing) {
        throw new StoryWorkflowError('STORY_TRANSLATION_EXISTS', translationWords.exists(edition.name, Number(source.code)), 'translateInto');
      }
      // The revision the translation will be compared against must be kept, even for content that came in by import.
      await ensureBaselineRevision(trx, source);
      const body = parseBody(source.body);
      const saved = await saveStoryInTransaction(
        trx,
        {
          editionCode: edition.code,
          code: Number(source.code),
          headline: source.headline,
          // A teaser written by hand is translated too; one made from the body follows the translated body.
          teaser: source.teaser === teaserFrom(body) ? undefined : source.teaser,
          body,
          status: 'draft',
          section: null,
          tags: [],
          authors: await findAuthorNames(trx, source.id),
          leadMediaId: source.lead_media_id,
        },
        now,
      );
      await setStoryState(trx, saved.id, { created_by: actorIdOf(actor) });
      await writeRevision(trx, saved.id, 'created', actorIdOf(actor), now);
      await trx
        .insertInto('story_translations')
        .values({ story_id: saved.id, source_story_id: source.id, source_revision: source.revision, created_at: now.toISOString(), created_by: actorIdOf(actor) })
        .execute();
      await this.audit.record(
        {
          action: 'story.translated',
          actorId: actorIdOf(actor),
          subject: { type: 'story', id: saved.id },
          details: { edition: edition.code, code: Number(source.code), headline: source.headline, sourceEdition: source.edition_code, sourceStoryId: source.id, sourceRevision: source.revision },
          addressHash: actor.kind === 'person' ? actor.addressHash : null,
        },
        trx,
        now,
      );
      return saved.id;
    });
  }

  /** The editions a story may be translated into: every other edition without a story of its code. */
  async editionsToTranslateInto(storyId: number, actor: Actor): Promise<string[]> {
    const row = await findWorkflowRow(this.db, storyId);
    if (!row || !this.access.canSee(actor, row)) throw storyNotFound();
    const taken = await this.db.selectFrom('stories').select('edition_code').where('code', '=', row.code).execute();
    const has = new Set(taken.map((t) => t.edition_code));
    return this.editions.list().flatMap((edition) => (has.has(edition.code) ? [] : [edition.code]));
  }

  /**
   * The story's source, when it was made by "Translate into…": shown beside the translator's editor, whoever
   * may open the translation (its source may be someone else's story), with what changed in it since.
   */
  async findLink(storyId: number, actor: Actor): Promise<TranslationLink | undefined> {
    const row = await findWorkflowRow(this.db, storyId);
    if (!row || !this.access.canSee(actor, row)) throw storyNotFound();
    const link = await this.db
      .selectFrom('story_translations as t')
      .leftJoin('users as u', 'u.id', 't.checked_by')
      .select(['t.source_story_id', 't.source_revision', 't.checked_at', 't.checked_by', 'u.display_name as checked_by_name'])
      .where('t.story_id', '=', storyId)
      .executeTakeFirst();
    if (!link) return undefined;
    const source = await findWorkflowRow(this.db, link.source_story_id);
    if (!source) return undefined;
    const sourceRevision = Number(link.source_revision);
    const isOutOfDate = source.revision > sourceRevision;
    return {
      source: sourceOf(source),
      sourceRevision,
      isOutOfDate,
      sourceChanges: isOutOfDate ? await this.sourceChanges(source, sourceRevision) : undefined,
      checked: link.checked_at === null ? null : { at: link.checked_at, by: personRef(link.checked_by, link.checked_by_name) },
    };
  }

  /**
   * "Mark as current": the translation now matches its source's current revision. Needs the right to change the
   * translation as it stands; recorded in the audit log, and readers' pages drop the out-of-date note.
   */
  async markCurrent(storyId: number, actor: Actor): Promise<void> {
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      if (!(await lockStory(trx, storyId))) throw storyNotFound();
      const row = await findWorkflowRow(trx, storyId);
      if (!row || !this.access.canSee(actor, row)) throw storyNotFound();
      this.access.require(actor, row, STORY_PERMITS.edit);
      if (row.deleted_at !== null) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', storyProblems.deletedBeforeChange);
      const link = await trx.selectFrom('story_translations').select(['source_story_id', 'source_revision']).where('story_id', '=', storyId).executeTakeFirst();
      const source = link ? await findWorkflowRow(trx, link.source_story_id) : undefined;
      if (!link || !source) throw new StoryWorkflowError('STORY_NOT_A_TRANSLATION', translationWords.notATranslation);
      const from = Number(link.source_revision);
      await trx
        .updateTable('story_translations')
        .set({ source_revision: source.revision, checked_at: now.toISOString(), checked_by: actorIdOf(actor) })
        .where('story_id', '=', storyId)
        .execute();
      await this.audit.record(
        {
          action: 'story.translation_checked',
          actorId: actorIdOf(actor),
          subject: { type: 'story', id: row.id },
          details: { edition: row.edition_code, code: Number(row.code), headline: row.headline, sourceEdition: source.edition_code, from, to: source.revision },
          addressHash: actor.kind === 'person' ? actor.addressHash : null,
        },
        trx,
        now,
      );
      if (from < source.revision) await recordTranslationChange(trx, [row], false, now);
    });
  }

  /**
   * The translations view: stories published in `fromEdition` that `toEdition` lacks, or has only as a
   * translation out of date, most recently published first, a page of `NEWSROOM_PAGE_SIZE` at a time (as the
   * story list), with the count of them all.
   */
  async listGaps(fromEdition: string, toEdition: string, actor: Actor, page = 1): Promise<Page<TranslationGap>> {
    // Translators work from any edition's stories: the view is for those who see every story.
    if (!this.access.seesAllStories(actor)) throw storyForbidden(storyProblems.forbiddenAllEditions);
    const gaps = this.db
      .selectFrom('stories as s')
      .leftJoin('stories as t', (join) => join.onRef('t.code', '=', 's.code').on('t.edition_code', '=', toEdition))
      .leftJoin('story_translations as l', (join) => join.onRef('l.story_id', '=', 't.id').onRef('l.source_story_id', '=', 's.id'))
      .where('s.edition_code', '=', fromEdition)
      .where('s.status', '=', 'published')
      .where('s.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('t.id', 'is', null), eb('l.source_revision', '<', eb.ref('s.revision'))]));
    const countRow = await gaps.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirst();
    const total = Number(countRow?.total ?? 0);
    const rows = await gaps
      .select(['s.id', 's.code', 's.headline', 's.published_at', 's.revision', 't.id as translation_id', 't.headline as translation_headline', 't.status as translation_status', 'l.source_revision'])
      .orderBy('s.published_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(NEWSROOM_PAGE_SIZE)
      .offset((page - 1) * NEWSROOM_PAGE_SIZE)
      .execute();
    const items = rows.map((r) => ({
      code: Number(r.code),
      source: { id: r.id, headline: r.headline, publishedAt: r.published_at },
      translation:
        r.translation_id === null || r.translation_headline === null || r.translation_status === null
          ? undefined
          : {
              id: r.translation_id,
              headline: r.translation_headline,
              status: r.translation_status,
              isOutOfDate: r.source_revision !== null && Number(r.source_revision) < Number(r.revision),
            },
    }));
    return { items, page, pageCount: Math.max(1, Math.ceil(total / NEWSROOM_PAGE_SIZE)), total };
  }

  /**
   * A published translation's source, when the translation is out of date and the source is live: what the
   * reader's note links to. Undefined otherwise.
   */
  async findOutdatedSource(storyId: number): Promise<{ editionCode: string; code: number; slug: string } | undefined> {
    const row = await this.db
      .selectFrom('story_translations as l')
      .innerJoin('stories as src', 'src.id', 'l.source_story_id')
      .select(['src.edition_code', 'src.code', 'src.slug'])
      .where('l.story_id', '=', storyId)
      .where('src.status', '=', 'published')
      .where('src.deleted_at', 'is', null)
      .whereRef('src.revision', '>', 'l.source_revision')
      .executeTakeFirst();
    return row ? { editionCode: row.edition_code, code: Number(row.code), slug: row.slug } : undefined;
  }

  private async sourceChanges(source: WorkflowRow, since: number): Promise<TranslationLink['sourceChanges']> {
    try {
      const [before, now] = await Promise.all([readRevision(this.db, source, since), readRevision(this.db, source, source.revision)]);
      return diffRevisions(before, now);
    } catch (error) {
      // A version the newsroom no longer keeps (content replaced by an import before revisions were kept): no comparison.
      if (error instanceof StoryWorkflowError && error.code === 'STORY_NOT_FOUND') return undefined;
      throw error;
    }
  }
}

/**
 * Called inside the transaction that gave story `sourceId` a new revision (a save, a restored revision, an
 * import), with the revision it had before: its translations that matched that revision are out of date from
 * now, and the reader pages of those that are live drop, so that their edition's note can appear.
 */
export async function recordSourceRevised(trx: Transaction<Database>, sourceId: number, previousRevision: number, now: Date): Promise<void> {
  const outdated = await trx
    .selectFrom('story_translations as l')
    .innerJoin('stories as t', 't.id', 'l.story_id')
    .select(['t.id', 't.edition_code', 't.code', 't.status', 't.deleted_at'])
    .where('l.source_story_id', '=', sourceId)
    .where('l.source_revision', '>=', previousRevision)
    .execute();
  await recordTranslationChange(trx, outdated, true, now);
}

/** Records that the live ones of these translations changed state: their reader page (and its note) must be made again. */
async function recordTranslationChange(
  trx: Transaction<Database>,
  translations: ReadonlyArray<Pick<WorkflowRow, 'id' | 'edition_code' | 'code' | 'status' | 'deleted_at'>>,
  isOutOfDate: boolean,
  now: Date,
): Promise<void> {
  for (const story of translations) {
    if (story.status !== 'published' || story.deleted_at !== null) continue;
    const code = Number(story.code);
    await recordChange(
      trx,
      { kind: 'story.translation_changed', editionCode: story.edition_code, storyCode: code, keys: [cacheKeys.storyPage(story.edition_code, code)], subject: { storyId: story.id, isOutOfDate } },
      now,
    );
  }
}

function sourceOf(row: WorkflowRow): TranslationSource {
  return {
    id: row.id,
    editionCode: row.edition_code,
    code: Number(row.code),
    status: row.status,
    headline: row.headline,
    teaser: row.teaser,
    body: parseBody(row.body),
    revision: row.revision,
    isDeleted: row.deleted_at !== null,
  };
}
