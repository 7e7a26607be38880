import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { findPostgresTools, startPostgresCluster, type PostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's shared PostgreSQL cluster, or null when PostgreSQL tests are skipped. */
    postgresUrl: string | null;
    /** An SQLite file migrated to the latest schema, copied for each test site (createMigratedTestDatabase). */
    sqliteTemplate: string;
    /** The name of a database of the cluster migrated to the latest schema, the template of each test site's. */
    postgresTemplate: string | null;
  }
}

/** The cluster's database that test sites' databases are copied from (CREATE DATABASE … TEMPLATE). */
const POSTGRES_TEMPLATE = 'dateline_template';

let cluster: PostgresCluster | undefined;
let templateFolder: string | undefined;

/**
 * Migrates one SQLite file and one PostgreSQL database once per run; test sites start on copies of them
 * instead of running every migration again (about a second a site on PostgreSQL, more under load). The
 * migrations themselves are still tested from an empty database by the tests that use createTestDatabase.
 */
async function makeTemplates(project: TestProject, postgresUrl: string | null): Promise<void> {
  templateFolder = await mkdtemp(join(tmpdir(), 'dateline-template-'));
  const sqliteFile = join(templateFolder, 'template.db');
  // Closing the last connection checkpoints the write-ahead log into the file: the file alone is the database.
  await (await openDatabase(parseDatabaseUrl(`sqlite:${sqliteFile}`))).close();
  project.provide('sqliteTemplate', sqliteFile);
  if (postgresUrl === null) {
    project.provide('postgresTemplate', null);
    return;
  }
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${POSTGRES_TEMPLATE}"`);
    const url = new URL(postgresUrl);
    url.pathname = `/${POSTGRES_TEMPLATE}`;
    await (await openDatabase(parseDatabaseUrl(url.toString()))).close();
    // A template must have no connections while it is copied: refuse them from now on.
    await admin.query(`ALTER DATABASE "${POSTGRES_TEMPLATE}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    await admin.end();
  }
  project.provide('postgresTemplate', POSTGRES_TEMPLATE);
}

export async function setup(project: TestProject): Promise<void> {
  if (!findPostgresTools()) {
    if (process.env.DATELINE_REQUIRE_POSTGRES === '1') {
      throw new Error(
        'DATELINE_REQUIRE_POSTGRES=1 but initdb/pg_ctl were not found on PATH: install the PostgreSQL server ' +
          '(Debian: postgresql-15) and put its bin directory (/usr/lib/postgresql/15/bin) on PATH.',
      );
    }
    const rule = '!'.repeat(78);
    console.warn(
      [
        '',
        rule,
        '!!  PostgreSQL tests are SKIPPED: initdb/pg_ctl not found on PATH.',
        '!!  Only the SQLite half of the engine matrix will run.',
        '!!  Install the PostgreSQL server (Debian: postgresql-15) and put',
        '!!  /usr/lib/postgresql/15/bin on PATH to run them; set',
        '!!  DATELINE_REQUIRE_POSTGRES=1 to make this an error (CI does).',
        rule,
        '',
      ].join('\n'),
    );
    project.provide('postgresUrl', null);
    await makeTemplates(project, null);
    return;
  }
  cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  await makeTemplates(project, cluster.url);
}

export async function teardown(): Promise<void> {
  const running = cluster;
  cluster = undefined;
  await running?.stop();
  if (templateFolder) await rm(templateFolder, { recursive: true, force: true });
}
