import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { createTestDatabase, type TestDatabase } from '../support/engines.ts';
import { pdfDocument, photoWithGps } from '../support/picture-fixtures.ts';

describe('dateline media add', () => {
  let database: TestDatabase;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    folder = await mkdtemp(join(tmpdir(), 'dateline-media-cli-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await database.drop();
  });

  it('prints each picture’s id and largest variant’s URL, one line naming each bad file, and exits 1', async () => {
    const good = join(folder, 'street.jpg');
    const bad = join(folder, 'report.jpg');
    await writeFile(good, await photoWithGps());
    await writeFile(bad, pdfDocument());
    const out: string[] = [];
    const err: string[] = [];
    const env = { ...process.env };
    process.env.PUBLIC_URL = 'https://news.example';
    try {
      const code = await runCli(['node', 'dateline', 'media', 'add', good, bad, join(folder, 'missing.jpg'), '--alt', 'A street at night', '--credit', 'Ana Ruiz', '--licence', 'CC BY 4.0', '--database-url', database.url], (l) => out.push(l), (l) => err.push(l));
      expect(code).toBe(1);
    } finally {
      process.env = env;
    }
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^.*street\.jpg: picture 1 \(400×600\) https:\/\/news\.example\/media\/1\/original-400-[0-9a-f]{24}\.jpeg$/u);
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(/report\.jpg: .*PDF/u);
    expect(err[1]).toMatch(/missing\.jpg: cannot read it \(ENOENT\)/u);
  });
});
