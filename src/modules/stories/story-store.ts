import { sql, type Kysely, type Transaction } from 'kysely';
import { blocksToPlainText, teaserFrom } from '../../content/blocks.ts';
import { headlineKey, slugify } from '../../content/slug.ts';
import type { Updateable } from 'kysely';
import type { Database, StoryStatus, StoryTable } from '../../db/schema.ts';
import { cacheKeys, readStoryFace, recordChange, recordStoryChange, type ChangeFeed } from '../changes/index.ts';
import { recordStoryMedia } from '../media/media-service.ts';
import { indexStoryChange } from '../search/index-story-change.ts';
import { StoryValidationError } from './story-errors.ts';
import { storyProblems } from './story-problems.ts';
import type { FeaturedInput, NamedRef, RelatedInput, SavedStory, StoryInput } from './story-types.ts';


/** The write side of the story store: every change to stories goes through here, in one transaction. */
export class StoryStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeFeed,
  ) {}

  /**
   * Creates a story, or updates the version of that code in that edition when it exists.
   * @example await store.save({ editionCode: 'en', headline: 'Rain', body: [paragraph('It rained.')], status: 'draft' })
   */
  async save(input: StoryInput, now = new Date()): Promise<SavedStory> {
    validate(input);
    return this.changes.transaction(async (trx) => {
      // The first statement writes, so SQLite takes its write lock at once and waits its turn
      // instead of failing on a lock upgrade when another writer got there first.
      const code = input.code === undefined ? await allocateCode(trx, now) : await reserveStoryCode(trx, input.code, now);
      return saveVersionRecorded(trx, { ...input, code }, now);
    });
  }

  /** Takes the next code from the site's sequence without creating a story (e.g. for a new draft). */
  async allocateCode(now = new Date()): Promise<number> {
    return this.changes.transaction((trx) => allocateCode(trx, now));
  }

  /** The code of the story in the edition with this headline (quotes, case and spacing aside), if any. */
  async findCodeByHeadline(editionCode: string, headline: string): Promise<number | undefined> {
    return findCodeByHeadline(this.db, editionCode, headlineKey(headline));
  }

  /** Replaces an edition's curated Featured Stories, in order. */
  async setFeatured(editionCode: string, entries: FeaturedInput[], now = new Date()): Promise<void> {
    await this.changes.transaction(async (trx) => {
      await replaceFeatured(trx, editionCode, entries);
      await recordChange(trx, { kind: 'curation.featured_changed', editionCode, keys: [cacheKeys.rail(editionCode)] }, now);
    });
  }

  /** A story and the Featured Stories rail of the page it came from, stored together or not at all. */
  async saveWithFeatured(input: StoryInput, featured: FeaturedInput[], now = new Date()): Promise<SavedStory> {
    validate(input);
    return this.changes.transaction(async (trx) => {
      const code = input.code === undefined ? await allocateCode(trx, now) : await reserveStoryCode(trx, input.code, now);
      const saved = await saveVersionRecorded(trx, { ...input, code }, now);
      await replaceFeatured(trx, input.editionCode, featured);
      await recordChange(trx, { kind: 'curation.featured_changed', editionCode: input.editionCode, keys: [cacheKeys.rail(input.editionCode)] }, now);
      return saved;
    });
  }
}

/** Saves a version and records what readers see change (the newsroom's workflow records its own, after its other writes). */
async function saveVersionRecorded(trx: Transaction<Database>, input: StoryInput & { code: number }, now: Date): Promise<SavedStory> {
  const existing = await findVersion(trx, input.editionCode, input.code);
  const before = existing === undefined ? undefined : await readStoryFace(trx, existing.id);
  const saved = await saveVersion(trx, input, now, existing);
  const after = await readStoryFace(trx, saved.id);
  const kind = after?.isPublic ? (before?.isPublic ? 'story.updated' : 'story.published') : 'story.unpublished';
  await recordStoryChange(trx, kind, before, after, now);
  return saved;
}

/** What saving a new version keeps from the one it replaces. */
interface StoredVersion {
  id: number;
  published_at: string | null;
  lead_media_id: number | null;
}

