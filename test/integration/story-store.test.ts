import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import type { Database } from '../../src/db/schema.ts';
import { dayRangeInZone } from '../../src/modules/editions/edition-time.ts';
import { StoryValidationError } from '../../src/modules/stories/story-errors.ts';
import type { StoryInput } from '../../src/modules/stories/story-types.ts';
import { createServices, type Services } from '../../src/services.ts';
import { repoModule, runInAnotherProcess, type ChildRun } from '../support/child-process.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

type Table = keyof Database;

function story(overrides: Partial<StoryInput> = {}): StoryInput {
  return {
    editionCode: 'en',
    headline: 'Steady Spring Rain Expected Along the Coast',
    body: [paragraph('Forecasters expect steady rain along the coast from Wednesday.')],
    status: 'published',
    publishedAt: '2021-03-02T07:05:00.000Z',
    ...overrides,
  };
}

async function countRows(handle: DatabaseHandle, table: Table): Promise<number> {
  const row = await handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countAll(handle: DatabaseHandle, tables: readonly Table[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await countRows(handle, table);
  return counts;
}

async function storyCodeCounter(handle: DatabaseHandle): Promise<number> {
  const row = await handle.db.selectFrom('counters').select('value').where('name', '=', 'story_code').executeTakeFirstOrThrow();
  return Number(row.value);
}

async function expectValidationError(promise: Promise<unknown>, field: string): Promise<StoryValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoryValidationError);
  const validation = error as StoryValidationError;
  expect(validation.field).toBe(field);
  expect(validation.code).toBe('STORY_INVALID');
  return validation;
}

type ChildSaves = ChildRun<{ saved: Array<{ code: number; slug: string }>; errors: string[] }>;

/**
 * Opens the database in a child process, says `ready`, and on `go` runs `count` concurrent saves of the
 * same story; prints the outcome as JSON. The child is killed after 30 s whatever happens.
 */
function startSavesInAnotherProcess(url: string, count: number): ChildSaves {
  const script = `
    const { parseDatabaseUrl } = await import(${repoModule('src/db/database-url.ts')});
    const { openDatabase } = await import(${repoModule('src/db/open-database.ts')});
    const { createServices } = await import(${repoModule('src/services.ts')});
    const handle = await openDatabase(parseDatabaseUrl(process.env.DATABASE_URL));
    const services = await createServices(handle);
    process.stdout.write('ready\\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    const input = ${JSON.stringify(story())};
    const results = await Promise.allSettled(Array.from({ length: ${count} }, () => services.stories.save(input)));
    await handle.close();
    const saved = results.flatMap((r) => (r.status === 'fulfilled' ? [{ code: r.value.code, slug: r.value.slug }] : []));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    process.stdout.write(JSON.stringify({ saved, errors }) + '\\n');
    process.stdin.destroy();
  `;
  return runInAnotherProcess(script, url, 'saving', 30_000);
}

const WRITTEN_TABLES: readonly Table[] = ['stories', 'story_codes', 'sections', 'tags', 'authors', 'story_tags', 'story_authors', 'related_links'];

