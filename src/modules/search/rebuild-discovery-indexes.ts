import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { searchIndexFor } from '../../db/search/search-index.ts';
import { RelatedIndexBuilder } from '../related/related-stories-index.ts';
import { indexableStories } from './index-story-change.ts';
import { isIndexable, plainBody, toRelatedSource, toSearchDocument } from './search-document.ts';

const BATCH = 500;

/**
 * Indexes every published story from scratch for search and related stories: after migration 002 on a
 * database with stories, or after bulk loading. `lists: false` skips computing each story's related list
 * (a benchmark that only needs the indexes); the write path keeps lists current afterwards. `related: false`
 * rebuilds the search index alone (migration 026, which changed how SQLite stems) and leaves related stories as they are.
 * @example await rebuildDiscoveryIndexes(db)
 */
export async function rebuildDiscoveryIndexes(
  db: Kysely<Database>,
  options: { lists?: boolean; related?: boolean; onProgress?: (stories: number) => void } = {},
): Promise<{ stories: number }> {
  const index = await searchIndexFor(db);
  const related = options.related === false ? undefined : new RelatedIndexBuilder(db);
  await index.clear(db);
  await related?.clear();
  let stories = 0;
  let after = 0;
  for (;;) {
    const rows = await indexableStories(db).where('s.status', '=', 'published').where('s.id', '>', after).orderBy('s.id').limit(BATCH).execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id ?? after;
    // One transaction per batch when the caller has none (a migration already runs in one).
    const indexBatch = async (trx: Kysely<Database>) => {
      const sources = [];
      for (const row of rows) {
        if (!isIndexable(row)) continue;
        const bodyText = plainBody(row.body);
        await index.upsert(trx, toSearchDocument(row, bodyText));
        sources.push(toRelatedSource(row, bodyText));
        stories++;
      }
      await related?.add(sources, trx);
    };
    if (db.isTransaction) await indexBatch(db);
    else await db.transaction().execute(indexBatch);
    options.onProgress?.(stories);
  }
  if (related) {
    const finish = (trx: Kysely<Database>) => related.finish({ lists: options.lists ?? true }, trx);
    if (db.isTransaction) await finish(db);
    else await db.transaction().execute(finish);
  }
  return { stories };
}