async function findVersion(db: Kysely<Database>, editionCode: string, code: number): Promise<StoredVersion | undefined> {
  return db
    .selectFrom('stories')
    .select(['id', 'published_at', 'lead_media_id'])
    .where('edition_code', '=', editionCode)
    .where('code', '=', code)
    .executeTakeFirst();
}

/**
 * Creates or updates a story version inside the caller's transaction, so that the newsroom's workflow
 * (src/modules/newsroom/) stores the story, its revision row and its audit entry together or not at all.
 * Like `save`, the caller's transaction should begin with a write (SQLite's lock).
 * @example await db.transaction().execute((trx) => saveStoryInTransaction(trx, { editionCode: 'en', headline: 'Rain', body: [], status: 'draft' }, now))
 */
export async function saveStoryInTransaction(trx: Transaction<Database>, input: StoryInput, now: Date): Promise<SavedStory> {
  validate(input);
  const code = input.code === undefined ? await allocateCode(trx, now) : await reserveStoryCode(trx, input.code, now);
  return saveVersion(trx, { ...input, code }, now, await findVersion(trx, input.editionCode, code));
}

/** The columns of a story's state beside its content: who owns it, when it goes out, whether it is deleted. */
export type StoryStateChange = Partial<
  Pick<Updateable<StoryTable>, 'status' | 'published_at' | 'updated_at' | 'scheduled_at' | 'embargo_until' | 'deleted_at' | 'deleted_by' | 'created_by' | 'seo_title' | 'seo_description'>
>;

/**
 * Changes a story's state inside the caller's transaction: with `saveStoryInTransaction`, the only writes of
 * the stories table. The newsroom's workflow decides which changes are allowed and records them.
 * @example await setStoryState(trx, 12, { status: 'unpublished', updated_at: now.toISOString() })
 */
export async function setStoryState(trx: Transaction<Database>, storyId: number, change: StoryStateChange): Promise<void> {
  if (Object.keys(change).length === 0) return;
  await trx.updateTable('stories').set(change).where('id', '=', storyId).execute();
}

/**
 * A write that changes nothing, made first in a transaction: it takes the story's row lock (PostgreSQL) or the
 * write lock (SQLite) before anything is read, so what is read next cannot change before the transaction
 * writes (and SQLite never has to upgrade a read lock). False when there is no such story.
 */
export async function lockStory(trx: Transaction<Database>, storyId: number): Promise<boolean> {
  const locked = await trx.updateTable('stories').set({ status: sql<StoryStatus>`status` }).where('id', '=', storyId).executeTakeFirst();
  return Number(locked.numUpdatedRows) > 0;
}

