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
  if (isIndexable(row)) await index.upsert(db, toSearchDocument(row, bodyText));
  else await index.remove(db, storyId);
  await updateRelatedStories(db, toRelatedSource(row, bodyText));
}

/** Story columns with the edition's language, which picks the text search configuration. */
export function indexableStories(db: Kysely<Database>) {
  return db
    .selectFrom('stories as s')
    .innerJoin('editions as e', 'e.code', 's.edition_code')
    .select(['s.id', 's.code', 's.edition_code', 'e.language', 's.status', 's.headline', 's.teaser', 's.body', 's.published_at', 's.section_id']);
}

async function findIndexableStory(db: Kysely<Database>, storyId: number): Promise<IndexableStoryRow | undefined> {
  return indexableStories(db).where('s.id', '=', storyId).executeTakeFirst();
}
