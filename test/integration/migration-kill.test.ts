import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { appliedMigrations, runMigrations } from '../../src/db/migration-runner.ts';
import { allMigrations } from '../../src/db/migrations/index.ts';
import { maintenanceTimeouts, openDatabase } from '../../src/db/open-database.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const names = Object.keys(allMigrations('sqlite')).sort();

interface MigrateRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The migration that had begun when the kill was sent, if one was. */
  killedDuring?: string;
}

/**
 * Runs `dateline migrate`; with `killAt`, sends SIGKILL `delayMs` after the child says it began that migration
 * (the power cut or OOM kill of a real upgrade).
 */
function migrate(databaseUrl: string, killAt?: { migration: string; delayMs: number }): Promise<MigrateRun> {
  const child = spawn(process.execPath, ['bin/dateline.js', 'migrate'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  let killedDuring: string | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (killAt && killedDuring === undefined && stderr.includes(`applying migration ${killAt.migration}…`)) {
      killedDuring = killAt.migration;
      setTimeout(() => child.kill('SIGKILL'), killAt.delayMs);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, killedDuring }));
  });
}

async function recorded(url: string): Promise<string[]> {
  const handle = await openDatabase(parseDatabaseUrl(url), { migrate: false, timeouts: maintenanceTimeouts });
  try {
    return await appliedMigrations(handle.db as Kysely<unknown>).catch(() => []);
  } finally {
    await handle.close();
  }
}

function randomInt(below: number): number {
  return Math.floor(Math.random() * below);
}

describe.each(testEngines())('migrations killed part-way on %s', (engine) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('leave only whole migrations behind, and the next run finishes cleanly, whatever the moment of the kill', { timeout: 240_000 }, async () => {
    const rounds = 4;
    const kills: string[] = [];
    for (let round = 0; round < rounds; round++) {
      database = await createTestDatabase(engine);
      const migration = names[randomInt(names.length)] ?? names[0]!;
      const killed = await migrate(database.url, { migration, delayMs: randomInt(25) });
      if (killed.signal === 'SIGKILL') kills.push(`${migration}+`);

      // Whole migrations only: what is recorded is a prefix of the list, and nothing of the next one exists
      // (the next run would otherwise fail with "table … already exists").
      const done = await recorded(database.url);
      expect(names.slice(0, done.length)).toEqual(done);

      const again = await migrate(database.url);
      expect(again.stderr).not.toMatch(/failed|already exists/u);
      expect(again.code, again.stderr).toBe(0);
      expect(await recorded(database.url)).toEqual(names);
      const third = await migrate(database.url);
      expect(third.stdout.trim()).toBe('the schema is up to date');

      await database.drop();
      database = undefined;
    }
    // Most kills land inside a migration; a round where the child finished first still checks a clean rerun.
    expect(kills.length).toBeGreaterThan(0);
  });

  it('re-indexes the stories of an old database in migration 002 even after a kill in the middle of it', { timeout: 240_000 }, async () => {
    database = await createTestDatabase(engine);
    const stories = 600;
    const handle = await openDatabase(parseDatabaseUrl(database.url), { migrate: false, timeouts: maintenanceTimeouts });
    try {
      // The database as release 001 left it, with stories that 002 has to index.
      await runMigrations(handle.db as Kysely<unknown>, allMigrations(engine), { until: '001-initial' });
      await seedOldStories(handle.db as Kysely<unknown>, stories);
    } finally {
      await handle.close();
    }

    const killed = await migrate(database.url, { migration: '002-search-and-related', delayMs: 150 + randomInt(300) });
    expect(killed.signal).toBe('SIGKILL');
    expect(await recorded(database.url)).toEqual(['001-initial']);

    const again = await migrate(database.url);
    expect(again.code, again.stderr).toBe(0);
    const reopened = await openDatabase(parseDatabaseUrl(database.url), { migrate: false, timeouts: maintenanceTimeouts });
    try {
      const indexed = await reopened.db.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(indexed.n)).toBe(stories);
      const related = await reopened.db.selectFrom('automatic_related').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(related.n)).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  });
});

async function seedOldStories(db: Kysely<unknown>, count: number): Promise<void> {
  const now = '2020-11-20T08:44:00.000Z';
  const topics = ['ceasefire talks in the mountains', 'rain along the coast', 'a new bridge over the river', 'elections in the capital'];
  await sql`insert into editions (code, name, language, direction, time_zone, dateline_format, date_format, created_at)
    values ('en', 'English', 'en', 'ltr', 'Europe/London', 'cccc d MMMM yyyy - HH:mm', 'd MMMM yyyy', ${now})`.execute(db);
  await db.transaction().execute(async (trx) => {
    for (let i = 1; i <= count; i++) {
      const topic = topics[i % topics.length] ?? '';
      const body = JSON.stringify([paragraph(`Story ${i} is about ${topic}. Reporters followed ${topic} all week, and readers asked about ${topic} again.`)]);
      await sql`insert into story_codes (code, created_at) values (${i}, ${now})`.execute(trx);
      await sql`insert into stories (code, edition_code, slug, headline, headline_key, teaser, body, status, published_at, updated_at, created_at)
        values (${i}, 'en', ${`story-${i}`}, ${`Story ${i}: ${topic}`}, ${`story ${i} ${topic}`}, ${`About ${topic}.`}, ${body}, 'published', ${now}, ${now}, ${now})`.execute(trx);
    }
  });
}