/** Locks the story only if it is still at `revision` and not deleted: the claim of a save that names its version. */
export async function lockStoryAtRevision(trx: Transaction<Database>, storyId: number, revision: number): Promise<boolean> {
  const claimed = await trx
    .updateTable('stories')
    .set({ revision: sql<number>`revision` })
    .where('id', '=', storyId)
    .where('revision', '=', revision)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

/**
 * Puts a scheduled story live if it is still due at `instant`: a conditional update only one of several
 * racing schedulers can make (the others wait for the lock, then find the status changed). The first
 * publication fixes the dateline; a story published before keeps its original time. Never before the
 * embargo, never a deleted story.
 */
export async function claimScheduledStory(trx: Transaction<Database>, storyId: number, instant: string): Promise<boolean> {
  const claim = await trx
    .updateTable('stories')
    .set({ status: 'published', published_at: sql<string>`coalesce(published_at, ${instant})`, updated_at: instant })
    .where('id', '=', storyId)
    .where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', instant)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('embargo_until', 'is', null), eb('embargo_until', '<=', instant)]))
    .executeTakeFirst();
  return Number(claim.numUpdatedRows) === 1;
}

/**
 * Marks a published story as updated now (a correction was attached): its first write, taking the lock.
 * Undefined when the edition has no published story with that code.
 */
export async function touchPublishedStory(trx: Transaction<Database>, editionCode: string, code: number, at: string): Promise<{ id: number; headline: string; slug: string } | undefined> {
  return trx
    .updateTable('stories')
    .set({ updated_at: at })
    .where('edition_code', '=', editionCode)
    .where('code', '=', code)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .returning(['id', 'headline', 'slug'])
    .executeTakeFirst();
}

/** Moves a story's count of approved comments, in the transaction that approves or withdraws one. */
export async function adjustCommentCount(trx: Transaction<Database>, storyId: number, delta: number): Promise<void> {
  await trx
    .updateTable('stories')
    .set((eb) => ({ comment_count: eb('comment_count', '+', delta) }))
    .where('id', '=', storyId)
    .execute();
}

/**
 * Replaces an edition's Featured Stories inside the caller's transaction: the one write of the rail,
 * shared by `setFeatured`, imports and the curation service (which records its audit entry alongside).
 * @example await replaceFeatured(trx, 'en', [{ code: 898945, headline: 'Rain', dated: null }])
 */
export async function replaceFeatured(trx: Transaction<Database>, editionCode: string, entries: FeaturedInput[]): Promise<void> {
  await trx.deleteFrom('featured_entries').where('edition_code', '=', editionCode).execute();
  const seen = new Set<string>();
  let position = 0;
  for (const entry of entries) {
    const key = headlineKey(entry.headline);
    if (seen.has(key)) continue;
    seen.add(key);
    const target = entry.code ?? (await findCodeByHeadline(trx, editionCode, key));
    await trx
      .insertInto('featured_entries')
      .values({ edition_code: editionCode, position: position++, target_code: target ?? null, headline: entry.headline, headline_key: key, dated: entry.dated })
      .execute();
  }
}

function validate(input: StoryInput): void {
  if (input.headline.trim() === '') throw new StoryValidationError('headline', storyProblems.headlineMissing);
  if (input.headline.length > 300) throw new StoryValidationError('headline', storyProblems.fieldTooLong('headline', 300));
  // A draft may start as a headline alone; a story that is or will be live needs a body.
  const isLive = input.status === 'published' || input.status === 'scheduled';
  if (isLive && blocksToPlainText(input.body).trim() === '' && !input.body.some((b) => b.type === 'image')) {
    throw new StoryValidationError('body', storyProblems.bodyMissing);
  }
  if (input.code !== undefined && (!Number.isSafeInteger(input.code) || input.code <= 0)) {
    throw new StoryValidationError('code', storyProblems.badCode(String(input.code)));
  }
  if (input.status === 'published' && !input.publishedAt) {
    throw new StoryValidationError('publishedAt', storyProblems.publishedAtMissing);
  }
  if (input.publishedAt && Number.isNaN(Date.parse(input.publishedAt))) {
    throw new StoryValidationError('publishedAt', storyProblems.publishedAtInvalid(input.publishedAt));
  }
}

/** Takes the next story code of the site's sequence. */
export async function allocateCode(trx: Transaction<Database>, now: Date): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', 'story_code')
    .returning('value')
    .executeTakeFirstOrThrow();
  const code = Number(row.value);
  await trx.insertInto('story_codes').values({ code, created_at: now.toISOString() }).execute();
  return code;
}

/**
 * Reserves a story code: the site's sequence moves past it, so codes taken later never collide with it.
 * @example await reserveStoryCode(trx, 898945, now)
 */
