import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { createServices } from '../../src/services.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function dateline(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/dateline.js', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    timeout: 120_000,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(testEngines())('backup and restore on %s', (engine) => {
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  });

  it('restores every write acknowledged before a backup taken during concurrent writes, the site keys included; refuses a database that is not empty', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dateline-backup-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const source: TestDatabase = await createTestDatabase(engine);
    cleanups.push(() => source.drop());
    const handle: DatabaseHandle = await openDatabase(parseDatabaseUrl(source.url));
    cleanups.push(() => handle.close());
    const services = await createServices(handle);

    const acknowledged: Array<{ code: number; at: number }> = [];
    let isWriting = true;
    const writer = async (w: number) => {
      for (let i = 0; isWriting; i++) {
        const saved = await services.stories.save({
          editionCode: 'en',
          headline: `Night Ferry Timetable Changes, Notice ${w}-${i}`,
          body: [paragraph(`The ferry company posted notice ${w}-${i} at the harbour office.`)],
          status: 'published',
          publishedAt: '2025-09-01T06:00:00.000Z',
        });
        acknowledged.push({ code: saved.code, at: performance.now() });
        // SQLite answers in microtasks only: let timers and child-process events run between saves.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const writers = [writer(1), writer(2), writer(3)];
    try {
      while (acknowledged.length < 30) await new Promise((resolve) => setTimeout(resolve, 20));
      const file = join(dir, engine === 'sqlite' ? 'backup.db' : 'backup.dump');
      const beganAt = performance.now();
      const before = acknowledged.filter((a) => a.at <= beganAt).map((a) => a.code);
      const backup = await dateline(['backup', file], source.url);
      const afterCount = acknowledged.length;
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(new RegExp(`^backed up .* to ${file} \\(\\d+ bytes\\)\\n$`, 'u'));
      // The writes went on while the backup ran.
      expect(afterCount).toBeGreaterThan(before.length);
      isWriting = false;
      await Promise.all(writers);

      const target = await createTestDatabase(engine);
      cleanups.push(() => target.drop());
      const restore = await dateline(['restore', file], target.url);
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.stdout).toMatch(/^restored .*: \d+ stories\n$/u);

      const restored = await openDatabase(parseDatabaseUrl(target.url));
      try {
        const codes = new Set((await restored.db.selectFrom('stories').select('code').execute()).map((row) => Number(row.code)));
        expect(before.filter((code) => !codes.has(code))).toEqual([]);
        const keys = async (db: DatabaseHandle) => (await db.db.selectFrom('site_keys').selectAll().execute()).map((row) => JSON.stringify(row)).sort();
        expect(await keys(restored)).toEqual(await keys(handle));
      } finally {
        await restored.close();
      }

      const again = await dateline(['restore', file], target.url);
      expect(again.code).toBe(1);
      expect(again.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^dateline: refusing to restore into .*: it already holds \d+ tables \(restore needs a new, empty database\)$/u)]);
    } finally {
      isWriting = false;
      await Promise.all(writers).catch(() => {});
    }
  });
});
