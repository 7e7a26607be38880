import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { largestVariantPath, type Picture } from '../../src/modules/media/index.ts';
import { isoInEdition } from '../../src/modules/editions/edition-time.ts';
import { planSitemapPages, SitemapService, writeSitemap, type SitemapUrls } from '../../src/modules/sitemaps/index.ts';
import { sitePaths } from '../../src/http/site-paths.ts';
import { testEngines } from '../support/engines.ts';
import { hasXmllint, SCHEMAS, toolAvailable, validateXml } from '../support/external-validators.ts';
import { loadFixtureStories, type FixtureStories } from '../support/fixture-stories.ts';
import { plainJpeg } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * robots.txt, the sitemap index and every sitemap it names, validated by libxml2's xmllint against the
 * sitemaps.org schemas and the Google News and image schemas (test/fixtures/schemas), on both engines.
 */

const PUBLIC_URL = 'http://dateline.test';
const runXmllint = toolAvailable('xmllint', hasXmllint, 'Install Debian\'s libxml2-utils (apt-get install -y libxml2-utils).');

/** `<loc>` values, in document order. The documents are the sitemap library's output, one element per tag. */
function locs(xml: string): string[] {
  return [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => decodeXml(m[1] ?? ''));
}

/** The `<image:loc>` values of the `<url>` whose `<loc>` is `page`. */
function imageLocs(xml: string, page: string): string[] {
  const entry = [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1] ?? '').find((u) => locs(u)[0] === page) ?? '';
  return [...entry.matchAll(/<image:loc>([^<]*)<\/image:loc>/g)].map((m) => decodeXml(m[1] ?? ''));
}

function decodeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function expectValid(xml: string, schema: string, what: string): void {
  const result = validateXml(xml, schema);
  expect(result.isValid, `${what} does not validate:\n${result.output}`).toBe(true);
}

describe('planSitemapPages', () => {
  const lastModified = '2020-11-30T10:00:00.000Z';

  it('keeps a month in one file up to the limit, and splits it into numbered pages past it', () => {
    const pages = planSitemapPages('en', [
      { month: '2020-10', count: 4, lastModified },
      { month: '2020-11', count: 5, lastModified },
    ], 4);
    expect(pages.map((p) => [p.month, p.page, p.count])).toEqual([
      ['2020-10', 1, 4],
      ['2020-11', 1, 4],
      ['2020-11', 2, 1],
    ]);
  });

  it('never puts more than the protocol’s 50,000 URLs in a file', () => {
    const pages = planSitemapPages('en', [{ month: '2021-01', count: 120_001, lastModified }]);
    expect(pages.map((p) => p.count)).toEqual([50_000, 50_000, 20_001]);
    expect(pages.map((p) => sitePaths.monthSitemap('en', p.month, p.page))).toEqual([
      '/sitemaps/en-2021-01.xml',
      '/sitemaps/en-2021-01-2.xml',
      '/sitemaps/en-2021-01-3.xml',
    ]);
  });

  it('refuses a limit of no URLs', () => {
    expect(() => planSitemapPages('en', [], 0)).toThrow(RangeError);
  });
});

