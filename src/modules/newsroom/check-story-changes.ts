import { sql, type Kysely, type Transaction } from 'kysely';
import { blocksToPlainText, parseBody } from '../../content/blocks.ts';
import { slugify } from '../../content/slug.ts';
import { checkBlocks } from '../../content/validate-body.ts';
import type { Database, StoryStatus } from '../../db/schema.ts';
import { MediaError } from '../media/media-errors.ts';
import { assertAltTextPresent } from '../media/media-service.ts';
import { StoryValidationError } from '../stories/story-errors.ts';
import { storyProblems } from '../stories/story-problems.ts';
import type { NamedRef } from '../stories/story-types.ts';
import type { WorkflowRow } from './find-workflow-row.ts';
import type { StoryChanges } from './newsroom-types.ts';
import { StoryWorkflowError } from './story-workflow-errors.ts';

/** Limits of the story form's fields beyond the headline's (which the story store holds). */
export const STORY_FIELD_LIMITS = { teaser: 1000, seoTitle: 200, seoDescription: 500, tags: 30, tag: 100, authors: 20, author: 200, section: 100, slug: 200 } as const;

/** The longest note an editor may leave when sending a story back to draft. */
export const STORY_RETURN_NOTE_MAX_LENGTH = 2000;

/** The writable fields, trimmed and checked; lengths are limited so one form cannot fill the database. */
export function checkStoryChanges(changes: StoryChanges, status: StoryStatus, now: Date): StoryChanges {
  const out: StoryChanges = {};
  const text = (value: string | null | undefined, field: string, max: number): string | null | undefined => {
    if (value === undefined) return undefined;
    const trimmed = (value ?? '').trim();
    if (trimmed.length > max) throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.fieldTooLong(field, max), field);
    return trimmed === '' ? null : trimmed;
  };
  const names = (values: string[] | undefined, field: string, maxCount: number, maxLength: number): string[] | undefined => {
    if (values === undefined) return undefined;
    const cleaned = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
    if (cleaned.length > maxCount) throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.tooManyNames(field, maxCount), field);
    const long = cleaned.find((v) => v.length > maxLength);
    if (long) throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.nameTooLong(long.slice(0, 40), maxLength), field);
    return cleaned;
  };
  if (changes.headline !== undefined) out.headline = changes.headline;
  if (changes.body !== undefined) out.body = checkBlocks(changes.body);
  if (changes.leadMediaId !== undefined) {
    if (changes.leadMediaId !== null && (!Number.isSafeInteger(changes.leadMediaId) || changes.leadMediaId <= 0)) {
      throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.leadPictureFromLibrary, 'leadMediaId');
    }
    out.leadMediaId = changes.leadMediaId;
  }
  out.teaser = text(changes.teaser, 'teaser', STORY_FIELD_LIMITS.teaser);
  const slug = text(changes.slug, 'slug', STORY_FIELD_LIMITS.slug);
  // Typed addresses are made URL-safe the same way generated ones are ("Rain Due" → "rain-due").
  out.slug = slug ? slugify(slug) : slug;
  out.section = text(changes.section, 'section', STORY_FIELD_LIMITS.section);
  out.tags = names(changes.tags, 'tags', STORY_FIELD_LIMITS.tags, STORY_FIELD_LIMITS.tag);
  out.authors = names(changes.authors, 'authors', STORY_FIELD_LIMITS.authors, STORY_FIELD_LIMITS.author);
  out.seoTitle = text(changes.seoTitle, 'seoTitle', STORY_FIELD_LIMITS.seoTitle);
  out.seoDescription = text(changes.seoDescription, 'seoDescription', STORY_FIELD_LIMITS.seoDescription);
  if (changes.embargoUntil !== undefined) {
    out.embargoUntil = changes.embargoUntil === null || changes.embargoUntil.trim() === '' ? null : parseInstant(changes.embargoUntil, 'embargoUntil');
    if (status === 'published' && out.embargoUntil !== null && out.embargoUntil > now.toISOString()) {
      throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.embargoOnLiveStory, 'embargoUntil');
    }
  }
  return out;
}

/** The note to the author of a story sent back to draft, trimmed. */
export function checkReturnNote(note: string): string {
  const text = note.trim();
  if (text.length > STORY_RETURN_NOTE_MAX_LENGTH) {
    throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.returnNoteTooLong(STORY_RETURN_NOTE_MAX_LENGTH), 'note');
  }
  return text;
}

/** A time the newsroom typed, as an ISO instant. */
export function parseInstant(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.badDateTime, field);
  return new Date(ms).toISOString();
}

/** The later of two ISO instants, either of which may be missing. */
export function laterInstant(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

export async function isSlugTaken(db: Kysely<Database>, editionCode: string, slug: string, ownId: number | undefined): Promise<boolean> {
  const row = await db
    .selectFrom('stories')
    .select('id')
    .where('edition_code', '=', editionCode)
    .where('slug', '=', slug)
    .$if(ownId !== undefined, (qb) => qb.where('id', '<>', ownId ?? 0))
    .executeTakeFirst();
  return row !== undefined;
}

export async function assertSlugFree(db: Kysely<Database>, editionCode: string, slug: string, ownId: number | undefined): Promise<void> {
  if (await isSlugTaken(db, editionCode, slug, ownId)) {
    throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.slugTaken(slug), 'slug');
  }
}

/** A lead picture must be in the library; undefined leaves the story's as it is. */
export async function checkedLeadPicture(trx: Transaction<Database>, id: number | null | undefined): Promise<number | null | undefined> {
  if (id === undefined || id === null) return id;
  const found = await trx.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.leadPictureGone, 'leadMediaId');
  return id;
}

/**
 * The section a newsroom save files the story under: one the edition's editors made (Sections and tags), by
 * its name, case aside, or the one the story already has. Imports may bring new sections; the newsroom
 * chooses from the list. Undefined when the save does not touch the section.
 */
export async function checkedSection(trx: Transaction<Database>, editionCode: string, name: string | null | undefined, current: NamedRef | null): Promise<NamedRef | null | undefined> {
  if (name === undefined) return undefined;
  if (name === null || name.trim() === '') return null;
  if (current && current.name === name) return current;
  const found = await trx
    .selectFrom('sections')
    .select(['name', 'slug'])
    .where('edition_code', '=', editionCode)
    .where(sql<string>`lower(name)`, '=', name.trim().toLocaleLowerCase('en'))
    .executeTakeFirst();
  if (!found) throw new StoryWorkflowError('STORY_FIELD_INVALID', storyProblems.unknownSection(name.trim()), 'section');
  return found;
}

/** Every picture the story shows needs alt text in its language before it goes out (issue 11). */
export async function assertPicturesDescribed(trx: Transaction<Database>, row: WorkflowRow, language: string): Promise<void> {
  try {
    await assertAltTextPresent(trx, row.id, language);
  } catch (error) {
    if (error instanceof MediaError) throw new StoryWorkflowError('STORY_FIELD_INVALID', error.message, error.field);
    throw error;
  }
}

export function assertHasBody(row: WorkflowRow): void {
  const body = parseBody(row.body);
  if (blocksToPlainText(body).trim() === '' && !body.some((b) => b.type === 'image')) {
    throw new StoryValidationError('body', storyProblems.bodyMissingBeforeReview);
  }
}
