import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { cacheKeys, recordChange } from '../changes/index.ts';

/** The story's page shows its approved comments and its form: both change with the thread and its policy. */
export async function recordThreadChange(trx: Transaction<Database>, storyId: number, now: Date): Promise<void> {
  const story = await trx.selectFrom('stories').select(['edition_code', 'code', 'status']).where('id', '=', storyId).executeTakeFirst();
  if (!story || story.status !== 'published') return;
  const code = Number(story.code);
  await recordChange(trx, { kind: 'story.comments_changed', editionCode: story.edition_code, storyCode: code, keys: [cacheKeys.storyPage(story.edition_code, code)] }, now);
}
