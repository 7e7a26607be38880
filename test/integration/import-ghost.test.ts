import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBody } from '../../src/content/blocks.ts';
import { runCli } from '../../src/cli/main.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';
import { testEngines } from '../support/engines.ts';

const exportFile = fileURLToPath(new URL('../fixtures/import/ghost-5-export.json', import.meta.url));
const UPLOADS = ['2024/05/harbour.jpg', '2024/05/quay.jpg'];

async function importGhost(site: TestSite, mediaDir: string, ...flags: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const args = ['node', 'dateline', 'import-ghost', exportFile, '--site-url', 'https://harbour-times.example', '--database-url', site.database.url, '--no-fetch', '--media-dir', mediaDir, ...flags];
  const code = await runCli(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.each(testEngines())('importing a Ghost export on %s', (engine) => {
  let site: TestSite;
  let workDir: string;
  let mediaDir: string;

  beforeAll(async () => {
    site = await startTestSite(engine);
    workDir = await mkdtemp(join(tmpdir(), 'dateline-ghost-'));
    mediaDir = join(workDir, 'images');
    for (const upload of UPLOADS) {
      await mkdir(dirname(join(mediaDir, upload)), { recursive: true });
      await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 40, g: 90, b: 130 } } }).jpeg().toFile(join(mediaDir, upload));
    }
  }, 120_000);

  afterAll(async () => {
    await site?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('imports the published public posts and names each one it leaves out', async () => {
    const run = await importGhost(site, mediaDir);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/post 6650a1b2c3d4e5f600000001 “Harbour reopens after storm repairs”: imported as story \d+ at \/en\/news\/\d+\/harbour-reopens \(2 pictures, 0 comments\)/u);
    expect(run.out).toContain('post 6650a1b2c3d4e5f600000003 “Budget night notes”: skipped: a draft in Ghost, not published');
    expect(run.out).toContain('post 6650a1b2c3d4e5f600000004 “Members\' briefing: the ferry contract”: skipped: for Ghost’s paying members only (paid): not public');
    expect(run.out).toContain('post 6650a1b2c3d4e5f600000005 “About us”: skipped: a page, not a post: pages are not stories');
    expect(run.out).toContain('post 6650a1b2c3d4e5f600000006 “Storm damage across the coast”: skipped: has only a mobiledoc document and no HTML');
    expect(run.out).toMatch(/: 2 imported, 0 updated, 0 unchanged, 4 skipped, 0 left alone, 0 failed; 2 pictures, 0 not brought in;/u);
  }, 120_000);

  it('keeps the text, pictures, section, tags and bylines a reader saw', async () => {
    const story = await site.services.storyQueries.findPublished('en', Number((await site.services.database.db.selectFrom('stories').select('code').where('slug', '=', 'harbour-reopens').executeTakeFirstOrThrow()).code));
    expect(story?.section?.name).toBe('Local News');
    expect(story?.tags.map((t) => t.name)).toEqual(['Weather']);
    expect(story?.authors.map((a) => a.name)).toEqual(['Maren Holt', 'Tomas Reyes']);
    expect(story?.teaser).toBe('Three weeks of work on the sea wall are done.');
    expect(story?.publishedAt).toBe('2024-05-20T09:30:00.000Z');
    const image = story?.body.find((b) => b.type === 'image');
    expect(image).toMatchObject({ alt: 'Fishing boats moored at the repaired quay', caption: 'Boats back at the quay on Monday morning.' });
    expect(story?.body).toContainEqual(expect.objectContaining({ type: 'quote', content: [{ type: 'text', text: 'We lost a season, not the harbour.' }] }));
    const link = JSON.stringify(story?.body);
    expect(link).toContain('https://harbour-times.example/storm-damage/');

    const library = await site.services.database.db.selectFrom('stories').select(['body']).where('slug', '=', 'library-sunday-hours').executeTakeFirstOrThrow();
    expect(parseBody(library.body)).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'The council voted ' }, { type: 'text', text: 'seven to two', marks: [{ type: 'bold' }] }, { type: 'text', text: ' to keep the library open on Sundays.' }] },
      { type: 'heading', level: 2, content: [{ type: 'text', text: 'What changes' }] },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'Opening at ten' }], [{ type: 'text', text: 'Closing at four' }]] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Read the minutes', marks: [{ type: 'link', href: 'https://council.example.org/minutes' }] }] },
    ]);
  });

  it('answers the old Ghost address with a 301 to the story', async () => {
    const row = await site.services.database.db.selectFrom('stories').select(['code', 'slug']).where('slug', '=', 'harbour-reopens').executeTakeFirstOrThrow();
    const moved = await site.get('/harbour-reopens/');
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(`/en/news/${Number(row.code)}/${row.slug}`);
  });

  it('imports nothing new on a second run', async () => {
    const run = await importGhost(site, mediaDir);
    expect(run.out).toMatch(/: 0 imported, 0 updated, 2 unchanged, 4 skipped, 0 left alone, 0 failed;/u);
  }, 120_000);
});
