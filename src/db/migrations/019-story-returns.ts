import type { Kysely } from 'kysely';
import { autoIdColumn, type Engine } from '../engine.ts';

/**
 * `story_returns`: each time a story goes back to draft, the note to its author and who sent it back
 * (docs/decisions/017-newsroom-dashboard-and-queues.md). Kept apart from `stories`, which only the story
 * store writes, and from the audit log, which only owners and admins read: the author must see the note.
 */
export function storyReturnsSchema(engine: Engine) {
  const autoId = autoIdColumn(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('story_returns')
        .addColumn('id', 'integer', autoId)
        .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
        .addColumn('from_status', 'varchar(16)', (c) => c.notNull())
        // Empty when nobody wrote one: unscheduling one's own story needs no explanation.
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('returned_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('returned_by', 'integer', (c) => c.references('users.id'))
        .execute();
      await db.schema.createIndex('story_returns_story').on('story_returns').columns(['story_id', 'id']).execute();
    },
  };
}