export async function reserveStoryCode(trx: Transaction<Database>, code: number, now: Date): Promise<number> {
  await trx
    .updateTable('counters')
    .set({ value: sql<number>`case when value < ${code} then ${code} else value end` })
    .where('name', '=', 'story_code')
    .execute();
  await trx
    .insertInto('story_codes')
    .values({ code, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  return code;
}

async function saveVersion(
  trx: Transaction<Database>,
  input: StoryInput & { code: number },
  now: Date,
  existing: StoredVersion | undefined,
): Promise<SavedStory> {
  const sectionId = input.section ? await ensureTaxon(trx, 'sections', input.editionCode, input.section) : null;
  const slug = await freeSlug(trx, input.editionCode, input.slug ? slugify(input.slug) : slugify(input.headline), existing?.id);
  const columns = {
    slug,
    headline: input.headline.trim(),
    headline_key: headlineKey(input.headline),
    teaser: (input.teaser ?? teaserFrom(input.body)).trim(),
    body: JSON.stringify(input.body),
    status: input.status,
    published_at: input.publishedAt ? new Date(input.publishedAt).toISOString() : (existing?.published_at ?? null),
    updated_at: now.toISOString(),
    section_id: sectionId,
    credit_text: input.credit?.text ?? null,
    credit_url: input.credit?.url ?? null,
    license_url: input.credit?.licenseUrl ?? null,
    ...(input.leadMediaId !== undefined ? { lead_media_id: input.leadMediaId } : {}),
  };
  let id: number;
  if (existing) {
    id = existing.id;
    // Every content write moves the version on, so a newsroom form opened before it cannot silently overwrite it.
    await trx
      .updateTable('stories')
      .set({ ...columns, revision: sql<number>`revision + 1` })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('story_tags').where('story_id', '=', id).execute();
    await trx.deleteFrom('story_authors').where('story_id', '=', id).execute();
  } else {
    const row = await trx
      .insertInto('stories')
      .values({ ...columns, code: input.code, edition_code: input.editionCode, created_at: now.toISOString(), revision: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }

  const tagIds = new Set<number>();
  for (const tag of input.tags ?? []) {
    const tagId = await ensureTaxon(trx, 'tags', input.editionCode, tag);
    if (tagIds.has(tagId)) continue;
    await trx.insertInto('story_tags').values({ story_id: id, tag_id: tagId, position: tagIds.size }).execute();
    tagIds.add(tagId);
  }
  const authorIds = new Set<number>();
  for (const name of input.authors ?? []) {
    const authorId = await ensureAuthor(trx, name);
    if (authorIds.has(authorId)) continue;
    await trx.insertInto('story_authors').values({ story_id: id, author_id: authorId, position: authorIds.size }).execute();
    authorIds.add(authorId);
  }
  await replaceRelatedLinks(trx, { id, code: input.code, editionCode: input.editionCode }, input.related ?? []);
  await resolveWaitingLinks(trx, input.editionCode, input.code, headlineKey(input.headline));
  // Search and related stories change with the story, in this transaction (src/modules/search/).
  await indexStoryChange(trx, id);
  // Which pictures the story shows, for the library's "used in" and its refusal to delete them.
  const lead = input.leadMediaId !== undefined ? input.leadMediaId : (existing?.lead_media_id ?? null);
  if (existing || lead !== null || input.body.some((b) => b.type === 'image' && b.mediaId !== undefined)) await recordStoryMedia(trx, id, lead, input.body);
  return { id, code: input.code, editionCode: input.editionCode, slug, isNew: !existing };
}

/**
 * Replaces a story version's pinned related links, in order, inside the caller's transaction: the one
 * write of `related_links`, shared by saving a story and by the curation service. A link without a code
 * finds its story by headline, or waits for it; a link to the story itself is dropped.
 * @example await replaceRelatedLinks(trx, { id: 12, code: 898945, editionCode: 'en' }, [{ code: 898946, headline: 'Rain', teaser: '' }])
 */
export async function replaceRelatedLinks(
  trx: Transaction<Database>,
  story: { id: number; code: number; editionCode: string },
  links: RelatedInput[],
): Promise<void> {
  await trx.deleteFrom('related_links').where('story_id', '=', story.id).execute();
  let position = 0;
  for (const link of links) {
    const key = headlineKey(link.headline);
    const target = link.code ?? (await findCodeByHeadline(trx, story.editionCode, key));
    if (target === story.code) continue;
    await trx
      .insertInto('related_links')
      .values({ story_id: story.id, position: position++, target_code: target ?? null, headline: link.headline, headline_key: key, teaser: link.teaser })
      .execute();
  }
}

/** Links that were made to this headline before the story existed now point at it. */
async function resolveWaitingLinks(trx: Transaction<Database>, editionCode: string, code: number, key: string): Promise<void> {
  await trx
    .updateTable('related_links')
    .set({ target_code: code })
    .where('target_code', 'is', null)
    .where('headline_key', '=', key)
    .where('story_id', 'in', (eb) => eb.selectFrom('stories').select('id').where('edition_code', '=', editionCode).where('code', '<>', code))
    .execute();
  await trx
    .updateTable('featured_entries')
    .set({ target_code: code })
    .where('target_code', 'is', null)
    .where('headline_key', '=', key)
    .where('edition_code', '=', editionCode)
    .execute();
}

async function findCodeByHeadline(db: Kysely<Database>, editionCode: string, key: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('stories')
    .select('code')
    .where('edition_code', '=', editionCode)
    .where('headline_key', '=', key)
    .orderBy('code', 'desc')
    .executeTakeFirst();
  return row?.code;
}

async function ensureTaxon(trx: Transaction<Database>, table: 'sections' | 'tags', editionCode: string, ref: NamedRef): Promise<number> {
  const name = ref.name.trim();
  const field = table === 'sections' ? 'section' : 'tags';
  if (!name) throw new StoryValidationError(field, storyProblems.emptyName(field));
  const slug = slugify(ref.slug ?? name);
  // A name the newsroom renamed or merged away means what it became, not a new section or tag.
  const renamed = await renamedTo(trx, table === 'sections' ? 'section' : 'tag', editionCode, slug);
  if (renamed !== undefined) return renamed;
  // A section made by an import goes last in the edition's order, after those editors placed.
  const position = table === 'sections' ? sql<number>`(select coalesce(max(position) + 1, 0) from sections where edition_code = ${editionCode})` : undefined;
  await trx
    .insertInto(table)
    .values({ edition_code: editionCode, slug, name, ...(position ? { position } : {}) })
    .onConflict((oc) => oc.columns(['edition_code', 'slug']).doNothing())
    .execute();
  const row = await trx.selectFrom(table).select('id').where('edition_code', '=', editionCode).where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Links the byline `name` (made if the site has none yet) to a person's account, unless the byline or the
 * account is linked already: a link an editor made is never moved. Returns whether the byline is now theirs.
 */
export async function linkBylineToAccount(trx: Transaction<Database>, name: string, userId: number): Promise<boolean> {
  const authorId = await ensureAuthor(trx, name);
  const isAccountLinked = await trx.selectFrom('authors').select('id').where('user_id', '=', userId).where('id', '<>', authorId).executeTakeFirst();
  if (!isAccountLinked) await trx.updateTable('authors').set({ user_id: userId }).where('id', '=', authorId).where('user_id', 'is', null).execute();
  const linked = await trx.selectFrom('authors').select('user_id').where('id', '=', authorId).executeTakeFirstOrThrow();
  return linked.user_id === userId;
}

async function ensureAuthor(trx: Transaction<Database>, name: string): Promise<number> {
  const slug = slugify(name);
  const renamed = await renamedTo(trx, 'author', '', slug);
  if (renamed !== undefined) return renamed;
  await trx
    .insertInto('authors')
    .values({ slug, name: name.trim() })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const row = await trx.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

/** The id a section, tag or author known by `slug` was renamed or merged into, unless something holds that slug now. */
async function renamedTo(trx: Transaction<Database>, kind: 'section' | 'tag' | 'author', editionCode: string, slug: string): Promise<number | undefined> {
  const row = await trx
    .selectFrom('slug_redirects')
    .select('target_id')
    .where('kind', '=', kind)
    .where('edition_code', '=', editionCode)
    .where('old_slug', '=', slug)
    .executeTakeFirst();
  return row?.target_id;
}

/**
 * The slug itself when free in the edition, else the first free `slug-2`, `slug-3` …
 * Slugs hold only letters, digits and hyphens, so they need no escaping in LIKE.
 */
async function freeSlug(trx: Transaction<Database>, editionCode: string, base: string, ownId: number | undefined): Promise<string> {
  const taken = await trx
    .selectFrom('stories')
    .select('slug')
    .where('edition_code', '=', editionCode)
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .$if(ownId !== undefined, (qb) => qb.where('id', '<>', ownId ?? 0))
    .execute();
  const takenSet = new Set(taken.map((t) => t.slug));
  if (!takenSet.has(base)) return base;
  for (let n = 2; ; n++) if (!takenSet.has(`${base}-${n}`)) return `${base}-${n}`;
}
