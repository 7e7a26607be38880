import type { Kysely } from 'kysely';

/**
 * When an edition's settings last changed. A feed's `Last-Modified` takes it into account: turning full
 * text on or off changes every feed of the edition without any story changing.
 */
export const editionSettingsTime = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('editions').addColumn('settings_changed_at', 'text').execute();
  },
};
