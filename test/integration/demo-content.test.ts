import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import type { Database } from '../../src/db/schema.ts';
import { corpusArticles, type CorpusArticle } from '../../src/modules/demo/corpus.ts';
import { loadDemoContent, type DemoSummary } from '../../src/modules/demo/load-demo-content.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

const corpus = (name: string) => readFileSync(new URL(`../../corpus/${name}`, import.meta.url), 'utf8');
const articles = corpusArticles();
const loadable = articles.filter((a) => a.date !== null && a.paragraphs.length > 0);
const byId = new Map(articles.map((a) => [a.id, a]));
const sourceNotes = corpus('SOURCE.md');

const CC_BY_4 = 'https://creativecommons.org/licenses/by/4.0/';
const CC_BY_2_5 = 'https://creativecommons.org/licenses/by/2.5/';

/** What corpus/SOURCE.md asks for beside each text, by source. */
function expectedCredit(article: CorpusArticle): { licenseUrl: string | null; says: RegExp } {
  if (article.id.startsWith('meantime-')) return { licenseUrl: CC_BY_4, says: /MEANTIME corpus .*CC BY 4\.0.*\(CC BY 2\.5\)/u };
  if ((article.date ?? '') < '2005-09-25') return { licenseUrl: null, says: /Public domain/u };
  return { licenseUrl: CC_BY_2_5, says: /Licensed under CC BY 2\.5/u };
}

const COUNTED: ReadonlyArray<keyof Database> = ['stories', 'story_codes', 'sections', 'tags', 'story_tags', 'editions', 'media', 'story_media', 'site_pages', 'footer_links'];

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

// SQLite only: every save also updates the search and related-story indexes, so loading the 813 stories twice
// takes minutes on PostgreSQL; the store itself is covered on both engines by story-store.test.ts.
/** Loading the corpus once takes 10–60 s on SQLite, depending on how busy the machine is. */
const LOAD_TIMEOUT_MS = 300_000;
const engines = testEngines().filter((engine) => engine === 'sqlite');

