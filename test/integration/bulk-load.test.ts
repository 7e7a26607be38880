import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { maintenanceTimeouts, openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

/**
 * How the connection that writes commits: SQLite's `synchronous` (2 FULL, 1 NORMAL); PostgreSQL's
 * `synchronous_commit` and whether the connection itself asked for it (the test cluster's own default is off).
 */
async function commitSetting(handle: DatabaseHandle): Promise<string> {
  return handle.db.transaction().execute(async (trx) => {
    if (handle.engine === 'sqlite') return String((await sql<{ synchronous: number }>`pragma synchronous`.execute(trx)).rows[0]?.synchronous);
    const row = (await sql<{ setting: string; source: string }>`select setting, source from pg_settings where name = 'synchronous_commit'`.execute(trx)).rows[0];
    return row?.source === 'client' ? `${row.setting} (asked)` : 'as configured';
  });
}

describe.each(testEngines())('a bulk load (an import) on %s', (engine) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  // A database of its own, migrated here: the bulk handle runs the migrations, the others find them done.
  it('commits without a sync each, keeps what it committed once closed, and leaves other handles syncing every commit', async () => {
    database = await createTestDatabase(engine);
    const target = parseDatabaseUrl(database.url);
    const bulk = await openDatabase(target, { isBulkLoad: true, timeouts: maintenanceTimeouts });
    const serving = await openDatabase(target);
    try {
      expect(await commitSetting(bulk)).toBe(engine === 'sqlite' ? '1' : 'off (asked)');
      expect(await commitSetting(serving)).toBe(engine === 'sqlite' ? '2' : 'as configured');
      for (let n = 0; n < 20; n++) {
        await bulk.db.transaction().execute((trx) => trx.insertInto('counters').values({ name: `bulk-${n}`, value: n }).execute());
      }
    } finally {
      await bulk.close();
      await serving.close();
    }
    const reopened = await openDatabase(target);
    try {
      const rows = await reopened.db.selectFrom('counters').select('value').where('name', 'like', 'bulk-%').execute();
      expect(rows).toHaveLength(20);
    } finally {
      await reopened.close();
    }
  });
});
