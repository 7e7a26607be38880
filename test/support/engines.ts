import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export type Engine = 'sqlite' | 'postgres';

export interface TestDatabase {
  engine: Engine;
  url: string;
  drop(): Promise<void>;
}

/** Use as `describe.each(testEngines())('… on %s', (engine) => …)`; postgres is included only when a cluster is available (inject('postgresUrl') is not null). */
export function testEngines(): Engine[] {
  return inject('postgresUrl') === null ? ['sqlite'] : ['sqlite', 'postgres'];
}

/** A fresh, empty database on the given engine: a new SQLite file in a temp folder, or a new database `t_<random>` created in the shared cluster. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  return engine === 'sqlite' ? createSqliteDatabase() : createPostgresDatabase();
}

/**
 * A fresh database already migrated to the latest schema and otherwise empty: a copy of the run's template
 * (see global-setup.ts), much faster than migrating. For tests of what a site does; tests of migrating or
 * of a first start use createTestDatabase.
 */
export async function createMigratedTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const database = await createSqliteDatabase();
    await copyFile(inject('sqliteTemplate'), database.url.slice('sqlite:'.length));
    return database;
  }
  const template = inject('postgresTemplate');
  if (template === null) throw new Error('No PostgreSQL cluster is available for this run (see the warning printed by the global setup).');
  return createPostgresDatabase(template);
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-sqlite-'));
  // The file itself is left for the code under test to create, as it would on a first start.
  return {
    engine: 'sqlite',
    url: `sqlite:${join(dir, 'test.db')}`,
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

async function createPostgresDatabase(template?: string): Promise<TestDatabase> {
  const adminUrl = inject('postgresUrl');
  if (adminUrl === null) {
    throw new Error('No PostgreSQL cluster is available for this run (see the warning printed by the global setup).');
  }
  const name = `t_${randomBytes(8).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    engine: 'postgres',
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      // FORCE ends connections a test left open, which would otherwise block the drop.
      await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withAdmin(adminUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