describe.each(testEngines())('the story store on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;

  beforeEach(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle);
  });

  afterEach(async () => {
    await handle.close();
    await database.drop();
  });

  describe('story codes', () => {
    it('gives a new story the next code from the site’s sequence', async () => {
      const first = await services.stories.save(story({ headline: 'First' }));
      const second = await services.stories.save(story({ headline: 'Second' }));
      expect(first).toMatchObject({ code: 1, editionCode: 'en', isNew: true });
      expect(second).toMatchObject({ code: 2, isNew: true });
      expect(await countRows(handle, 'story_codes')).toBe(2);
    });

    it('keeps an imported code and moves the sequence past it', async () => {
      const imported = await services.stories.save(story({ code: 898945, headline: 'Imported' }));
      const next = await services.stories.save(story({ headline: 'Written here' }));
      expect(imported.code).toBe(898945);
      expect(next.code).toBe(898946);
    });

    it('does not move the sequence back for an imported code lower than it', async () => {
      await services.stories.save(story({ code: 898945, headline: 'Imported' }));
      const older = await services.stories.save(story({ code: 12, headline: 'An older import' }));
      const next = await services.stories.save(story({ headline: 'Written here' }));
      expect(older.code).toBe(12);
      expect(next.code).toBe(898946);
    });

    it('never hands out a code again after its story is deleted', async () => {
      const saved = await services.stories.save(story({ tags: [{ name: 'Weather' }], authors: ['Ana Reporter'], related: [{ headline: 'Elsewhere', teaser: '' }] }));
      await handle.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('story_tags').where('story_id', '=', saved.id).execute();
        await trx.deleteFrom('story_authors').where('story_id', '=', saved.id).execute();
        await trx.deleteFrom('related_links').where('story_id', '=', saved.id).execute();
        await trx.deleteFrom('stories').where('id', '=', saved.id).execute();
      });
      expect(await countRows(handle, 'stories')).toBe(0);

      const next = await services.stories.save(story());
      expect(next.code).toBeGreaterThan(saved.code);
      expect(await services.stories.allocateCode()).toBeGreaterThan(next.code);
    });

    it('gives 20 concurrent saves on one handle 20 distinct codes and slugs, without error', async () => {
      const saves = Array.from({ length: 20 }, () => services.stories.save(story()));
      const saved = await Promise.all(saves);
      expect(new Set(saved.map((s) => s.code)).size).toBe(20);
      expect(new Set(saved.map((s) => s.slug)).size).toBe(20);
      expect(await countRows(handle, 'stories')).toBe(20);
    });

    // better-sqlite3 is synchronous: a second SQLite connection in this process would wait for a lock in a
    // busy loop that also stops the first one, so for SQLite only another process shows real concurrency.
    if (engine === 'postgres') {
      it('gives 20 concurrent saves on each of two handles in one process 40 distinct codes and slugs, without error', async () => {
        const other = await openDatabase(parseDatabaseUrl(database.url));
        try {
          const otherServices = await createServices(other);
          const saves = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? services : otherServices).stories.save(story()));
          const saved = await Promise.all(saves);
          expect(new Set(saved.map((s) => s.code)).size).toBe(40);
          expect(new Set(saved.map((s) => s.slug)).size).toBe(40);
          expect(await countRows(handle, 'stories')).toBe(40);
          expect(await storyCodeCounter(handle)).toBe(40);
        } finally {
          await other.close();
        }
      });
    }

    it('gives 20 concurrent saves here and 20 in another process on the same database 40 distinct codes and slugs, without error', async () => {
      const child = startSavesInAnotherProcess(database.url, 20);
      try {
        await child.ready;
        child.go();
        const [here, there] = await Promise.all([Promise.all(Array.from({ length: 20 }, () => services.stories.save(story()))), child.result]);
        expect(there.errors).toEqual([]);
        const saved = [...here, ...there.saved];
        expect(saved).toHaveLength(40);
        expect(new Set(saved.map((s) => s.code)).size).toBe(40);
        expect(new Set(saved.map((s) => s.slug)).size).toBe(40);
        expect(await countRows(handle, 'stories')).toBe(40);
        expect(await storyCodeCounter(handle)).toBe(40);
      } finally {
        child.kill();
      }
    });
  });

  describe('slugs and editions', () => {
    it('makes slugs unique within an edition with -2, -3 …', async () => {
      const slugs = [];
      for (let i = 0; i < 3; i++) slugs.push((await services.stories.save(story())).slug);
      expect(slugs).toEqual([
        'steady-spring-rain-expected-along-the-coast',
        'steady-spring-rain-expected-along-the-coast-2',
        'steady-spring-rain-expected-along-the-coast-3',
      ]);
    });

    it('stores a translation under the same code in another edition, with its own slug', async () => {
      await services.editions.ensure('es');
      const original = await services.stories.save(story());
      await services.stories.save(story({ headline: 'Another story' }));
      const translation = await services.stories.save(story({ editionCode: 'es', code: original.code, headline: 'Lluvia constante en la costa' }));
      const sameHeadline = await services.stories.save(story({ editionCode: 'es' }));

      expect(translation).toMatchObject({ code: original.code, editionCode: 'es', slug: 'lluvia-constante-en-la-costa', isNew: true });
      // The slug is taken in en, not in es.
      expect(sameHeadline.slug).toBe(original.slug);
      expect(await services.storyQueries.listTranslations(original.code, 'en')).toEqual([{ editionCode: 'es', slug: 'lluvia-constante-en-la-costa' }]);
    });

    it('updates the story when saved again with the same edition and code, without adding a row', async () => {
      const first = await services.stories.save(story({ code: 901234, tags: [{ name: 'Weather' }] }));
      const again = await services.stories.save(story({ code: 901234, headline: 'Rain Moves Inland', tags: [{ name: 'Weather' }] }));

      expect(again).toMatchObject({ id: first.id, code: 901234, isNew: false, slug: 'rain-moves-inland' });
      expect(await countRows(handle, 'stories')).toBe(1);
      expect(await countRows(handle, 'story_codes')).toBe(1);
      expect(await countRows(handle, 'story_tags')).toBe(1);
      expect((await services.storyQueries.findPublished('en', 901234))?.headline).toBe('Rain Moves Inland');
    });

    it('keeps its own slug when saved again unchanged', async () => {
      const first = await services.stories.save(story({ code: 7 }));
      const again = await services.stories.save(story({ code: 7 }));
      expect(again.slug).toBe(first.slug);
    });
  });

  describe('links by headline', () => {
    it('leaves a related link unresolved until a story with that headline is saved, then links it', async () => {
      const linking = await services.stories.save(
        story({ headline: 'West Plotting to Disrupt Karabakh Ceasefire', related: [{ headline: 'Saudi Minister Confident of ’Good Relationship’ With Biden', teaser: 'Riyadh …' }] }),
      );
      const before = await services.storyQueries.findPublished('en', linking.code);
      expect(before?.related).toEqual([{ headline: 'Saudi Minister Confident of ’Good Relationship’ With Biden', teaser: 'Riyadh …', story: null }]);

      const target = await services.stories.save(story({ headline: "Saudi Minister Confident of 'Good Relationship' With Biden" }));
      const after = await services.storyQueries.findPublished('en', linking.code);
      expect(after?.related[0]?.story).toEqual({ code: target.code, slug: target.slug });
    });

    it('links a related headline at once when the story is already there', async () => {
      const target = await services.stories.save(story({ headline: 'Already Here' }));
      const linking = await services.stories.save(story({ headline: 'Linking', related: [{ headline: 'already here', teaser: '' }] }));
      expect((await services.storyQueries.findPublished('en', linking.code))?.related[0]?.story).toEqual({ code: target.code, slug: target.slug });
    });

    it('does not resolve a link with a story of the same headline in another edition', async () => {
      await services.editions.ensure('es');
      const linking = await services.stories.save(story({ headline: 'Linking', related: [{ headline: 'Only in Spanish', teaser: '' }] }));
      await services.stories.save(story({ editionCode: 'es', headline: 'Only in Spanish' }));
      expect((await services.storyQueries.findPublished('en', linking.code))?.related[0]?.story).toBeNull();
    });

    it('resolves a featured entry once a story with its headline is saved, and never shows readers one without a story', async () => {
      await services.stories.setFeatured('en', [
        { headline: 'Palestinians Protest Pompeo’s Planned Visit', dated: '2020-11-19' },
        { headline: 'Never Written', dated: '2020-11-18' },
      ]);
      // An entry that is not a story on the site would be dead text: readers' rail leaves it out.
      const railBefore = await services.storyQueries.featuredRail('en');
      expect(railBefore.filter((item) => item.story === null)).toEqual([]);
      expect(railBefore.map((item) => item.headline)).not.toContain('Never Written');

      const target = await services.stories.save(story({ headline: "Palestinians Protest Pompeo's Planned Visit", publishedAt: '2020-11-19T10:00:00.000Z' }));
      const railAfter = await services.storyQueries.featuredRail('en');
      expect(railAfter[0]).toEqual({
        headline: "Palestinians Protest Pompeo's Planned Visit",
        publishedAt: '2020-11-19T10:00:00.000Z',
        dated: null,
        story: { code: target.code, slug: target.slug },
      });
      expect(railAfter.map((item) => item.headline)).not.toContain('Never Written');
    });
  });

  describe('validation', () => {
    it('rejects an empty headline and writes nothing', async () => {
      const before = await countAll(handle, WRITTEN_TABLES);
      await expectValidationError(services.stories.save(story({ headline: '   ' })), 'headline');
      expect(await countAll(handle, WRITTEN_TABLES)).toEqual(before);
    });

    it('rejects an empty body and writes nothing', async () => {
      const before = await countAll(handle, WRITTEN_TABLES);
      await expectValidationError(services.stories.save(story({ body: [paragraph('  ')] })), 'body');
      await expectValidationError(services.stories.save(story({ body: [] })), 'body');
      expect(await countAll(handle, WRITTEN_TABLES)).toEqual(before);
    });

    it('rejects a published story without publishedAt and writes nothing', async () => {
      const before = await countAll(handle, WRITTEN_TABLES);
      await expectValidationError(services.stories.save(story({ publishedAt: null })), 'publishedAt');
      expect(await countAll(handle, WRITTEN_TABLES)).toEqual(before);
    });

    it('rolls back a save that fails inside its transaction, code and all', async () => {
      await services.stories.save(story({ headline: 'Kept' }));
      const before = await countAll(handle, WRITTEN_TABLES);
      const counter = await storyCodeCounter(handle);

      await expectValidationError(services.stories.save(story({ section: { name: 'World' }, tags: [{ name: 'Weather' }, { name: ' ' }] })), 'tags');

      expect(await countAll(handle, WRITTEN_TABLES)).toEqual(before);
      expect(await storyCodeCounter(handle)).toBe(counter);
    });
  });

  describe('listing published stories', () => {
    async function publish(headline: string, publishedAt: string, extra: Partial<StoryInput> = {}): Promise<number> {
      return (await services.stories.save(story({ headline, publishedAt, ...extra }))).code;
    }

    it('lists the newest first, the higher code first at the same instant, and pages them', async () => {
      const a = await publish('A', '2020-11-18T09:00:00.000Z');
      const b = await publish('B', '2020-11-20T09:00:00.000Z');
      const c = await publish('C', '2020-11-19T09:00:00.000Z');
      const d = await publish('D', '2020-11-19T09:00:00.000Z');
      const e = await publish('E', '2020-11-17T09:00:00.000Z');

      const page1 = await services.storyQueries.listPublished('en', 1, {}, 2);
      const page2 = await services.storyQueries.listPublished('en', 2, {}, 2);
      const page3 = await services.storyQueries.listPublished('en', 3, {}, 2);
      expect(page1.items.map((s) => s.code)).toEqual([b, d]);
      expect(page2.items.map((s) => s.code)).toEqual([c, a]);
      expect(page3.items.map((s) => s.code)).toEqual([e]);
      expect(page1).toMatchObject({ page: 1, pageCount: 3, total: 5 });
    });

    it('stores a publication instant given with an offset as UTC text', async () => {
      const code = await publish('Tehran time', '2020-11-20T11:44:00+03:30');
      const page = await services.storyQueries.listPublished('en', 1);
      expect(page.items.find((s) => s.code === code)?.publishedAt).toBe('2020-11-20T08:14:00.000Z');
    });

    it('never lists drafts, stories in review, scheduled or unpublished stories', async () => {
      const published = await publish('Published', '2020-11-20T09:00:00.000Z');
      for (const status of ['draft', 'in_review', 'scheduled', 'unpublished'] as const) {
        await services.stories.save(story({ headline: `A ${status} story`, status, publishedAt: '2020-11-20T10:00:00.000Z', section: { name: 'World' }, tags: [{ name: 'Weather' }] }));
      }
      await services.stories.save(story({ headline: 'A draft without a date', status: 'draft', publishedAt: null }));

      const all = await services.storyQueries.listPublished('en', 1);
      expect(all.items.map((s) => s.code)).toEqual([published]);
      expect(all.total).toBe(1);
      expect((await services.storyQueries.listPublished('en', 1, { sectionSlug: 'world' })).total).toBe(0);
      expect((await services.storyQueries.listPublished('en', 1, { tagSlug: 'weather' })).total).toBe(0);
      // They are all stored, only not listed.
      expect(await countRows(handle, 'stories')).toBe(6);
    });

    it('filters by section and by tag', async () => {
      const world = await publish('World news', '2020-11-20T09:00:00.000Z', { section: { name: 'World' }, tags: [{ name: 'Karabakh' }] });
      const sport = await publish('Sport news', '2020-11-20T10:00:00.000Z', { section: { name: 'Sport' }, tags: [{ name: 'Football' }, { name: 'Karabakh' }] });
      await publish('No section', '2020-11-20T11:00:00.000Z');

      expect((await services.storyQueries.listPublished('en', 1, { sectionSlug: 'world' })).items.map((s) => s.code)).toEqual([world]);
      expect((await services.storyQueries.listPublished('en', 1, { tagSlug: 'karabakh' })).items.map((s) => s.code)).toEqual([sport, world]);
      expect((await services.storyQueries.listPublished('en', 1, { tagSlug: 'football', sectionSlug: 'sport' })).items.map((s) => s.code)).toEqual([sport]);
      expect((await services.storyQueries.listPublished('en', 1, { sectionSlug: 'nowhere' })).total).toBe(0);
    });

    it('filters by an edition’s day: the start instant is in, the end instant is out', async () => {
      const range = dayRangeInZone('2020-11-20', 'Asia/Tehran');
      if (!range) throw new Error('no range');
      const atStart = await publish('At the first minute', '2020-11-19T20:30:00.000Z');
      const inside = await publish('At noon', '2020-11-20T08:30:00.000Z');
      await publish('Just before', '2020-11-19T20:29:59.000Z');
      await publish('At the next day', '2020-11-20T20:30:00.000Z');

      const day = await services.storyQueries.listPublished('en', 1, { publishedBetween: range });
      expect(day.items.map((s) => s.code)).toEqual([inside, atStart]);
    });

    it('lists only the asked edition', async () => {
      await services.editions.ensure('es');
      const en = await publish('In English', '2020-11-20T09:00:00.000Z');
      await services.stories.save(story({ editionCode: 'es', code: en, headline: 'En español' }));
      await services.stories.save(story({ editionCode: 'es', headline: 'Solo en español' }));
      expect((await services.storyQueries.listPublished('en', 1)).items.map((s) => s.code)).toEqual([en]);
      expect((await services.storyQueries.listPublished('es', 1)).total).toBe(2);
    });
  });
});
