import type { Kysely } from 'kysely';
import { dayInEdition } from '../editions/edition-time.ts';
import type { Database } from '../../db/schema.ts';
import { cacheKeys } from './cache-keys.ts';
import { recordChange, type ChangeKind } from './change-log.ts';

/** What readers can see of a story version, and where: enough to tell which pages a change touches. */
export interface StoryFace {
  id: number;
  editionCode: string;
  code: number;
  slug: string;
  headline: string;
  isPublic: boolean;
  sectionId: number | null;
  sectionSlug: string | null;
  tagSlugs: string[];
  authorSlugs: string[];
  /** The edition's local day of publication, for the day archive. */
  day: string | null;
  /** Codes of the stories whose related list shows this one. */
  shownBy: number[];
}

/**
 * Reads a story's face inside the caller's transaction: before a change and again after it, so that the
 * difference says which pages must change (`storyChangeKeys`).
 * @example const before = await readStoryFace(trx, storyId)
 */
export async function readStoryFace(db: Kysely<Database>, storyId: number): Promise<StoryFace | undefined> {
  const row = await db
    .selectFrom('stories as s')
    .innerJoin('editions as e', 'e.code', 's.edition_code')
    .leftJoin('sections as sec', 'sec.id', 's.section_id')
    .select(['s.id', 's.edition_code', 's.code', 's.slug', 's.headline', 's.status', 's.deleted_at', 's.section_id', 'sec.slug as section_slug', 's.published_at', 'e.time_zone'])
    .where('s.id', '=', storyId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [tags, authors, shownBy] = await Promise.all([
    db.selectFrom('story_tags as st').innerJoin('tags as t', 't.id', 'st.tag_id').select('t.slug').where('st.story_id', '=', storyId).execute(),
    db.selectFrom('story_authors as sa').innerJoin('authors as a', 'a.id', 'sa.author_id').select('a.slug').where('sa.story_id', '=', storyId).execute(),
    db
      .selectFrom('automatic_related as r')
      .innerJoin('stories as o', 'o.id', 'r.story_id')
      .select('o.code')
      .where('r.target_story_id', '=', storyId)
      .union(
        db
          .selectFrom('related_links as l')
          .innerJoin('stories as o', 'o.id', 'l.story_id')
          .select('o.code')
          .where('l.target_code', '=', row.code)
          .where('o.edition_code', '=', row.edition_code),
      )
      .execute(),
  ]);
  return {
    id: row.id,
    editionCode: row.edition_code,
    code: Number(row.code),
    slug: row.slug,
    headline: row.headline,
    isPublic: row.status === 'published' && row.deleted_at === null,
    sectionId: row.section_id,
    sectionSlug: row.section_slug,
    tagSlugs: tags.map((t) => t.slug),
    authorSlugs: authors.map((a) => a.slug),
    day: row.published_at ? dayInEdition(row.published_at, { language: 'en', time_zone: row.time_zone }) : null,
    shownBy: shownBy.map((s) => Number(s.code)),
  };
}

/**
 * The cache keys a change from `before` to `after` touches; none when readers saw the story neither
 * before nor after (a draft's saves change no page).
 * @example storyChangeKeys(before, after) // ['story:en:898945', 'page:en:898945', …]
 */
export function storyChangeKeys(before: StoryFace | undefined, after: StoryFace | undefined): string[] {
  const faces = [before, after].filter((f): f is StoryFace => f !== undefined && f.isPublic);
  const any = faces[0];
  if (!any) return [];
  const edition = any.editionCode;
  // Search reads the index rewritten in the same transaction: any change to a story readers see may change its answers.
  const keys = new Set<string>([cacheKeys.story(edition, any.code), cacheKeys.storyPage(edition, any.code), cacheKeys.sitemaps, cacheKeys.search(edition)]);
  if (filingOf(before) !== filingOf(after)) keys.add(cacheKeys.taxonCounts(edition));
  const isVisibilityChange = before?.isPublic !== after?.isPublic || before?.slug !== after?.slug;
  // Pages already showing the story carry its key; a list or related list that gains it does not yet.
  const gained = (of: (f: StoryFace) => string[]) => {
    const had = new Set(before?.isPublic ? of(before) : []);
    return (after?.isPublic ? of(after) : []).filter((k) => isVisibilityChange || !had.has(k));
  };
  for (const key of gained(listKeys)) keys.add(key);
  for (const key of gained((f) => f.shownBy.map((code) => cacheKeys.storyPage(f.editionCode, code)))) keys.add(key);
  if (isVisibilityChange) {
    keys.add(cacheKeys.translations(any.code));
    keys.add(cacheKeys.corrections(edition));
    if (before?.isPublic) for (const key of listKeys(before)) keys.add(key);
  }
  return [...keys];
}

/** Where readers find a story counted: its section, tags and bylines while it is public, nowhere otherwise. */
function filingOf(face: StoryFace | undefined): string {
  if (!face?.isPublic) return '';
  return JSON.stringify([face.sectionSlug, [...face.tagSlugs].sort(), [...face.authorSlugs].sort()]);
}

function listKeys(face: StoryFace): string[] {
  const e = face.editionCode;
  return [
    cacheKeys.latest(e),
    ...(face.sectionSlug !== null ? [cacheKeys.section(e, face.sectionSlug)] : []),
    ...face.tagSlugs.map((slug) => cacheKeys.tag(e, slug)),
    ...face.authorSlugs.map((slug) => cacheKeys.author(e, slug)),
    ...(face.day ? [cacheKeys.day(e, face.day)] : []),
  ];
}

/**
 * Records what a story change did to the reader's site, from the story's face before and after it, in the
 * caller's transaction: the one place every story transition (the newsroom's steps, the scheduler, imports)
 * turns into a change event. Nothing is recorded when readers saw the story neither before nor after.
 * @example await recordStoryChange(trx, 'story.published', before, await readStoryFace(trx, id), now)
 */
export async function recordStoryChange(db: Kysely<Database>, kind: ChangeKind, before: StoryFace | undefined, after: StoryFace | undefined, now: Date): Promise<void> {
  const keys = storyChangeKeys(before, after);
  const face = after ?? before;
  if (keys.length === 0 || !face) return;
  if (await isSectionNavigationChanged(db, before, after)) keys.push(cacheKeys.edition(face.editionCode));
  await recordChange(
    db,
    { kind, editionCode: face.editionCode, storyCode: face.code, keys, subject: { storyId: face.id, slug: face.slug, headline: face.headline, isPublic: after?.isPublic ?? false } },
    now,
  );
}

/** The navigation lists the sections with a published story: did this change add or remove one? */
async function isSectionNavigationChanged(db: Kysely<Database>, before: StoryFace | undefined, after: StoryFace | undefined): Promise<boolean> {
  const was = before?.isPublic ? before.sectionId : null;
  const is = after?.isPublic ? after.sectionId : null;
  if (was === is) return false;
  for (const sectionId of [was, is]) {
    if (sectionId === null) continue;
    const row = await db
      .selectFrom('stories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('section_id', '=', sectionId)
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    const count = Number(row.n);
    // Emptied, or holding only this story now.
    if (count === 0 || (count === 1 && sectionId === is)) return true;
  }
  return false;
}