describe.each(engines)('the demo content on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;
  let summary: DemoSummary;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle);
    summary = await loadDemoContent(services);
  }, LOAD_TIMEOUT_MS);

  afterAll(async () => {
    await services?.media.settle();
    await handle?.close();
    await database?.drop();
  });

  const allStories = () =>
    handle.db.selectFrom('stories').select(['code', 'edition_code', 'headline', 'status', 'credit_text', 'credit_url', 'license_url']).execute();

  it('loads the seed and every corpus article that has a date and a body', async () => {
    expect(loadable).toHaveLength(812);
    expect(summary).toEqual({ stories: 897, skipped: 2, editions: ['ar', 'en', 'es', 'fa', 'it', 'nl'] });
    expect((await services.storyQueries.findPublished('en', 898945))?.headline).toBe('West Plotting to Disrupt Karabakh Ceasefire: Russia');
    const rows = await allStories();
    expect(rows).toHaveLength(897);
    expect(rows.every((r) => r.status === 'published')).toBe(true);
    const perEdition = Object.fromEntries(['en', 'es', 'it', 'nl', 'fa', 'ar'].map((e) => [e, rows.filter((r) => r.edition_code === e).length]));
    expect(perEdition).toEqual({ en: 453, es: 120, it: 120, nl: 120, fa: 42, ar: 42 });
  });

  it('has right-to-left editions: Persian and Arabic stories under shared codes, credited to FLORES-200', async () => {
    expect(services.editions.get('fa').direction).toBe('rtl');
    expect(services.editions.get('ar').direction).toBe('rtl');
    const rows = await allStories();
    const persian = rows.filter((r) => r.edition_code === 'fa');
    const arabicCodes = new Set(rows.filter((r) => r.edition_code === 'ar').map((r) => Number(r.code)));
    expect(persian.every((r) => arabicCodes.has(Number(r.code)))).toBe(true);
    expect(persian.every((r) => r.credit_text?.startsWith('FLORES-200') && r.license_url === 'https://creativecommons.org/licenses/by-sa/4.0/')).toBe(true);
    const sections = await handle.db.selectFrom('sections').select('name').where('edition_code', '=', 'fa').orderBy('position').execute();
    expect(sections.map((s) => s.name)).toEqual(['علم و فناوری', 'سفر', 'سیاست', 'ورزش', 'سلامت', 'سرگرمی', 'جغرافیا']);
  });

  it('stores each Spanish, Italian and Dutch translation under its English original’s code', async () => {
    const rows = await allStories();
    const enCodeByHeadline = new Map(rows.filter((r) => r.edition_code === 'en').map((r) => [r.headline, Number(r.code)]));
    const headlineByEditionCode = new Map(rows.map((r) => [`${r.edition_code}/${Number(r.code)}`, r.headline]));
    const translations = loadable.filter((a) => a.translation_of !== null);
    expect(translations).toHaveLength(360);
    const mismatches: string[] = [];
    for (const translation of translations) {
      const original = byId.get(translation.translation_of ?? '');
      const code = original ? enCodeByHeadline.get(original.title) : undefined;
      const stored = code === undefined ? undefined : headlineByEditionCode.get(`${translation.lang}/${code}`);
      if (stored !== translation.title) mismatches.push(`${translation.id}: code ${code} in ${translation.lang} holds ${JSON.stringify(stored)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('credits every corpus story with its source and the licence URL that corpus/SOURCE.md names', async () => {
    expect(sourceNotes).toContain(CC_BY_4);
    expect(sourceNotes).toContain(CC_BY_2_5);
    const rows = await allStories();
    const enByHeadline = new Map(rows.filter((r) => r.edition_code === 'en').map((r) => [r.headline, r]));
    const byEditionCode = new Map(rows.map((r) => [`${r.edition_code}/${Number(r.code)}`, r]));
    const problems: string[] = [];
    for (const article of loadable) {
      const original = article.translation_of ? byId.get(article.translation_of) : article;
      const enRow = original ? enByHeadline.get(original.title) : undefined;
      const row = article.translation_of ? byEditionCode.get(`${article.lang}/${Number(enRow?.code)}`) : enRow;
      const expected = expectedCredit(article);
      if (!row) problems.push(`${article.id}: not stored`);
      else if (row.license_url !== expected.licenseUrl) problems.push(`${article.id}: licence ${row.license_url}, expected ${expected.licenseUrl}`);
      else if (row.credit_url !== article.source_url) problems.push(`${article.id}: credit URL ${row.credit_url}`);
      else if (!row.credit_text?.includes(article.source_url ?? '') || !expected.says.test(row.credit_text)) {
        problems.push(`${article.id}: credit line ${JSON.stringify(row.credit_text)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives space stories the demo photographs as lead pictures, with credits, and opens the rail with them', async () => {
    const pictures = await handle.db.selectFrom('media').select(['file_name', 'credit', 'alt']).orderBy('id').execute();
    expect(pictures.map((p) => p.file_name)).toEqual(['rocket.jpg', 'astronaut.png', 'hubble_deep_field.jpg']);
    expect(pictures.every((p) => p.credit !== '' && p.alt !== '')).toBe(true);
    const rail = await services.storyQueries.featuredRail('en');
    expect(rail[0]?.headline).toBe('SpaceX successfully launches its first crewed spaceflight');
    expect(rail[0]?.picture?.credit).toBe('SpaceX');
    expect(rail.filter((item) => item.picture !== undefined)).toHaveLength(5);
  });

  it('names every edition’s site in its language, with a published About page linked from its footer', async () => {
    for (const edition of services.editions.list()) {
      expect(edition.identity.siteName, edition.code).not.toBeNull();
      expect(edition.strings.siteName, edition.code).toBe(edition.identity.siteName);
      const pages = await services.sitePages.list(edition.code);
      expect(pages.map((p) => p.status), edition.code).toEqual(['published']);
      expect(edition.identity.footerLinks, edition.code).toEqual([{ label: pages[0]?.title, pageSlug: pages[0]?.slug }]);
    }
    expect(services.editions.get('fa').strings.siteName).toBe('دیتلاین فارسی');
  });

  it('updates instead of duplicating when loaded a second time', async () => {
    const before = await countRows(handle);
    const counterBefore = await handle.db.selectFrom('counters').select('value').where('name', '=', 'story_code').executeTakeFirstOrThrow();

    const again = await loadDemoContent(services);

    expect(again).toEqual(summary);
    expect(await countRows(handle)).toEqual(before);
    const counterAfter = await handle.db.selectFrom('counters').select('value').where('name', '=', 'story_code').executeTakeFirstOrThrow();
    expect(Number(counterAfter.value)).toBe(Number(counterBefore.value));
  }, LOAD_TIMEOUT_MS);
});
