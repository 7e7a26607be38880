import { chmod, open, unlink } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { runInAnotherProcess } from '../support/child-process.ts';
import { testEngines } from '../support/engines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

async function health(site: TestSite, path: string): Promise<{ status: number; body: Record<string, unknown>; ms: number; cacheControl: string | null }> {
  const started = performance.now();
  const response = await site.get(path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, ms: performance.now() - started, cacheControl: response.headers.get('cache-control') };
}

function sqliteFile(site: TestSite): string {
  const target = parseDatabaseUrl(site.database.url);
  if (target.engine !== 'sqlite') throw new Error('not an SQLite site');
  return target.file;
}

describe.each(testEngines())('health on %s', (engine) => {
  let site: TestSite | undefined;

  afterEach(async () => {
    await site?.close();
    site = undefined;
  });

  it('says the process is alive at /livez, and ready at /readyz and /healthz, in small uncached JSON', async () => {
    site = await startTestSite(engine);
    expect(await health(site, '/livez')).toMatchObject({ status: 200, body: { status: 'ok' }, cacheControl: 'no-store' });
    for (const path of ['/readyz', '/healthz']) {
      expect(await health(site, path)).toMatchObject({ status: 200, body: { status: 'ok', engine }, cacheControl: 'no-store' });
    }
  });

  it('is not ready while a migration is missing', async () => {
    site = await startTestSite(engine);
    await site.services.database.db.deleteFrom('schema_migrations' as never).where('name' as never, '=', '012-edition-settings-time' as never).execute();
    const ready = await health(site, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', problem: 'migrations not applied: 012-edition-settings-time' });
    expect((await health(site, '/livez')).status).toBe(200);
  });
});

describe('SQLite readiness failures', () => {
  let site: TestSite | undefined;

  afterEach(async () => {
    await site?.close();
    site = undefined;
  });

  it('is not ready once the database file is deleted, and still alive', async () => {
    site = await startTestSite('sqlite');
    await unlink(sqliteFile(site));
    const ready = await health(site, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.problem).toMatch(/is gone$/u);
    expect((await health(site, '/healthz')).status).toBe(503);
    expect((await health(site, '/livez')).status).toBe(200);
  });

  it('is not ready once the database file is corrupted', async () => {
    site = await startTestSite('sqlite');
    const file = await open(sqliteFile(site), 'r+');
    await file.write(Buffer.from('this is no longer a database'), 0, 28, 0);
    await file.close();
    const ready = await health(site, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.problem).toMatch(/corrupted/u);
  });

  it('is not ready once the database file is read-only', async () => {
    site = await startTestSite('sqlite');
    await chmod(sqliteFile(site), 0o444);
    const ready = await health(site, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.problem).toMatch(/read-only$/u);
  });

  it('is not ready, within its deadline, while another process holds the write lock', async () => {
    site = await startTestSite('sqlite');
    const holder = runInAnotherProcess<object>(
      `const { default: Database } = await import('better-sqlite3');
       const db = new Database(process.env.DATABASE_URL.slice('sqlite:'.length));
       db.exec('begin immediate');
       console.log('ready');
       process.stdin.once('data', () => { db.exec('rollback'); db.close(); console.log('{}'); process.exit(0); });`,
      site.database.url,
      'lock holder',
      60_000,
    );
    await holder.ready;
    try {
      const ready = await health(site, '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(3500);
      expect((await health(site, '/livez')).ms).toBeLessThan(500);
    } finally {
      holder.go();
      await holder.result.catch(() => {});
    }
    expect((await health(site, '/readyz')).status).toBe(200);
  });
});
