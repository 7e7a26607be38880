import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { databaseTimeouts, openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, testEngines, type Engine, type TestDatabase } from '../support/engines.ts';

function reservoirStory(headline: string, text: string) {
  return { editionCode: 'en', headline, body: [paragraph(text)], status: 'published' as const, publishedAt: '2025-06-01T06:00:00.000Z' };
}

interface Failure {
  /** What the original failure says. */
  message: RegExp;
  code: string;
  /** A write whose transaction the engine ends by itself, so the rollback after it has nothing to roll back or nobody to talk to. */
  write(handle: DatabaseHandle, services: Services): Promise<unknown>;
  /** Puts things right again. */
  heal(handle: DatabaseHandle): Promise<void>;
}

const failures: Record<Engine, Failure> = {
  sqlite: {
    // A full disk: SQLite's page limit, set on the connection that writes, one page above what is used. SQLite
    // rolls the transaction back itself, and a second rollback would say "no transaction is active".
    message: /database or disk is full/u,
    code: 'SQLITE_FULL',
    write: async (handle, services) => {
      await handle.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(trx);
        await sql.raw(`pragma max_page_count = ${(rows[0]?.page_count ?? 0) + 1}`).execute(trx);
      });
      return services.stories.save(reservoirStory('Reservoir Levels Fall for a Third Month', 'Engineers measured the reservoir. '.repeat(2000)), new Date());
    },
    heal: async (handle) => {
      await handle.db.transaction().execute((trx) => sql`pragma max_page_count = 1073741823`.execute(trx));
    },
  },
  postgres: {
    // The server ends the connection mid-transaction (an administrator, a failover, the backend crashing).
    message: /terminating connection due to administrator command/u,
    code: 'DATABASE_UNAVAILABLE',
    write: (handle) =>
      handle.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        const pid = rows[0]?.pid ?? 0;
        await sql`select pg_terminate_backend(${pid})`.execute(handle.db);
        // Gone, and its last words (the FATAL message) read by this process, before the next statement.
        while ((await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where pid = ${pid}`.execute(handle.db)).rows[0]?.n) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
        await sql`update counters set value = value where name = 'story_code'`.execute(trx);
      }),
    heal: async () => {},
  },
};

describe.each(testEngines())('a write that fails inside a transaction on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;

  beforeEach(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url), { timeouts: databaseTimeouts({}) });
    services = await createServices(handle);
  });
  afterEach(async () => {
    await services?.changes.stop();
    await handle?.close();
    await database?.drop();
  });

  it('is reported as itself, not as the failed rollback after it, and the next write goes through', async () => {
    const failure = failures[engine];
    const error = (await failure.write(handle, services).then(
      () => undefined,
      (e: unknown) => e,
    )) as (Error & { code?: string }) | undefined;
    expect(error?.message).toMatch(failure.message);
    expect(error?.code).toBe(failure.code);

    await failure.heal(handle);
    const saved = await services.stories.save(reservoirStory('Reservoir Levels Rise After a Wet Week', 'The rain came.'), new Date());
    expect(saved.code).toBeGreaterThan(0);
  });
});
