import type { Kysely } from 'kysely';
import { parseBody, teaserFrom } from '../../content/blocks.ts';
import { slugify } from '../../content/slug.ts';
import type { Database, StoryRevisionKind } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import { readStoryFace, recordStoryChange, type ChangeFeed } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import type { EditionService } from '../editions/edition-service.ts';
import { lockStoryAtRevision, saveStoryInTransaction, setStoryState } from '../stories/story-store.ts';
import type { NamedRef, StoryInput } from '../stories/story-types.ts';
import { assertSlugFree, checkedLeadPicture, checkedSection, checkStoryChanges, isSlugTaken, laterInstant } from './check-story-changes.ts';
import { findAuthorNames, findTagNames, findWorkflowRow, storyContentOf, type WorkflowRow } from './find-workflow-row.ts';
import type { EditableStory, NewStoryInput, StoryChanges } from './newsroom-types.ts';
import { personRef } from './person-ref.ts';
import { storyForbidden, storyNotFound, type StoryAccess } from './story-access.ts';
import { ensureBaselineRevision, findLastSave, writeRevision, type StoryRevisions } from './story-revisions.ts';
import { recordSourceRevised } from './story-translations.ts';
import { LIVE, STORY_PERMITS } from './story-transitions.ts';
import { storyProblems } from '../stories/story-problems.ts';
import { StoryConflictError, StoryWorkflowError } from './story-workflow-errors.ts';

/** Writing a story: new drafts, saves with conflict detection (each one a revision), and reading it back for the form. */
export class StoryEditor {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly editions: EditionService,
    private readonly access: StoryAccess,
    private readonly revisions: StoryRevisions,
    private readonly clock: Clock,
  ) {}

  /** A new draft owned by the person who writes it; revision 1. */
  async createDraft(input: NewStoryInput, actor: Actor): Promise<EditableStory> {
    if (actor.kind === 'person' && !can(actor.user, 'story.create')) throw storyForbidden(storyProblems.forbiddenWriting);
    const edition = this.editions.find(input.editionCode);
    if (!edition) throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.chooseEdition, 'editionCode');
    const now = this.clock.now();
    const changes = checkStoryChanges(input, 'draft', now);
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
      await writeRevision(trx, saved.id, 'created', actorIdOf(actor), now);
      return saved.id;
    });
    return this.getForEditing(id, actor);
  }

  /** Saves changes made to the version `expectedRevision` (see `StoryWorkflow.update`). */
  async save(storyId: number, changes: StoryChanges, expectedRevision: number, actor: Actor, kind: StoryRevisionKind, restoredFrom?: number): Promise<void> {
    const now = this.clock.now();
    await this.changes.transaction(async (trx) => {
      // The first statement writes only if the story is still at the version the form started from; it
      // also takes the lock (the row's on PostgreSQL, the database's on SQLite), so a save racing this one
      // waits and then finds the version moved on.
      const isClaimed = await lockStoryAtRevision(trx, storyId, expectedRevision);
      const row = await findWorkflowRow(trx, storyId);
      if (!row || !this.access.canSee(actor, row)) throw storyNotFound();
      if (row.deleted_at !== null) throw new StoryWorkflowError('STORY_TRANSITION_INVALID', storyProblems.deletedBeforeChange);
      if (!isClaimed) throw new StoryConflictError(await findLastSave(trx, row));
      this.access.require(actor, row, STORY_PERMITS.edit);
      if (kind === 'autosaved' && LIVE.includes(row.status)) {
        throw new StoryWorkflowError('STORY_IS_LIVE', storyProblems.liveNotAutosaved(row.status));
      }
      const checked = checkStoryChanges(changes, row.status, now);
      const current = await currentInput(trx, row);
      const merged = mergeChanges(current, row, checked);
      const section = await checkedSection(trx, row.edition_code, checked.section, current.section ?? null);
      const input = { ...merged, ...(section !== undefined ? { section } : {}), leadMediaId: await checkedLeadPicture(trx, checked.leadMediaId) };
      if (input.slug !== row.slug && checked.slug) await assertSlugFree(trx, row.edition_code, input.slug ?? '', row.id);

      await ensureBaselineRevision(trx, row);
      const before = await readStoryFace(trx, row.id);
      await saveStoryInTransaction(trx, input, now);
      const embargoUntil = checked.embargoUntil === undefined ? row.embargo_until : checked.embargoUntil;
      await setStoryState(trx, row.id, {
        seo_title: checked.seoTitle === undefined ? row.seo_title : checked.seoTitle,
        seo_description: checked.seoDescription === undefined ? row.seo_description : checked.seoDescription,
        embargo_until: embargoUntil,
        // A scheduled story never goes out before its embargo, however the two were set.
        scheduled_at: row.status === 'scheduled' ? laterInstant(row.scheduled_at, embargoUntil) : row.scheduled_at,
      });
      await writeRevision(trx, row.id, kind, actorIdOf(actor), now, restoredFrom);
      await recordSourceRevised(trx, row.id, row.revision, now);
      await recordStoryChange(trx, 'story.updated', before, await readStoryFace(trx, row.id), now);
    });
  }

  /** Brings back revision `number`'s content as a new revision (nothing is erased), if `expectedRevision` is still current. */
  async restoreRevision(storyId: number, number: number, expectedRevision: number, actor: Actor): Promise<EditableStory> {
    const revision = await this.revisions.get(storyId, number, actor);
    const row = await findWorkflowRow(this.db, storyId);
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
    const row = await findWorkflowRow(this.db, storyId);
    if (!row || !this.access.canSee(actor, row)) throw storyNotFound();
    const [tags, authors, last] = await Promise.all([findTagNames(this.db, row.id), findAuthorNames(this.db, row.id), findLastSave(this.db, row)]);
    const content = storyContentOf(row, tags, authors);
    return {
      id: row.id,
      code: Number(row.code),
      editionCode: row.edition_code,
      status: row.status,
      ...content,
      isTeaserDerived: row.teaser === teaserFrom(content.body),
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
}

/** The story as the store takes it, with its credit and pinned related links untouched. */
async function currentInput(db: Kysely<Database>, row: WorkflowRow): Promise<StoryInput> {
  const [tags, authors, related] = await Promise.all([
    db.selectFrom('story_tags as st').innerJoin('tags as t', 't.id', 'st.tag_id').select(['t.name', 't.slug']).where('st.story_id', '=', row.id).orderBy('st.position').execute(),
    findAuthorNames(db, row.id),
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
