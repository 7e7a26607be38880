import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { runMigrations } from '../../src/db/migration-runner.ts';
import { allMigrations } from '../../src/db/migrations/index.ts';
import { maintenanceTimeouts, openDatabase } from '../../src/db/open-database.ts';
import { SearchService } from '../../src/modules/search/search-service.ts';
import { createServices, migrationSteps } from '../../src/services.ts';
import { createTestDatabase, testEngines, type Engine, type TestDatabase } from '../support/engines.ts';

const MIGRATION = '026-snowball-search-index';
const IT = { code: 'it', language: 'it', timeZone: 'Europe/Rome' };

/** The migration just before 026, whatever was added before it. */
function previousMigration(engine: Engine): string {
  const names = Object.keys(allMigrations(engine)).sort();
  const previous = names[names.indexOf(MIGRATION) - 1];
  if (previous === undefined) throw new Error(`no migration before ${MIGRATION}`);
  return previous;
}

async function ftsTableSql(db: Kysely<unknown>): Promise<string> {
  return (await sql<{ sql: string }>`select sql from sqlite_master where name = 'search_fts'`.execute(db)).rows[0]?.sql ?? '';
}

describe.each(testEngines())('migration 026 on %s', (engine) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  /** A database as the release before 026 left it, with Italian stories published by the write path. */
  async function oldDatabaseWithStories(): Promise<void> {
    database = await createTestDatabase(engine);
    const handle = await openDatabase(parseDatabaseUrl(database.url), { migrate: false, timeouts: maintenanceTimeouts });
    try {
      await runMigrations(handle.db as Kysely<unknown>, allMigrations(engine, migrationSteps), { until: previousMigration(engine) });
      if (engine === 'sqlite') expect(await ftsTableSql(handle.db as Kysely<unknown>)).toContain("'porter unicode61");
      const services = await createServices(handle);
      await services.editions.ensure('it');
      for (const [headline, text] of [
        ['Il governo approva il bilancio', 'Il governo ha approvato il bilancio dello Stato.'],
        ['I governi europei discutono', 'I governi di Francia e Germania si sono incontrati.'],
      ] as const) {
        await services.stories.save({ editionCode: 'it', headline, body: [paragraph(text)], status: 'published', publishedAt: '2026-11-20T08:00:00.000Z' });
      }
    } finally {
      await handle.close();
    }
  }

  it('indexes the published stories again, so that one inflection finds the others', async () => {
    await oldDatabaseWithStories();
    const handle = await openDatabase(parseDatabaseUrl(database!.url), { migrate: false, timeouts: maintenanceTimeouts });
    try {
      expect(await runMigrations(handle.db as Kysely<unknown>, allMigrations(engine, migrationSteps))).toContain(MIGRATION);
      if (engine === 'sqlite') {
        const table = await ftsTableSql(handle.db as Kysely<unknown>);
        expect(table).toContain("'unicode61 remove_diacritics 2'");
        expect(table).not.toContain('porter');
      }
      const search = await SearchService.create(handle.db);
      for (const q of ['governo ', 'governi ']) {
        const outcome = await search.search(IT, { q, sort: 'relevance', page: 1 });
        expect(outcome.kind === 'results' && outcome.hits.map((hit) => hit.headline).toSorted(), q).toEqual(['I governi europei discutono', 'Il governo approva il bilancio']);
      }
    } finally {
      await handle.close();
    }
  });

  it.runIf(engine === 'sqlite')('refuses to drop the index of published stories when nothing is handed in to index them again', async () => {
    await oldDatabaseWithStories();
    const handle = await openDatabase(parseDatabaseUrl(database!.url), { migrate: false, timeouts: maintenanceTimeouts });
    try {
      await expect(runMigrations(handle.db as Kysely<unknown>, allMigrations(engine))).rejects.toThrow(/026-snowball-search-index failed: published stories need indexing again/);
      // The failed migration left nothing behind: the old index is still there.
      expect(await ftsTableSql(handle.db as Kysely<unknown>)).toContain("'porter unicode61");
    } finally {
      await handle.close();
    }
  });
});
