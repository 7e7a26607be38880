import type { Kysely } from 'kysely';
import type { Database, StoryNoteRow } from '../../db/schema.ts';
import type { StoryNote } from '../stories/story-types.ts';

/**
 * A story version's corrections and updates, oldest first: the order readers follow them in. The one
 * query for notes, shared by the story page (StoryQueries.findPublished) and the newsroom.
 * @example await findStoryNotes(db, story.id) // [{ id: 1, kind: 'correction', text: '…', notedAt: '2020-11-21T09:00:00.000Z' }]
 */
export async function findStoryNotes(db: Kysely<Database>, storyId: number): Promise<StoryNote[]> {
  const rows = await db
    .selectFrom('story_notes')
    .select(['id', 'kind', 'text', 'noted_at'])
    .where('story_id', '=', storyId)
    .orderBy('noted_at')
    .orderBy('id')
    .execute();
  return rows.map(toStoryNote);
}

export function toStoryNote(row: Pick<StoryNoteRow, 'id' | 'kind' | 'text' | 'noted_at'>): StoryNote {
  return { id: row.id, kind: row.kind, text: row.text, notedAt: row.noted_at };
}
