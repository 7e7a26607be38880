import type { Kysely, Transaction } from 'kysely';
import { parseBody } from '../../content/blocks.ts';
import { slugify } from '../../content/slug.ts';
import type { Database, StoryRevisionKind, StoryRevisionRow } from '../../db/schema.ts';
import type { Actor } from '../accounts/account-types.ts';
import type { Clock } from '../clock/clock.ts';
import { findStoryNotes } from '../corrections/find-story-notes.ts';
import type { Page, StoryDetail } from '../stories/story-types.ts';
import { findAuthorNames, findTagNames, findWorkflowRow, storyContentOf, type WorkflowRow } from './find-workflow-row.ts';
import type { PersonRef, RevisionSummary, StoryRevision } from './newsroom-types.ts';
import { personRef } from './person-ref.ts';
import { diffRevisions, type RevisionDiff } from './revision-diff.ts';
import { storyNotFound, type StoryAccess } from './story-access.ts';
import { storyProblems } from '../stories/story-problems.ts';
import { StoryWorkflowError } from './story-workflow-errors.ts';

export const REVISIONS_PAGE_SIZE = 50;

/**
 * A story's history: every save is a numbered revision, listed, read, compared and previewed here. Content that
 * came in without a revision (an import) shows as one, and is kept as one before anything replaces it.
 */
export class StoryRevisions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: StoryAccess,
    private readonly clock: Clock,
  ) {}

  /** Newest first, 50 a page. */
  async list(storyId: number, actor: Actor, page = 1): Promise<Page<RevisionSummary>> {
    const row = await this.findVisible(storyId, actor);
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
  async get(storyId: number, number: number, actor: Actor): Promise<StoryRevision> {
    return readRevision(this.db, await this.findVisible(storyId, actor), number);
  }

  /** A readable comparison of revisions `a` (older) and `b` (newer): headline and fields word by word, the body block by block. */
  async diff(storyId: number, a: number, b: number, actor: Actor): Promise<RevisionDiff> {
    const [from, to] = await Promise.all([this.get(storyId, a, actor), this.get(storyId, b, actor)]);
    return diffRevisions(from, to);
  }

  /**
   * The story as the reader's page would show it, from its current content or one revision's, for staff to
   * preview before (or after) publishing. The dateline is the publication time, else the scheduled time, else now.
   */
  async preview(storyId: number, actor: Actor, revisionNumber?: number): Promise<{ story: StoryDetail; revision: StoryRevision }> {
    const row = await this.findVisible(storyId, actor);
    const revision = await this.get(storyId, revisionNumber ?? row.revision, actor);
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

  private async findVisible(storyId: number, actor: Actor): Promise<WorkflowRow> {
    const row = await findWorkflowRow(this.db, storyId);
    if (!row || !this.access.canSee(actor, row)) throw storyNotFound();
    return row;
  }
}

/**
 * One revision of a story whose reader was already let in (its own page, or a translation's page showing its
 * source); the current content counts as its revision when it came in without one.
 */
export async function readRevision(db: Kysely<Database>, row: WorkflowRow, number: number): Promise<StoryRevision> {
  const stored = await revisionQuery(db, row.id).where('r.number', '=', number).executeTakeFirst();
  if (stored) return toRevision(stored);
  if (number === row.revision) return currentAsRevision(db, row);
  throw new StoryWorkflowError('STORY_NOT_FOUND', storyProblems.noRevision(number));
}

/** Writes the story's stored content as revision `revision` (its current version). */
export async function writeRevision(trx: Transaction<Database>, storyId: number, kind: StoryRevisionKind, savedBy: number | null, now: Date, restoredFrom?: number): Promise<void> {
  const row = await findWorkflowRow(trx, storyId);
  if (!row) throw new Error(`story ${storyId} vanished inside its own transaction`);
  const [tags, authors] = await Promise.all([findTagNames(trx, storyId), findAuthorNames(trx, storyId)]);
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

/** Content that reached the story another way (an import) is kept as a revision before it is replaced. */
export async function ensureBaselineRevision(trx: Transaction<Database>, row: WorkflowRow): Promise<void> {
  if (await revisionExists(trx, row.id, row.revision)) return;
  await writeRevision(trx, row.id, 'imported', null, new Date(row.updated_at));
}

/** Who saved the story's current version, and when; content that came in by import has no one. */
export async function findLastSave(db: Kysely<Database>, row: WorkflowRow): Promise<{ revision: number; savedAt: string; savedBy: PersonRef | null }> {
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

async function revisionExists(db: Kysely<Database>, storyId: number, number: number): Promise<boolean> {
  const row = await db.selectFrom('story_revisions').select('id').where('story_id', '=', storyId).where('number', '=', number).executeTakeFirst();
  return row !== undefined;
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
  const [tags, authors] = await Promise.all([findTagNames(db, row.id), findAuthorNames(db, row.id)]);
  return {
    number: row.revision,
    savedAt: row.updated_at,
    savedBy: null,
    kind: 'imported',
    restoredFrom: null,
    ...storyContentOf(row, tags, authors),
  };
}

function summaryOf(revision: StoryRevision): RevisionSummary {
  return { number: revision.number, savedAt: revision.savedAt, savedBy: revision.savedBy, kind: revision.kind, restoredFrom: revision.restoredFrom, headline: revision.headline };
}
