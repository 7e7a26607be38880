import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { searchIndexFor } from '../../db/search/search-index.ts';
import { updateRelatedStories } from '../related/related-stories-index.ts';
import { isIndexable, plainBody, toRelatedSource, toSearchDocument, type IndexableStoryRow } from './search-document.ts';

/**
 * Brings search and related stories up to date with a story's stored version. Called by the story store at
 * the end of every save, inside its transaction, so a published story is found at once and an unpublished
 * one is gone at once — or, if anything fails, neither the story nor the indexes change.
 * @example await indexStoryChange(trx, saved.id)
 */
export async function indexStoryChange(db: Kysely<Database>, storyId: number): Promise<void> {
  const row = await findIndexableStory(db, storyId);
  const index = await searchIndexFor(db);
  if (!row) {
    await index.remove(db, storyId);
    return;
  }
  const bodyText = plainBody(row.body);
  // Deleting a story unpublishes it; a deleted story is kept out whatever its status says all the same.
  const isFound = isIndexable(row) && row.deleted_at === null;
  if (isFound) await index.upsert(db, toSearchDocument(row, bodyText));
  else await index.remove(db, storyId);
  await updateRelatedStories(db, { ...toRelatedSource(row, bodyText), isPublished: isFound });
}

/** Story columns with the edition's language, which picks the text search configuration. */
export function indexableStories(db: Kysely<Database>) {
  return db
    .selectFrom('stories as s')
    .innerJoin('editions as e', 'e.code', 's.edition_code')
    .select(['s.id', 's.code', 's.edition_code', 'e.language', 's.status', 's.headline', 's.teaser', 's.body', 's.published_at', 's.section_id']);
}

async function findIndexableStory(db: Kysely<Database>, storyId: number): Promise<(IndexableStoryRow & { deleted_at: string | null }) | undefined> {
  // `deleted_at` only here: migration 002 rebuilds the indexes with indexableStories before the column exists.
  return indexableStories(db).select('s.deleted_at').where('s.id', '=', storyId).executeTakeFirst();
}
