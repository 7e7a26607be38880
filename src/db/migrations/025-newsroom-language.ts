import type { Kysely } from 'kysely';

/**
 * The language each person reads the newsroom in (issue 17, §2): a shipped language's code (`fa`), or null
 * to follow their browser's Accept-Language, as every account did before.
 */
export const newsroomLanguage = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('users').addColumn('newsroom_language', 'varchar(20)').execute();
  },
};
