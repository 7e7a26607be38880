import type { Kysely } from 'kysely';

/**
 * An edition's calendar and digits, chosen in the newsroom (issue 15, §1). Null keeps the language's own
 * (`dateSystemFor`): Solar Hijri with Persian digits for `fa`, Gregorian with Latin digits for most others.
 */
export const editionDateSystems = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('editions').addColumn('calendar', 'varchar(20)').execute();
    await db.schema.alterTable('editions').addColumn('numbering_system', 'varchar(20)').execute();
  },
};
