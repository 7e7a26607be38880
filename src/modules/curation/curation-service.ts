import type { Kysely, Transaction } from 'kysely';
import type { Database, StoryStatus } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import { cacheKeys, recordChange, type ChangeFeed } from '../changes/index.ts';
import type { AuditLog, AuditRecord } from '../audit/audit-log.ts';
import type { SearchEdition, SearchService } from '../search/search-service.ts';
import { FEATURED_RAIL_SIZE } from '../stories/story-queries.ts';
import { replaceFeatured, replaceRelatedLinks } from '../stories/story-store.ts';
import type { StorySummary } from '../stories/story-types.ts';
import { CurationError } from './curation-errors.ts';
import { curationProblems as problems } from './curation-problems.ts';
import { moveEntry, reorderEntries, removeEntry, type ListPlace, type MoveDirection } from './ordered-entries.ts';

/** How many related stories editors may pin to one story: beyond this a story page's list stops helping readers. */
export const RELATED_PIN_LIMIT = 10;

/** A story as the newsroom's curation pages show it, whatever its status. */
export interface CuratedStory {
  id: number;
  code: number;
  editionCode: string;
  slug: string;
  headline: string;
  teaser: string;
  status: StoryStatus;
  publishedAt: string | null;
}

/**
 * One entry of an ordered list (the Featured Stories rail, a story's pinned related stories). `key` names it
 * in forms: `code:898945` for a story in the store, `headline:…` for a headline whose story is not (yet).
 */
export interface CuratedEntry {
  key: string;
  headline: string;
  /** The story the entry points at in this edition, when there is one. */
  story: CuratedStory | null;
}

export interface FeaturedEntry extends CuratedEntry {
  /** The day shown for an entry without a story in the store (YYYY-MM-DD), as imported. */
  dated: string | null;
}

export interface PinnedRelated extends CuratedEntry {
  /** Shown when the linked story is not in the store. */
  teaser: string;
}

/** An edition's curated choices, as the curation page shows them. */
export interface EditionCuration {
  editionCode: string;
  /** The chosen lead, whatever its status now; null when none is chosen. */
  lead: CuratedStory | null;
  featured: FeaturedEntry[];
  /** How many entries the rail shows. */
  featuredCapacity: number;
}

/** A published story found to choose, with the id the newsroom's pages address it by. */
export interface CandidateStory extends StorySummary {
  id: number;
}

/** Published stories an editor may choose, found by their words or their code. */
export interface StoryCandidates {
  query: string;
  stories: CandidateStory[];
  /** How many stories match in all; `stories` holds the best of them. */
  total: number;
}


/**
 * What editors choose per edition: the home page's lead story, the Featured Stories rail (add, move,
 * remove, reorder by key) and each story's pinned related stories. The rail and related links are
 * written through the story store's own writes (`replaceFeatured`, `replaceRelatedLinks`); each change
 * takes the edition's curation row first, so two editors' changes run one after the other, and records
 * its audit entry in the same transaction.
 *
 * Reader pages cache for up to a minute: a change shows on the edition's home page and every page with
 * the rail (or, for related stories, on the story page) within that time.
 * @example await curation.addFeatured(personActor(editor), 'en', 898945)
 */
