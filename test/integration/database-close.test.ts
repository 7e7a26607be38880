import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { createMigratedTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

/**
 * Closing a database leaves nothing of it open, even when nothing was asked of it after opening: an operator's
 * command (a backup, a migration) ends without a connection lingering on the server, and a PostgreSQL database
 * just migrated can at once be copied as a template, which the server refuses while anyone is connected to it.
 */
describe.each(testEngines())('closing a database on %s', (engine) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('leaves no connection and no journal behind, even when nothing was queried', async () => {
    database = await createMigratedTestDatabase(engine);
    const handle = await openDatabase(parseDatabaseUrl(database.url));
    await handle.close();
    if (engine === 'sqlite') {
      const file = database.url.slice('sqlite:'.length);
      expect([existsSync(`${file}-wal`), existsSync(`${file}-shm`)]).toEqual([false, false]);
      return;
    }
    const admin = new pg.Client({ connectionString: inject('postgresUrl') ?? '' });
    await admin.connect();
    try {
      const name = new URL(database.url).pathname.slice(1);
      const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [name]);
      expect(rows).toEqual([]);
    } finally {
      await admin.end();
    }
  });
});
