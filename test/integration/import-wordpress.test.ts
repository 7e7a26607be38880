import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBody } from '../../src/content/blocks.ts';
import { runCli } from '../../src/cli/main.ts';
import { personActor } from '../../src/modules/accounts/account-types.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';
import { testEngines } from '../support/engines.ts';

const exportFile = fileURLToPath(new URL('../fixtures/import/themeunittestdata.wordpress.xml', import.meta.url));

/** Stand-ins for three of the export's uploads, at the paths of their addresses. */
const UPLOADS = ['2008/06/100_5478.jpg', '2010/08/triforce-wallpaper.jpg', '2013/03/featured-image-horizontal.jpg'];

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function importWordPress(site: TestSite, file: string, ...flags: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['node', 'dateline', 'import-wordpress', file, '--database-url', site.database.url, '--no-fetch', ...flags], (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

async function storyCount(site: TestSite): Promise<number> {
  const row = await site.services.database.db.selectFrom('stories').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function storyOf(site: TestSite, wordpressId: string) {
  return site.services.database.db
    .selectFrom('imported_items as i')
    .innerJoin('stories as s', 's.id', 'i.story_id')
    .select(['s.id', 's.code', 's.slug', 's.headline', 's.body', 's.lead_media_id', 's.published_at'])
    .where('i.source', '=', 'wordpress')
    .where('i.item_id', '=', wordpressId)
    .executeTakeFirstOrThrow();
}

describe.each(testEngines())('importing a WordPress export on %s', (engine) => {
  let site: TestSite;
  let workDir: string;
  let mediaDir: string;
  let firstRun: Run;

  beforeAll(async () => {
    site = await startTestSite(engine);
    workDir = await mkdtemp(join(tmpdir(), 'dateline-wxr-'));
    mediaDir = join(workDir, 'uploads');
    for (const upload of UPLOADS) {
      await mkdir(dirname(join(mediaDir, upload)), { recursive: true });
      await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 120, b: 160 } } }).jpeg().toFile(join(mediaDir, upload));
    }
  }, 120_000);

  afterAll(async () => {
    await site?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('refuses a truncated export with the line where it breaks, importing nothing', async () => {
    const whole = await readFile(exportFile, 'utf8');
    const truncated = join(workDir, 'truncated.xml');
    // Cut in the middle of a post's content, well after the first posts are complete.
    await writeFile(truncated, whole.slice(0, whole.indexOf('Bell on wharf in San Francisco')));
    const run = await importWordPress(site, truncated, '--media-dir', mediaDir);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/truncated\.xml:\d+: .*nothing was imported/u);
    expect(await storyCount(site)).toBe(0);
  });

  it('reports in a dry run what would come in and what cannot, storing nothing', async () => {
    const run = await importWordPress(site, exportFile, '--dry-run', '--media-dir', mediaDir);
    const out = run.out.join('\n');
    expect(out).toContain('post 1163 “Post Format: Image (Caption)” (line 9978): would be imported');
    expect(out).toContain('post 1164 “Draft” (line 10010): skipped: a draft in WordPress, not published');
    expect(run.err.join('\n')).toContain('post 1170 “Edge Case: No Content” (line 10107): failed: has no text and no picture');
    expect(out).toMatch(/: 54 would be imported, 0 would be updated, 0 unchanged, 24 skipped, 0 left alone, 1 failed;/u);
    expect(await storyCount(site)).toBe(0);
  });

  it('imports every published post, and names each post it leaves out with the reason', async () => {
    firstRun = await importWordPress(site, exportFile, '--media-dir', mediaDir);
    const out = firstRun.out.join('\n');
    const err = firstRun.err.join('\n');
    // The one post with nothing in it fails by name; the import goes on and says so in its exit status.
    expect(firstRun.code).toBe(1);
    expect(err).toContain('post 1170 “Edge Case: No Content” (line 10107): failed: has no text and no picture');
    expect(out).toContain('post 1168 “Template: Password Protected (the password is "enter")” (line 10037): skipped: password-protected in WordPress');
    expect(out).toContain('post 1153 “Scheduled” (line 9894): skipped: scheduled in WordPress for 2030-01-01 19:00:18, not yet published');
    expect(out).toContain('post 2 “About The Tests” (line 2376): skipped: a page, not a post: pages are not stories');
    // Pictures not in the uploads folder are named, and the story shows them from the old site.
    expect(err).toMatch(/post 555 “Post Format: Gallery” \(line 7928\): picture https:\/\/wpthemetestdata\.files\.wordpress\.com\/2008\/06\/dsc20050727_091048_222\.jpg not brought in: not in /u);
    const summary = out.split('\n').at(-1) ?? '';
    expect(summary).toMatch(/: 54 imported, 0 updated, 0 unchanged, 24 skipped, 0 left alone, 1 failed; \d+ pictures, \d+ not brought in; 21 comments; [\d.]+ s \([\d.]+ stories per second\)$/u);
    expect(await storyCount(site)).toBe(54);
  }, 180_000);

  it('keeps a captioned picture with its caption and alt text, in the library, and the featured picture as the lead', async () => {
    const story = await storyOf(site, '1163');
    expect(story.published_at).toBe('2010-08-07T13:00:19.000Z');
    const [image] = parseBody(story.body);
    expect(image).toMatchObject({ type: 'image', alt: 'Bell on Wharf', caption: 'Bell on wharf in San Francisco' });
    const picture = image?.type === 'image' && image.mediaId !== undefined ? await site.services.media.get(image.mediaId) : undefined;
    expect(picture?.fileName).toBe('100_5478.jpg');
    const lead = await site.services.media.get(Number(story.lead_media_id));
    expect(lead.caption).toBe('It’s dangerous to go alone! Take this.');

    const page = await site.get(`/en/news/${story.code}/${story.slug}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Bell on wharf in San Francisco');
    expect(html).toContain('alt="Bell on Wharf"');
    expect(html).toContain('Classic');
    expect(html).toContain('Theme Buster');
  });

  it('carries the text, headings, quotes and lists a reader saw', async () => {
    const story = await storyOf(site, '1178');
    const blocks = parseBody(story.body);
    expect(blocks).toContainEqual({ type: 'heading', level: 2, content: [{ type: 'text', text: 'Header two' }] });
    expect(blocks).toContainEqual(expect.objectContaining({ type: 'quote', content: [{ type: 'text', text: 'Stay hungry. Stay foolish.' }] }));
    expect(blocks.some((b) => b.type === 'list')).toBe(true);
    const html = await (await site.get(`/en/news/${story.code}/${story.slug}`)).text();
    expect(html).toContain('Stay hungry. Stay foolish.');
    expect(html).not.toContain('<!-- wp:');
  });

  it('files a post under its first category, keeps the others and its tags as tags, and its author as the byline', async () => {
    const story = await storyOf(site, '1163');
    const tags = await site.services.database.db
      .selectFrom('story_tags as st')
      .innerJoin('tags as t', 't.id', 'st.tag_id')
      .select('t.name')
      .where('st.story_id', '=', story.id)
      .orderBy('st.position')
      .execute();
    expect(tags.map((t) => t.name)).toEqual(['Post Formats', 'image', 'shortcode']);
    const sections = await site.services.taxonomy.listSections('en');
    expect(sections.map((s) => s.name)).toContain('Classic');
  });

  it('brings in the approved comments, replies under their thread, and leaves out the ones waiting', async () => {
    const story = await storyOf(site, '1148');
    const thread = await site.services.comments.listApproved(story.id, 1, 'oldest');
    const texts = JSON.stringify(thread);
    expect(thread.threadCount).toBeGreaterThan(0);
    expect(texts).toContain('Author Comment.');
    const comments = await site.services.database.db.selectFrom('comments').select(['status', 'parent_id']).where('story_id', '=', story.id).execute();
    expect(comments.every((c) => c.status === 'approved')).toBe(true);
    expect(comments.some((c) => c.parent_id !== null)).toBe(true);
  });

  it('sends readers who follow an old permalink on to the story with a 301', async () => {
    const story = await storyOf(site, '1178');
    const moved = await site.get('/2013/01/11/markup-html-tags-and-formatting/');
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(`/en/news/${story.code}/${story.slug}`);
    expect((await site.get('/2013/01/11/markup-html-tags-and-formatting')).status).toBe(301);
    expect((await site.get('/2013/01/11/never-a-post/')).status).toBe(404);
  });

  it('imports nothing new on a second run', async () => {
    const run = await importWordPress(site, exportFile, '--media-dir', mediaDir);
    expect(run.out.at(-1)).toMatch(/: 0 imported, 0 updated, 54 unchanged, 24 skipped, 0 left alone, 1 failed;/u);
    expect(await storyCount(site)).toBe(54);
    const media = await site.services.database.db.selectFrom('media').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(media.n)).toBe(UPLOADS.length);
  }, 180_000);

  it('leaves a story edited in the newsroom since as it is, and says so, when its post changed', async () => {
    const story = await storyOf(site, '1178');
    const owner = await site.services.users.createOwner({ email: 'editor@dateline.test', displayName: 'Ed Itor', password: 'a long enough pass phrase 42', setupCode: (await site.services.setupCode.find()) ?? '' });
    const editable = await site.services.storyWorkflow.getForEditing(story.id, personActor(owner, null));
    await site.services.storyWorkflow.update(story.id, { headline: 'Markup, as our desk rewrote it' }, editable.revision, personActor(owner, null));
    const changed = join(workDir, 'changed.xml');
    const whole = await readFile(exportFile, 'utf8');
    await writeFile(changed, whole.replaceAll('Stay hungry. Stay foolish.', 'Stay hungry. Stay curious.'));
    const run = await importWordPress(site, changed, '--media-dir', mediaDir);
    expect(run.err.join('\n')).toContain('post 1178 “Markup: HTML Tags and Formatting” (line 10543): left alone: its story was changed in the newsroom since it was imported');
    const after = await storyOf(site, '1178');
    expect(after.headline).toBe('Markup, as our desk rewrote it');
    expect(after.body).toContain('Stay foolish.');
  }, 180_000);
});
