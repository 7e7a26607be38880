import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { cacheKeys, recordChange } from '../changes/index.ts';

/** Which change to a story's thread it was, and of which comment: webhooks send `comment.approved` from it. */
export interface ThreadChange {
  change: 'comment_approved' | 'comment_withdrawn' | 'comment_edited' | 'comments_imported' | 'policy';
  commentId?: number;
}

/**
 * The story's page shows its approved comments and its form: both change with the thread and its policy.
 * The change event carries the story and, for a comment, the comment.
 */
export async function recordThreadChange(trx: Transaction<Database>, storyId: number, now: Date, thread: ThreadChange): Promise<void> {
  const story = await trx.selectFrom('stories').select(['edition_code', 'code', 'status', 'slug', 'headline']).where('id', '=', storyId).executeTakeFirst();
  if (!story || story.status !== 'published') return;
  const code = Number(story.code);
  await recordChange(
    trx,
    {
      kind: 'story.comments_changed',
      editionCode: story.edition_code,
      storyCode: code,
      keys: [cacheKeys.storyPage(story.edition_code, code)],
      subject: { ...thread, storyId, slug: story.slug, headline: story.headline, isPublic: true },
    },
    now,
  );
}
