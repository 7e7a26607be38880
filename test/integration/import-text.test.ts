import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paragraph, parseBody } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import type { Database } from '../../src/db/schema.ts';
import { commandLineActor, personActor } from '../../src/modules/accounts/account-types.ts';
import { importStoryFiles, type ImportOutcome } from '../../src/modules/import/import-story-files.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

const seedFile = fileURLToPath(new URL('../../corpus/seed-898945.txt', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

const SEED_HEADLINE = 'West Plotting to Disrupt Karabakh Ceasefire: Russia';
const COUNTED: ReadonlyArray<keyof Database> = ['stories', 'story_codes', 'featured_entries', 'related_links'];

async function countRows(handle: DatabaseHandle): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED) {
    const row = await handle.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

function succeeded(outcome: ImportOutcome | undefined): Extract<ImportOutcome, { ok: true }> {
  if (!outcome?.ok) throw new Error(`expected the import to succeed: ${JSON.stringify(outcome)}`);
  return outcome;
}

function failed(outcome: ImportOutcome | undefined): string {
  if (!outcome || outcome.ok) throw new Error(`expected the import to fail: ${JSON.stringify(outcome)}`);
  expect(outcome.error).not.toMatch(/\n/u);
  return outcome.error;
}

describe.each(testEngines())('importing story text files on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;
  let tempDir: string | undefined;

  beforeEach(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle);
  });

  afterEach(async () => {
    await handle.close();
    await database.drop();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  });

  const seedRow = (editionCode: string) =>
    handle.db.selectFrom('stories').selectAll().where('edition_code', '=', editionCode).where('code', '=', 898945).executeTakeFirstOrThrow();

  it('imports the seed under its own code, as a new published story', async () => {
    const [outcome] = await importStoryFiles([seedFile], services, { editionCode: 'en' });
    expect(succeeded(outcome)).toEqual({
      file: 'corpus/seed-898945.txt',
      ok: true,
      code: 898945,
      headline: SEED_HEADLINE,
      change: 'created',
      status: 'published',
      url: '/en/news/898945/west-plotting-to-disrupt-karabakh-ceasefire-russia',
    });
    const row = await seedRow('en');
    expect(row.headline).toBe(SEED_HEADLINE);
    expect(row.status).toBe('published');
  });

  it('reads the dateline on the wall clock of the edition’s zone (en is UTC)', async () => {
    const edition = await services.editions.ensure('en');
    expect(edition.timeZone).toBe('UTC');
    await importStoryFiles([seedFile], services, { editionCode: 'en' });
    expect((await seedRow('en')).published_at).toBe('2020-11-20T11:44:00.000Z');
  });

  it('reads the dateline on Tehran time in the fa edition: 11:44 there is 08:14 UTC', async () => {
    const edition = await services.editions.ensure('fa');
    expect(edition.timeZone).toBe('Asia/Tehran');
    await importStoryFiles([seedFile], services, { editionCode: 'fa' });
    expect((await seedRow('fa')).published_at).toBe('2020-11-20T08:14:00.000Z');
  });

  it('stores the 14 body paragraphs, in order', async () => {
    await importStoryFiles([seedFile], services, { editionCode: 'en' });
    const body = parseBody((await seedRow('en')).body);
    expect(body).toHaveLength(14);
    expect(body.every((block) => block.type === 'paragraph')).toBe(true);
    expect(JSON.stringify(body[0])).toMatch(/"According to the information we have/u);
    expect(JSON.stringify(body.at(-1))).toMatch(/died in the fighting\./u);
  });

  it('stores the related link, unresolved while that story is not in the store', async () => {
    await importStoryFiles([seedFile], services, { editionCode: 'en' });
    const story = await services.storyQueries.findPublished('en', 898945);
    expect(story?.related).toHaveLength(1);
    expect(story?.related[0]).toMatchObject({ headline: 'Foreign-backed Militants in Idlib Violating Russia-Turkey Deal: Moscow', story: null });
    expect(story?.related[0]?.teaser).toMatch(/^Islam Times - Foreign-backed militants/u);
  });

  it('leaves the Featured Stories alone unless asked', async () => {
    await services.stories.setFeatured('en', [{ headline: 'An Editor’s Own Choice', dated: '2020-11-02' }]);
    const auditBefore = await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'curation.featured_changed').execute();
    await importStoryFiles([seedFile], services, { editionCode: 'en' });
    const entries = await handle.db.selectFrom('featured_entries').select('headline').where('edition_code', '=', 'en').execute();
    expect(entries.map((e) => e.headline)).toEqual(['An Editor’s Own Choice']);
    expect(await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'curation.featured_changed').execute()).toEqual(auditBefore);
  });

  it('replaces the Featured Stories when asked, and writes that to the audit log', async () => {
    await importStoryFiles([seedFile], services, { editionCode: 'en', withFeatured: true });
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'details']).where('action', '=', 'curation.featured_changed').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).toBeNull();
    expect(JSON.parse(String(audit[0]?.details))).toMatchObject({ change: 'imported', from: 'story 898945' });
  });

  it('stores the 13 Featured Stories entries, 12 of them dated, and links the one that is the seed itself', async () => {
    await importStoryFiles([seedFile], services, { editionCode: 'en', withFeatured: true });
    const entries = await handle.db.selectFrom('featured_entries').selectAll().where('edition_code', '=', 'en').orderBy('position').execute();
    expect(entries).toHaveLength(13);
    expect(entries.filter((e) => e.dated !== null)).toHaveLength(12);
    expect(entries[0]).toMatchObject({ headline: 'Ayatollah Khamenei Adviser Warns US Attack on Iran to Trigger ‘Full-Fledged’ War', dated: null, target_code: null });
    expect(entries[1]).toMatchObject({ headline: SEED_HEADLINE, dated: '2020-11-20', target_code: 898945 });
    expect(entries.filter((e) => e.target_code !== null)).toHaveLength(1);
  });

  it('updates instead of duplicating when the same file is imported again', async () => {
    await importStoryFiles([seedFile], services, { editionCode: 'en' });
    const before = await countRows(handle);
    const [again] = await importStoryFiles([seedFile], services, { editionCode: 'en' });
    expect(succeeded(again)).toMatchObject({ code: 898945, change: 'updated' });
    expect(await countRows(handle)).toEqual(before);
  });

  it('imports a copy with CRLF line ends and a byte-order mark as the same story', async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'dateline-import-'));
    const crlfFile = join(tempDir, 'seed-crlf.txt');
    const text = await readFile(seedFile, 'utf8');
    await writeFile(crlfFile, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/gu, '\r\n'), 'utf8')]));

    await importStoryFiles([seedFile], services, { editionCode: 'en' });
    const original = await seedRow('en');
    const [outcome] = await importStoryFiles([crlfFile], services, { editionCode: 'en' });
    expect(succeeded(outcome)).toMatchObject({ code: 898945, headline: SEED_HEADLINE, change: 'updated' });
    const copy = await seedRow('en');
    expect({ headline: copy.headline, body: copy.body, published_at: copy.published_at, slug: copy.slug }).toEqual({
      headline: original.headline,
      body: original.body,
      published_at: original.published_at,
      slug: original.slug,
    });
  });

  it('imports the good files of a mixed run, and reports each bad one in one line naming the problem', async () => {
    const files = [
      seedFile,
      fixture('empty-body.txt'),
      fixture('weather-901234.txt'),
      fixture('impossible-date.txt'),
      fixture('no-story-code.txt'),
      fixture('truncated.txt'),
      fixture('binary-junk.bin'),
    ];
    const outcomes = await importStoryFiles(files, services, { editionCode: 'en' });

    expect(outcomes.map((o) => o.file)).toEqual([
      'corpus/seed-898945.txt',
      'test/fixtures/import/empty-body.txt',
      'test/fixtures/import/weather-901234.txt',
      'test/fixtures/import/impossible-date.txt',
      'test/fixtures/import/no-story-code.txt',
      'test/fixtures/import/truncated.txt',
      'test/fixtures/import/binary-junk.bin',
    ]);
    expect(succeeded(outcomes[0]).code).toBe(898945);
    expect(succeeded(outcomes[2]).code).toBe(901234);
    expect(failed(outcomes[1])).toMatch(/no body text/u);
    expect(failed(outcomes[3])).toBe('line 1: the date "2020-02-30" is not a real date');
    expect(failed(outcomes[4])).toMatch(/no "Story Code : <number>" line/u);
    expect(failed(outcomes[5])).toMatch(/before the "Story Code" line \(truncated file\?\)/u);
    expect(failed(outcomes[6])).toBe('the file is not valid UTF-8 text');
  });

  it('leaves no row behind for the bad files of a mixed run', async () => {
    const good = [seedFile, fixture('weather-901234.txt')];
    const bad = ['empty-body.txt', 'impossible-date.txt', 'no-story-code.txt', 'truncated.txt', 'binary-junk.bin'].map(fixture);
    await importStoryFiles(good, services, { editionCode: 'en' });
    const before = await countRows(handle);

    const outcomes = await importStoryFiles([...bad, ...good], services, { editionCode: 'en' });

    expect(outcomes.map((o) => o.ok)).toEqual([false, false, false, false, false, true, true]);
    expect(await countRows(handle)).toEqual(before);
    const codes = await handle.db.selectFrom('story_codes').select('code').orderBy('code').execute();
    expect(codes.map((c) => Number(c.code))).toEqual([898945, 901234]);
  });

  it('says "no such file" for a file that is not there, and still imports the others', async () => {
    const outcomes = await importStoryFiles([join(tmpdir(), 'dateline-no-such-file.txt'), seedFile], services, { editionCode: 'en' });
    expect(failed(outcomes[0])).toBe('no such file');
    expect(succeeded(outcomes[1]).code).toBe(898945);
  });

  describe('through the newsroom’s one go-live path', () => {
    const editor = async () => {
      const added = await services.users.addUser(commandLineActor, { email: `ed${Math.random()}@import.test`, displayName: 'Ed Itor', role: 'editor', password: 'correct horse battery staple' });
      return personActor(added.user);
    };

    /** A story file in the seed format with the given code and headline. */
    async function storyFile(code: number, headline: string): Promise<string> {
      tempDir ??= await mkdtemp(join(tmpdir(), 'dateline-import-'));
      const file = join(tempDir, `story-${code}.txt`);
      await writeFile(file, ['date 2021-03-02 0', 'Tuesday 2 March 2021 - 7:05', '', headline, '', `Story Code : ${code}`, `${headline} was reported on Tuesday.`, 'More followed.', 'Comment', ''].join('\n'));
      return file;
    }

    it('leaves an embargoed newsroom draft with the same code a draft, and says why', async () => {
      const actor = await editor();
      const draft = await services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'Budget Leaks Embargoed Till Noon', body: [paragraph('Held for noon.')], embargoUntil: '2099-01-01T12:00:00.000Z' }, actor);
      const file = await storyFile(draft.code, 'A Wire Story Under the Same Code');

      const [outcome] = await importStoryFiles([file], services, { editionCode: 'en' });

      expect(failed(outcome)).toBe(`story ${draft.code} in edition en is newsroom work (a draft: “Budget Leaks Embargoed Till Noon”); left as it is (--replace replaces it)`);
      const after = await services.storyWorkflow.getForEditing(draft.id, actor);
      expect(after).toMatchObject({ status: 'draft', headline: 'Budget Leaks Embargoed Till Noon', revision: draft.revision });
      expect(await services.storyQueries.findPublished('en', draft.code)).toBeUndefined();
    });

    it('replaces newsroom work only when asked, never before its embargo, keeping the former text as a revision and auditing it', async () => {
      const actor = await editor();
      const draft = await services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'Budget Leaks Embargoed Till Noon', body: [paragraph('Held for noon.')], embargoUntil: '2099-01-01T12:00:00.000Z' }, actor);
      const file = await storyFile(draft.code, 'The Budget, in Full');

      const [outcome] = await importStoryFiles([file], services, { editionCode: 'en', replace: true });

      expect(succeeded(outcome)).toMatchObject({ change: 'replaced', status: 'scheduled', replaced: { headline: 'Budget Leaks Embargoed Till Noon', status: 'draft' } });
      const after = await services.storyWorkflow.getForEditing(draft.id, actor);
      expect(after).toMatchObject({ status: 'scheduled', scheduledAt: '2099-01-01T12:00:00.000Z', headline: 'The Budget, in Full' });
      expect(await services.storyQueries.findPublished('en', draft.code)).toBeUndefined();
      const revisions = await services.storyWorkflow.listRevisions(draft.id, actor);
      expect(revisions.items.map((r) => [r.kind, r.headline])).toEqual([
        ['imported', 'The Budget, in Full'],
        ['created', 'Budget Leaks Embargoed Till Noon'],
      ]);
      const audit = await services.audit.query({ action: 'story.imported' });
      expect(audit.items[0]?.details).toMatchObject({ code: draft.code, change: 'replaced', status: 'scheduled', replaced: { headline: 'Budget Leaks Embargoed Till Noon', status: 'draft' } });
    });

    it('leaves a story edited in the newsroom after its import alone on a re-import', async () => {
      const actor = await editor();
      const [first] = await importStoryFiles([seedFile], services, { editionCode: 'en' });
      const story = await services.storyQueries.findPublished('en', succeeded(first).code);
      const editable = await services.storyWorkflow.getForEditing(story?.id ?? 0, actor);
      await services.storyWorkflow.update(editable.id, { headline: 'Russia Says West Plots Against Karabakh Truce' }, editable.revision, actor);

      const [again] = await importStoryFiles([seedFile], services, { editionCode: 'en' });

      expect(failed(again)).toMatch(/is newsroom work \(published: “Russia Says West Plots Against Karabakh Truce”\)/u);
      expect((await services.storyQueries.findPublished('en', 898945))?.headline).toBe('Russia Says West Plots Against Karabakh Truce');
    });

    it('never lets drafts started during a running import take a code a later file carries', async () => {
      const actor = await editor();
      const base = await services.stories.allocateCode();
      const files = await Promise.all(Array.from({ length: 8 }, (_, i) => storyFile(base + 1 + i, `Wire Story Number ${i + 1}`)));

      const importing = importStoryFiles(files, services, { editionCode: 'en' });
      // Once the first file is stored, the newsroom starts five drafts while the rest import.
      await expect.poll(async () => (await handle.db.selectFrom('stories').select('id').where('code', '=', base + 1).executeTakeFirst()) !== undefined, { interval: 5, timeout: 20_000 }).toBe(true);
      const drafts = await Promise.all(Array.from({ length: 5 }, (_, i) => services.storyWorkflow.createDraft({ editionCode: 'en', headline: `Desk Draft ${i + 1}` }, actor)));
      const outcomes = await importing;

      expect(outcomes.map((o) => o.ok)).toEqual(files.map(() => true));
      for (const draft of drafts) {
        expect(draft.code).toBeGreaterThan(base + files.length);
        expect((await services.storyWorkflow.getForEditing(draft.id, actor)).status).toBe('draft');
      }
    });
  });
});
