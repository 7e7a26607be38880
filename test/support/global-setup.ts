import type { TestProject } from 'vitest/node';
import { findPostgresTools, startPostgresCluster, type PostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's shared PostgreSQL cluster, or null when PostgreSQL tests are skipped. */
    postgresUrl: string | null;
  }
}

let cluster: PostgresCluster | undefined;

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
    return;
  }
  cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
}

export async function teardown(): Promise<void> {
  const running = cluster;
  cluster = undefined;
  await running?.stop();
}