describe.each(testEngines())('sitemaps on %s', (engine) => {
  let site: TestSite;
  let fixture: FixtureStories;
  /** Stories published an hour and three hours ago (in the news sitemap) and three days ago (not). */
  const recent: Array<{ edition: 'en' | 'fa'; code: number; path: string; headline: string; publishedAt: string }> = [];
  let stale: { path: string; publishedAt: string };
  /** The newest English story shows a lead picture and another in its body. */
  const pictures: { lead?: Picture; body?: Picture } = {};
  const now = Date.now();
  /** The UTC months an edition has stories in, as its sitemap files are named. */
  const monthsOf = (edition: 'en' | 'fa') =>
    [...new Set(['2020-11', ...[...recent, { edition: 'en', ...stale }].filter((s) => s.edition === edition).map((s) => s.publishedAt.slice(0, 7))])].sort();

  beforeAll(async () => {
    site = await startTestSite(engine);
    fixture = await loadFixtureStories(site.services);
    pictures.lead = await site.services.media.add(commandLineActor, { bytes: await plainJpeg(1600, 900), fileName: 'night-bus.jpg' }, { alt: 'A night bus at its stop' });
    pictures.body = await site.services.media.add(commandLineActor, { bytes: await plainJpeg(800, 600), fileName: 'tram.jpg' }, { alt: 'A tram in the rain' });
    const publish = async (edition: 'en' | 'fa', headline: string, hoursAgo: number, shown: { lead?: Picture; body?: Picture } = {}) => {
      const publishedAt = new Date(now - hoursAgo * 3_600_000).toISOString();
      const saved = await site.services.stories.save({
        editionCode: edition,
        headline,
        body: [
          paragraph(`${headline}. The newsroom filed this story for the news sitemap test.`),
          ...(shown.body ? [{ type: 'image' as const, src: largestVariantPath(shown.body), alt: shown.body.alt, mediaId: shown.body.id }] : []),
        ],
        status: 'published',
        publishedAt,
        section: { name: edition === 'en' ? 'Politics' : 'سیاست' },
        ...(shown.lead ? { leadMediaId: shown.lead.id } : {}),
      });
      return { edition, code: saved.code, path: `/${edition}/news/${saved.code}/${encodeURIComponent(saved.slug)}`, headline, publishedAt };
    };
    recent.push(await publish('en', 'Council Approves Night Bus Routes & <Late> Trams', 1, pictures));
    recent.push(await publish('fa', 'شورای شهر خطوط اتوبوس شبانه را تصویب کرد', 3));
    stale = await publish('en', 'Storm Warning Lifted After Three Days', 72);
  });

  afterAll(async () => {
    await site?.close();
  });

  async function get(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; text: string }> {
    const response = await site.get(path, init);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  it('robots.txt names the sitemap index by its absolute public URL', async () => {
    const robots = await get('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(robots.text.split('\n')).toContain(`Sitemap: ${PUBLIC_URL}/sitemap.xml`);
    expect(robots.text).toMatch(/^User-agent: \*$/m);
  });

  it.skipIf(!runXmllint)('the index validates and names pages, news and one sitemap per edition and month', async () => {
    const index = await get('/sitemap.xml');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expectValid(index.text, SCHEMAS.sitemapIndex, 'the sitemap index');
    expect(locs(index.text)).toEqual([
      `${PUBLIC_URL}/sitemaps/pages.xml`,
      `${PUBLIC_URL}/sitemaps/news.xml`,
      ...monthsOf('en').map((m) => `${PUBLIC_URL}/sitemaps/en-${m}.xml`),
      ...monthsOf('fa').map((m) => `${PUBLIC_URL}/sitemaps/fa-${m}.xml`),
    ]);
  });

  it.skipIf(!runXmllint)('every sitemap the index names answers and validates against its schema', async () => {
    const index = await get('/sitemap.xml');
    for (const url of locs(index.text)) {
      expect(url.startsWith(`${PUBLIC_URL}/`), url).toBe(true);
      const sitemap = await get(url.slice(PUBLIC_URL.length));
      expect(sitemap.status, url).toBe(200);
      // Story sitemaps carry news and image elements; the pages sitemap is plain.
      expectValid(sitemap.text, url.endsWith('/pages.xml') ? SCHEMAS.sitemap : SCHEMAS.sitemapWithExtensions, url);
      for (const loc of locs(sitemap.text)) expect(loc.startsWith(`${PUBLIC_URL}/`), `${url}: ${loc}`).toBe(true);
    }
  });

  it.skipIf(!runXmllint)('a month sitemap lists exactly that edition’s stories of that month', async () => {
    const november = await get('/sitemaps/en-2020-11.xml');
    expectValid(november.text, SCHEMAS.sitemap, 'en-2020-11');
    // Every fixture story is from 14–20 November 2020; the `en` edition's clock is UTC.
    expect(locs(november.text).sort()).toEqual(fixture.english.map((s) => `${PUBLIC_URL}${s.path}`).sort());
    expect(november.text).toMatch(/<lastmod>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z<\/lastmod>/);

    const persian = await get('/sitemaps/fa-2020-11.xml');
    expect(locs(persian.text).sort()).toEqual(fixture.persian.map((s) => `${PUBLIC_URL}${s.path}`).sort());
  });

  it.skipIf(!runXmllint)('the news sitemap holds the last two days of every edition, with publication, language, date and title', async () => {
    const news = await get('/sitemaps/news.xml');
    expect(news.status).toBe(200);
    expectValid(news.text, SCHEMAS.sitemapWithExtensions, 'the news sitemap');
    expect(locs(news.text)).toEqual(recent.map((r) => `${PUBLIC_URL}${r.path}`));
    expect(news.text).not.toContain(stale.path);
    for (const story of recent) {
      const edition = site.services.editions.get(story.edition);
      const entry = news.text.slice(news.text.indexOf(`${PUBLIC_URL}${story.path}`));
      const field = (name: string) => decodeXml(new RegExp(`<news:${name}>([^<]*)</news:${name}>`).exec(entry)?.[1] ?? '');
      expect(field('name')).toBe('Dateline');
      expect(field('language')).toBe(story.edition);
      expect(field('title')).toBe(story.headline);
      // The edition's wall clock with its offset: +03:30 in Tehran, Z in the UTC edition.
      expect(field('publication_date')).toBe(isoInEdition(story.publishedAt, { language: edition.language, time_zone: edition.timeZone }));
    }
  });

  it.skipIf(!runXmllint)('story sitemaps list the lead and body pictures of a story as images that answer, and none for a story without', async () => {
    const [story] = recent;
    const { lead, body } = pictures;
    if (!story || !lead || !body) throw new Error('the fixture story or its pictures are missing');
    const page = `${PUBLIC_URL}${story.path}`;
    const expected = [`${PUBLIC_URL}${largestVariantPath(lead)}`, `${PUBLIC_URL}${largestVariantPath(body)}`];
    const month = await get(`/sitemaps/en-${story.publishedAt.slice(0, 7)}.xml`);
    expectValid(month.text, SCHEMAS.sitemapWithExtensions, 'the month with pictures');
    expect(month.text).toContain('xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"');
    expect(imageLocs(month.text, page)).toEqual(expected);
    expect(imageLocs((await get('/sitemaps/news.xml')).text, page)).toEqual(expected);
    // A story without pictures lists none, and a month without any declares no image namespace.
    const staleMonth = (await get(`/sitemaps/en-${stale.publishedAt.slice(0, 7)}.xml`)).text;
    expect(locs(staleMonth)).toContain(`${PUBLIC_URL}${stale.path}`);
    expect(imageLocs(staleMonth, `${PUBLIC_URL}${stale.path}`)).toEqual([]);
    expect((await get('/sitemaps/en-2020-11.xml')).text).not.toContain('image:');
    for (const url of expected) {
      const picture = await site.get(url.slice(PUBLIC_URL.length));
      expect(picture.status, url).toBe(200);
      expect(picture.headers.get('content-type'), url).toBe('image/jpeg');
      await picture.arrayBuffer();
    }
  });

  it.skipIf(!runXmllint)('the pages sitemap lists each edition’s home and its sections', async () => {
    const pages = await get('/sitemaps/pages.xml');
    expectValid(pages.text, SCHEMAS.sitemap, 'pages.xml');
    const listed = locs(pages.text);
    expect(listed).toContain(`${PUBLIC_URL}/en/`);
    expect(listed).toContain(`${PUBLIC_URL}/fa/`);
    for (const story of [...fixture.english, ...fixture.persian]) {
      if (story.section) expect(listed).toContain(`${PUBLIC_URL}${sitePaths.section(story.edition, story.section.slug)}`);
    }
  });

  it.skipIf(!runXmllint)('the schemas catch what they should: the validators are not rubber stamps', async () => {
    const news = (await get('/sitemaps/news.xml')).text;
    const noZone = news.replace(/(<news:publication_date>[^<]*?)(Z|[+-]\d{2}:\d{2})</, '$1<');
    expect(validateXml(noZone, SCHEMAS.sitemapWithExtensions).isValid, 'a publication time without a zone').toBe(false);
    const noTitle = news.replace(/<news:title>[^<]*<\/news:title>/, '');
    expect(validateXml(noTitle, SCHEMAS.sitemapWithExtensions).isValid, 'a news entry without a title').toBe(false);
    expect(news, 'the news sitemap lists an image').toContain('<image:loc>');
    const noImageLoc = news.replace(/<image:loc>[^<]*<\/image:loc>/, '');
    expect(validateXml(noImageLoc, SCHEMAS.sitemapWithExtensions).isValid, 'an image without its address').toBe(false);
    const unknownImageField = news.replace('</image:loc>', '</image:loc><image:where>here</image:where>');
    expect(validateXml(unknownImageField, SCHEMAS.sitemapWithExtensions).isValid, 'an image element the extension does not define').toBe(false);
    expect(validateXml(news, SCHEMAS.sitemap).isValid, 'image and news elements without their schemas').toBe(false);
    const index = (await get('/sitemap.xml')).text;
    expect(validateXml(index.replace('<loc>', '<location>').replace('</loc>', '</location>'), SCHEMAS.sitemapIndex).isValid).toBe(false);
  });

  it.skipIf(!runXmllint)('a month past the per-file limit is split into pages that together list it once', async () => {
    const urls: SitemapUrls = {
      story: (edition, code, slug) => `${PUBLIC_URL}${sitePaths.story(edition, code, slug)}`,
      home: (edition) => `${PUBLIC_URL}${sitePaths.home(edition)}`,
      section: (edition, slug) => `${PUBLIC_URL}${sitePaths.section(edition, slug)}`,
      sitePage: (edition, slug) => `${PUBLIC_URL}${sitePaths.sitePage(edition, slug)}`,
      monthSitemap: (edition, month, page) => `${PUBLIC_URL}${sitePaths.monthSitemap(edition, month, page)}`,
      newsSitemap: `${PUBLIC_URL}${sitePaths.newsSitemap}`,
      pagesSitemap: `${PUBLIC_URL}${sitePaths.pagesSitemap}`,
    };
    const limit = 10;
    const sitemaps = new SitemapService(site.services.storyQueries, site.services.editions, urls, limit);
    const index = await sitemaps.index(new Date(now));
    expectValid(await writeSitemap(index.document), SCHEMAS.sitemapIndex, 'the index with small pages');
    const expectedPages = Math.ceil(fixture.english.length / limit);
    expect(locs(await writeSitemap(index.document)).filter((u) => u.includes('/en-2020-11'))).toEqual(
      Array.from({ length: expectedPages }, (_, i) => urls.monthSitemap('en', '2020-11', i + 1)),
    );
    const listed: string[] = [];
    for (let page = 1; page <= expectedPages; page++) {
      const source = await sitemaps.month('en', '2020-11', page);
      if (!source) throw new Error(`page ${page} is missing`);
      const xml = await writeSitemap(source.document);
      expectValid(xml, SCHEMAS.sitemap, `en-2020-11 page ${page}`);
      expect(locs(xml).length).toBeLessThanOrEqual(limit);
      listed.push(...locs(xml));
    }
    expect(listed.sort()).toEqual(fixture.english.map((s) => `${PUBLIC_URL}${s.path}`).sort());
    expect(await sitemaps.month('en', '2020-11', expectedPages + 1)).toBeUndefined();
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since', async () => {
    for (const path of ['/sitemap.xml', '/sitemaps/en-2020-11.xml', '/sitemaps/news.xml', '/sitemaps/pages.xml']) {
      const first = await get(path);
      const etag = first.headers.get('etag') ?? '';
      const lastModified = first.headers.get('last-modified') ?? '';
      expect(etag, path).toMatch(/^"[\w-]+"$/);
      const byTag = await get(path, { headers: { 'if-none-match': etag } });
      expect(byTag.status, path).toBe(304);
      expect(byTag.text, path).toBe('');
      expect((await get(path, { headers: { 'if-modified-since': lastModified } })).status, path).toBe(304);
      expect((await get(path, { headers: { 'if-none-match': '"stale"' } })).status, path).toBe(200);
    }
  });

  it('a newly published story changes the index, its month and the news sitemap', async () => {
    const publishedAt = new Date(now - 10 * 60_000).toISOString();
    const paths = ['/sitemap.xml', `/sitemaps/en-${publishedAt.slice(0, 7)}.xml`, '/sitemaps/news.xml'];
    const before = await Promise.all(paths.map(async (path) => ({ path, etag: (await get(path)).headers.get('etag') ?? '' })));
    const saved = await site.services.stories.save({
      editionCode: 'en',
      headline: 'Late Edition Adds One More Story',
      body: [paragraph('A late story, published while the sitemaps were cached.')],
      status: 'published',
      publishedAt,
    });
    for (const { path, etag } of before) {
      const after = await get(path, { headers: { 'if-none-match': etag } });
      expect(after.status, path).toBe(200);
      if (path !== '/sitemap.xml') expect(after.text, path).toContain(`/en/news/${saved.code}/`);
    }
  });

  it.each(['/sitemaps/en-1999-01.xml', '/sitemaps/xx-2020-11.xml', '/sitemaps/en-2020-13.xml', '/sitemaps/en-2020-11-1.xml', '/sitemaps/en-2020-11-2.xml', '/sitemaps/whatever.xml'])(
    '%s is not found',
    async (path) => {
      expect((await get(path)).status).toBe(404);
    },
  );
});

describe('a site with no story of the last two days', () => {
  let site: TestSite;

  beforeAll(async () => {
    // Storage plays no part here: one engine is enough.
    site = await startTestSite('sqlite');
    await site.services.stories.save({
      editionCode: 'en',
      headline: 'An Old Story From Another Year',
      body: [paragraph('Old news.')],
      status: 'published',
      publishedAt: '2019-05-01T10:00:00.000Z',
    });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('has no news sitemap, and its index does not name one', async () => {
    const news = await site.get('/sitemaps/news.xml');
    await news.text();
    expect(news.status).toBe(404);
    const index = await (await site.get('/sitemap.xml')).text();
    expect(locs(index)).toEqual([`${PUBLIC_URL}/sitemaps/pages.xml`, `${PUBLIC_URL}/sitemaps/en-2019-05.xml`]);
    if (runXmllint) expectValid(index, SCHEMAS.sitemapIndex, 'the index without news');
  });
});