export class CurationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
    private readonly audit: AuditLog,
    private readonly search: SearchService,
  ) {}

  /**
   * Published stories to choose from: the story with that code first when the query is a code (editors
   * often have it from the story's page), then the search's best matches.
   * @example await curation.findStories({ code: 'en', language: 'en', timeZone: 'UTC' }, 'golan heights')
   */
  async findStories(edition: SearchEdition, query: string): Promise<StoryCandidates> {
    const q = query.trim();
    if (q === '') return { query: q, stories: [], total: 0 };
    const byCode = /^[1-9]\d{0,14}$/.test(q) ? await this.findPublishedSummary(edition.code, Number(q)) : undefined;
    const outcome = await this.search.search(edition, { q, sort: 'relevance', page: 1 });
    const hits: StorySummary[] =
      outcome.kind === 'results'
        ? outcome.hits.map((h) => ({ code: h.code, editionCode: h.editionCode, slug: h.slug, headline: h.headline, teaser: h.teaser, publishedAt: h.publishedAt, section: h.section }))
        : [];
    const total = outcome.kind === 'results' ? outcome.total : 0;
    const found = byCode ? [byCode, ...hits.filter((h) => h.code !== byCode.code)] : hits;
    const isAlsoFound = byCode !== undefined && hits.some((h) => h.code === byCode.code);
    return { query: q, stories: await this.withIds(edition.code, found), total: byCode && !isAlsoFound ? total + 1 : total };
  }

  /** The stories with their ids; one the search index still holds but the store no longer does is left out. */
  private async withIds(editionCode: string, stories: StorySummary[]): Promise<CandidateStory[]> {
    if (stories.length === 0) return [];
    const rows = await this.db
      .selectFrom('stories')
      .select(['id', 'code'])
      .where('edition_code', '=', editionCode)
      .where('code', 'in', stories.map((s) => s.code))
      .where('deleted_at', 'is', null)
      .execute();
    const ids = new Map(rows.map((row) => [Number(row.code), row.id]));
    return stories.flatMap((story) => {
      const id = ids.get(story.code);
      return id === undefined ? [] : [{ ...story, id }];
    });
  }

  /** The lead and the rail of an edition, for the curation page. */
  async getEditionCuration(editionCode: string): Promise<EditionCuration> {
    await assertEdition(this.db, editionCode);
    const [leadRow, featured] = await Promise.all([
      this.db.selectFrom('edition_curation').select('lead_code').where('edition_code', '=', editionCode).executeTakeFirst(),
      readFeatured(this.db, editionCode),
    ]);
    const leadCode = leadRow?.lead_code ?? null;
    const lead = leadCode === null ? null : ((await findStory(this.db, editionCode, leadCode)) ?? null);
    return { editionCode, lead, featured, featuredCapacity: FEATURED_RAIL_SIZE };
  }

  /**
   * The home page's curated lead: the chosen story while it is published in the edition, else nothing
   * (and the newest story leads).
   */
  async findLeadStory(editionCode: string): Promise<StorySummary | undefined> {
    const row = await this.db.selectFrom('edition_curation').select('lead_code').where('edition_code', '=', editionCode).executeTakeFirst();
    return row?.lead_code === null || row?.lead_code === undefined ? undefined : this.findPublishedSummary(editionCode, Number(row.lead_code));
  }

  private async findPublishedSummary(editionCode: string, code: number): Promise<StorySummary | undefined> {
    const row = await this.db
      .selectFrom('stories as s')
      .leftJoin('sections as sec', 'sec.id', 's.section_id')
      .select(['s.code', 's.edition_code', 's.slug', 's.headline', 's.teaser', 's.published_at', 'sec.slug as section_slug', 'sec.name as section_name'])
      .where('s.edition_code', '=', editionCode)
      .where('s.code', '=', code)
      .where('s.status', '=', 'published')
      .where('s.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row || row.published_at === null) return undefined;
    return {
      code: Number(row.code),
      editionCode: row.edition_code,
      slug: row.slug,
      headline: row.headline,
      teaser: row.teaser,
      publishedAt: row.published_at,
      section: row.section_slug !== null && row.section_name !== null ? { slug: row.section_slug, name: row.section_name } : null,
    };
  }

  /** A story of the edition in any status; throws `STORY_NOT_FOUND`. */
  async getStory(editionCode: string, code: number): Promise<CuratedStory> {
    const story = await findStory(this.db, editionCode, code);
    if (!story) throw notFound(code);
    return story;
  }

  /**
   * A story version by its id, as the newsroom's pages address it (docs/decisions/006), in any status but
   * deleted; throws `STORY_NOT_FOUND` without a field, since no form field is to blame.
   */
  async getStoryById(id: number): Promise<CuratedStory> {
    const row = await this.db.selectFrom('stories as s').select(storyColumns).where('s.id', '=', id).where('s.deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw new CurationError('STORY_NOT_FOUND', problems.storyIdNotFound(id));
    return toCuratedStory(row);
  }

  /** The related stories editors pinned to a story, in their order. */
  async listPinnedRelated(editionCode: string, code: number): Promise<PinnedRelated[]> {
    const story = await this.getStory(editionCode, code);
    return readPinned(this.db, story);
  }

  /** Chooses the edition's lead story (a published one), or with `null` lets the newest story lead again. */
  async setLead(actor: Actor, editionCode: string, code: number | null, now = new Date()): Promise<CuratedStory | null> {
    requireCurate(actor);
    return this.changes.transaction(async (trx) => {
      await lockEdition(trx, editionCode, now);
      const story = code === null ? null : await getPublished(trx, editionCode, code);
      const before = await trx.selectFrom('edition_curation').select('lead_code').where('edition_code', '=', editionCode).executeTakeFirstOrThrow();
      await trx.updateTable('edition_curation').set({ lead_code: story?.code ?? null }).where('edition_code', '=', editionCode).execute();
      await this.record(trx, actor, now, {
        action: 'curation.lead_changed',
        subject: { type: 'edition', id: editionCode },
        details: { from: before.lead_code === null ? null : Number(before.lead_code), to: story?.code ?? null, ...(story ? { headline: story.headline } : {}) },
      });
      await recordChange(trx, { kind: 'curation.lead_changed', editionCode, storyCode: story?.code, keys: [cacheKeys.lead(editionCode)] }, now);
      return story;
    });
  }

  /** Puts a published story at the end of the rail. */
  async addFeatured(actor: Actor, editionCode: string, code: number, now = new Date()): Promise<ListPlace> {
    requireCurate(actor);
    return this.changes.transaction(async (trx) => {
      await lockEdition(trx, editionCode, now);
      const story = await getPublished(trx, editionCode, code);
      const entries = await readFeatured(trx, editionCode);
      if (entries.some((e) => e.story?.code === story.code)) {
        throw new CurationError('ALREADY_CHOSEN', problems.alreadyFeatured(story.headline), 'code');
      }
      if (entries.length >= FEATURED_RAIL_SIZE) {
        throw new CurationError('LIST_FULL', problems.featuredFull(FEATURED_RAIL_SIZE), 'code');
      }
      // On top: a story an editor features now is the one they want readers to see first.
      const next: FeaturedEntry[] = [{ key: keyOf(story.code, ''), headline: story.headline, story, dated: null }, ...entries];
      await writeFeatured(trx, editionCode, next);
      await this.recordFeatured(trx, actor, now, editionCode, 'added', story.headline, story.code, next);
      return { position: next.length, count: next.length };
    });
  }

  async moveFeatured(actor: Actor, editionCode: string, key: string, direction: MoveDirection, now = new Date()): Promise<ListPlace & { headline: string }> {
    requireCurate(actor);
    return this.changes.transaction(async (trx) => {
      await lockEdition(trx, editionCode, now);
      const current = await readFeatured(trx, editionCode);
      const { entries, place } = moveEntry(current, key, direction);
      const moved = entries[place.position - 1] as FeaturedEntry;
      // At the top, "up" changes nothing: nothing to write or record.
      if (current[place.position - 1]?.key === key) return { ...place, headline: moved.headline };
      await writeFeatured(trx, editionCode, entries);
      await this.recordFeatured(trx, actor, now, editionCode, direction === 'up' ? 'moved_up' : 'moved_down', moved.headline, moved.story?.code, entries);
      return { ...place, headline: moved.headline };
    });
  }

  async removeFeatured(actor: Actor, editionCode: string, key: string, now = new Date()): Promise<{ headline: string }> {
    requireCurate(actor);
    return this.changes.transaction(async (trx) => {
      await lockEdition(trx, editionCode, now);
      const { entries, removed } = removeEntry(await readFeatured(trx, editionCode), key);
      await writeFeatured(trx, editionCode, entries);
      await this.recordFeatured(trx, actor, now, editionCode, 'removed', removed.headline, removed.story?.code, entries);
      return { headline: removed.headline };
    });
  }

  /** Puts the rail in the order of `keys` (drag and drop sends the whole order); `keys` must name every entry once. */
  async reorderFeatured(actor: Actor, editionCode: string, keys: readonly string[], now = new Date()): Promise<void> {
    requireCurate(actor);
    await this.changes.transaction(async (trx) => {
      await lockEdition(trx, editionCode, now);
      const current = await readFeatured(trx, editionCode);
      const entries = reorderEntries(current, keys);
      if (entries.every((e, i) => e.key === current[i]?.key)) return;
      await writeFeatured(trx, editionCode, entries);
      await this.recordFeatured(trx, actor, now, editionCode, 'reordered', undefined, undefined, entries);
    });
  }

  /** Pins a published story of the edition to the end of a story's related stories. */
  async pinRelated(actor: Actor, editionCode: string, code: number, targetCode: number, now = new Date()): Promise<ListPlace & { headline: string }> {
    requireCurate(actor);
    return this.changes.transaction(async (trx) => {
      await lockEdition(trx, editionCode, now);
      const story = await getStoryIn(trx, editionCode, code);
      if (targetCode === story.code) throw new CurationError('CURATION_INVALID', problems.relatedToItself, 'target');
      const target = await getPublished(trx, editionCode, targetCode);
      const pinned = await readPinned(trx, story);
      if (pinned.some((p) => p.story?.code === target.code)) {
        throw new CurationError('ALREADY_CHOSEN', problems.alreadyPinned(target.headline), 'target');
      }
      if (pinned.length >= RELATED_PIN_LIMIT) {
        throw new CurationError('LIST_FULL', problems.pinnedFull(RELATED_PIN_LIMIT), 'target');
      }
      const next: PinnedRelated[] = [...pinned, { key: keyOf(target.code, ''), headline: target.headline, teaser: target.teaser, story: target }];
      await writePinned(trx, story, next);
      await this.recordRelated(trx, actor, now, story, 'pinned', target.headline, next);
      return { position: next.length, count: next.length, headline: target.headline };
    });
  }

  async moveRelated(actor: Actor, editionCode: string, code: number, key: string, direction: MoveDirection, now = new Date()): Promise<ListPlace & { headline: string }> {
    requireCurate(actor);
    return this.changes.transaction(async (trx) => {
      await lockEdition(trx, editionCode, now);
      const story = await getStoryIn(trx, editionCode, code);
      const current = await readPinned(trx, story);
      const { entries, place } = moveEntry(current, key, direction);
      const moved = entries[place.position - 1] as PinnedRelated;
      if (current[place.position - 1]?.key === key) return { ...place, headline: moved.headline };
      await writePinned(trx, story, entries);
      await this.recordRelated(trx, actor, now, story, direction === 'up' ? 'moved_up' : 'moved_down', moved.headline, entries);
      return { ...place, headline: moved.headline };
    });
  }

  async unpinRelated(actor: Actor, editionCode: string, code: number, key: string, now = new Date()): Promise<{ headline: string }> {
    requireCurate(actor);
    return this.changes.transaction(async (trx) => {
      await lockEdition(trx, editionCode, now);
      const story = await getStoryIn(trx, editionCode, code);
      const { entries, removed } = removeEntry(await readPinned(trx, story), key);
      await writePinned(trx, story, entries);
      await this.recordRelated(trx, actor, now, story, 'unpinned', removed.headline, entries);
      return { headline: removed.headline };
    });
  }

  async reorderRelated(actor: Actor, editionCode: string, code: number, keys: readonly string[], now = new Date()): Promise<void> {
    requireCurate(actor);
    await this.changes.transaction(async (trx) => {
      await lockEdition(trx, editionCode, now);
      const story = await getStoryIn(trx, editionCode, code);
      const current = await readPinned(trx, story);
      const entries = reorderEntries(current, keys);
      if (entries.every((e, i) => e.key === current[i]?.key)) return;
      await writePinned(trx, story, entries);
      await this.recordRelated(trx, actor, now, story, 'reordered', undefined, entries);
    });
  }

  private async record(trx: Transaction<Database>, actor: Actor, now: Date, entry: Omit<AuditRecord, 'actorId' | 'addressHash'>): Promise<void> {
    await this.audit.record({ ...entry, actorId: actorIdOf(actor), addressHash: actor.kind === 'person' ? actor.addressHash : null }, trx, now);
  }

  private async recordFeatured(
    trx: Transaction<Database>,
    actor: Actor,
    now: Date,
    editionCode: string,
    change: string,
    headline: string | undefined,
    code: number | undefined,
    entries: FeaturedEntry[],
  ): Promise<void> {
    await this.record(trx, actor, now, {
      action: 'curation.featured_changed',
      subject: { type: 'edition', id: editionCode },
      details: { change, ...(headline !== undefined ? { headline } : {}), ...(code !== undefined ? { code } : {}), order: entries.map((e) => e.story?.code ?? e.headline) },
    });
    await recordChange(trx, { kind: 'curation.featured_changed', editionCode, keys: [cacheKeys.rail(editionCode)], subject: { change } }, now);
  }

  private async recordRelated(trx: Transaction<Database>, actor: Actor, now: Date, story: CuratedStory, change: string, headline: string | undefined, entries: PinnedRelated[]): Promise<void> {
    await this.record(trx, actor, now, {
      action: 'story.related_changed',
      subject: { type: 'story', id: `${story.editionCode}/${story.code}` },
      details: { change, ...(headline !== undefined ? { headline } : {}), order: entries.map((e) => e.story?.code ?? e.headline) },
    });
    // Pinned links show on the story's own page only, and only while it is published.
    const keys = story.status === 'published' ? [cacheKeys.storyPage(story.editionCode, story.code)] : [];
    await recordChange(trx, { kind: 'story.related_changed', editionCode: story.editionCode, storyCode: story.code, keys, subject: { change } }, now);
  }
}

/** The command line may curate; a person needs `curation.edit`. */
function requireCurate(actor: Actor): void {
  if (actor.kind === 'command-line') return;
  if (!can(actor.user, 'curation.edit')) throw new CurationError('FORBIDDEN', problems.forbidden);
}

/**
 * Writes the edition's curation row before anything else: a row lock on PostgreSQL, the write lock on
 * SQLite, so two curation changes of one edition never read the same list and overwrite each other.
 */
async function lockEdition(trx: Transaction<Database>, editionCode: string, now: Date): Promise<void> {
  await assertEdition(trx, editionCode);
  await trx
    .insertInto('edition_curation')
    .values({ edition_code: editionCode, lead_code: null, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('edition_code').doUpdateSet({ updated_at: now.toISOString() }))
    .execute();
}

async function assertEdition(db: Kysely<Database>, editionCode: string): Promise<void> {
  const row = await db.selectFrom('editions').select('code').where('code', '=', editionCode).executeTakeFirst();
  if (!row) throw new CurationError('EDITION_UNKNOWN', problems.unknownEdition(editionCode), 'edition');
}

function keyOf(code: number | null, headlineKey: string): string {
  return code !== null ? `code:${code}` : `headline:${headlineKey}`;
}

function notFound(code: number): CurationError {
  return new CurationError('STORY_NOT_FOUND', problems.storyNotFound(code), 'code');
}

const storyColumns = ['s.id', 's.code', 's.edition_code', 's.slug', 's.headline', 's.teaser', 's.status', 's.published_at'] as const;

interface StoryColumns {
  id: number;
  code: number;
  edition_code: string;
  slug: string;
  headline: string;
  teaser: string;
  status: StoryStatus;
  published_at: string | null;
}

function toCuratedStory(row: StoryColumns): CuratedStory {
  return {
    id: row.id,
    code: Number(row.code),
    editionCode: row.edition_code,
    slug: row.slug,
    headline: row.headline,
    teaser: row.teaser,
    status: row.status,
    publishedAt: row.published_at,
  };
}

async function findStory(db: Kysely<Database>, editionCode: string, code: number): Promise<CuratedStory | undefined> {
  // Soft-deleted stories have left the newsroom's lists: they cannot be curated either.
  const row = await db
    .selectFrom('stories as s')
    .select(storyColumns)
    .where('s.edition_code', '=', editionCode)
    .where('s.code', '=', code)
    .where('s.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toCuratedStory(row) : undefined;
}

async function getStoryIn(db: Kysely<Database>, editionCode: string, code: number): Promise<CuratedStory> {
  const story = await findStory(db, editionCode, code);
  if (!story) throw notFound(code);
  return story;
}

async function getPublished(db: Kysely<Database>, editionCode: string, code: number): Promise<CuratedStory> {
  const story = await getStoryIn(db, editionCode, code);
  if (story.status !== 'published') {
    throw new CurationError('STORY_NOT_PUBLISHED', problems.notPublished(story.headline), 'code');
  }
  return story;
}

/** Columns of the story an entry points at, joined as `s` and prefixed, so they do not clash with the entry's own. */
const joinedStoryColumns = [
  's.id as s_id', 's.code as s_code', 's.slug as s_slug', 's.headline as s_headline', 's.teaser as s_teaser', 's.status as s_status', 's.published_at as s_published_at',
] as const;

interface JoinedStory {
  s_id: number | null;
  s_code: number | null;
  s_slug: string | null;
  s_headline: string | null;
  s_teaser: string | null;
  s_status: StoryStatus | null;
  s_published_at: string | null;
}

function joinedStory(row: JoinedStory, editionCode: string): CuratedStory | null {
  if (row.s_id === null || row.s_code === null || row.s_slug === null || row.s_headline === null || row.s_status === null) return null;
  return {
    id: row.s_id,
    code: Number(row.s_code),
    editionCode,
    slug: row.s_slug,
    headline: row.s_headline,
    teaser: row.s_teaser ?? '',
    status: row.s_status,
    publishedAt: row.s_published_at,
  };
}

async function readFeatured(db: Kysely<Database>, editionCode: string): Promise<FeaturedEntry[]> {
  const rows = await db
    .selectFrom('featured_entries as f')
    .leftJoin('stories as s', (join) => join.onRef('s.code', '=', 'f.target_code').on('s.edition_code', '=', editionCode).on('s.deleted_at', 'is', null))
    .select(['f.headline', 'f.headline_key', 'f.dated', 'f.target_code', ...joinedStoryColumns])
    .where('f.edition_code', '=', editionCode)
    .orderBy('f.position')
    .execute();
  return rows.map((row) => {
    const story = joinedStory(row, editionCode);
    return {
      key: keyOf(row.target_code === null ? null : Number(row.target_code), row.headline_key),
      headline: story?.headline ?? row.headline,
      story,
      dated: row.dated,
    };
  });
}

async function writeFeatured(trx: Transaction<Database>, editionCode: string, entries: FeaturedEntry[]): Promise<void> {
  await replaceFeatured(
    trx,
    editionCode,
    entries.map((e) => ({ code: e.story?.code ?? codeOfKey(e.key), headline: e.headline, dated: e.dated })),
  );
}

async function readPinned(db: Kysely<Database>, story: CuratedStory): Promise<PinnedRelated[]> {
  const rows = await db
    .selectFrom('related_links as r')
    .leftJoin('stories as s', (join) => join.onRef('s.code', '=', 'r.target_code').on('s.edition_code', '=', story.editionCode).on('s.deleted_at', 'is', null))
    .select(['r.headline', 'r.headline_key', 'r.teaser', 'r.target_code', ...joinedStoryColumns])
    .where('r.story_id', '=', story.id)
    .orderBy('r.position')
    .execute();
  return rows.map((row) => {
    const target = joinedStory(row, story.editionCode);
    return {
      key: keyOf(row.target_code === null ? null : Number(row.target_code), row.headline_key),
      headline: target?.headline ?? row.headline,
      teaser: target?.teaser ?? row.teaser,
      story: target,
    };
  });
}

async function writePinned(trx: Transaction<Database>, story: CuratedStory, entries: PinnedRelated[]): Promise<void> {
  await replaceRelatedLinks(
    trx,
    { id: story.id, code: story.code, editionCode: story.editionCode },
    entries.map((e) => ({ code: e.story?.code ?? codeOfKey(e.key), headline: e.headline, teaser: e.teaser })),
  );
}

/** A code kept by an entry whose story is gone from the edition: the link waits for it under the same code. */
function codeOfKey(key: string): number | undefined {
  return key.startsWith('code:') ? Number(key.slice(5)) : undefined;
}
