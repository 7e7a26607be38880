import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { StoryReturnNote } from './newsroom-types.ts';
import { personRef } from './person-ref.ts';

/**
 * The latest return note of each of these stories that has one with text. Callers only ask about drafts:
 * a draft's latest return is what put it back there (nothing else leads to draft).
 */
export async function findReturnNotes(db: Kysely<Database>, storyIds: readonly number[]): Promise<Map<number, StoryReturnNote>> {
  const out = new Map<number, StoryReturnNote>();
  if (storyIds.length === 0) return out;
  const rows = await db
    .selectFrom('story_returns as r')
    .leftJoin('users as u', 'u.id', 'r.returned_by')
    .select(['r.story_id', 'r.note', 'r.returned_at', 'r.returned_by', 'u.display_name'])
    .where('r.story_id', 'in', storyIds)
    .orderBy('r.id', 'desc')
    .execute();
  const seen = new Set<number>();
  for (const r of rows) {
    if (seen.has(r.story_id)) continue;
    seen.add(r.story_id);
    // A latest return without a note says nothing; an older note was about an earlier round.
    if (r.note !== '') out.set(r.story_id, { note: r.note, at: r.returned_at, by: personRef(r.returned_by, r.display_name) });
  }
  return out;
}
