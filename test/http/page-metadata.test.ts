import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph, teaserFrom } from '../../src/content/blocks.ts';
import { slugify } from '../../src/content/slug.ts';
import { isoInEdition } from '../../src/modules/editions/edition-time.ts';
import { testEngines } from '../support/engines.ts';
import { loadFixtureStories, type FixtureStories, type FixtureStory } from '../support/fixture-stories.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * What search engines and link previews read in a page's head: schema.org JSON-LD (parsed back and checked
 * property by property), OpenGraph and Twitter tags, canonical and feed links. The seed story's values are
 * written out here from its source file, not computed by the code under test.
 */

const PUBLIC_URL = 'http://dateline.test';
const SEED = {
  code: 898945,
  headline: 'West Plotting to Disrupt Karabakh Ceasefire: Russia',
  // corpus/seed-898945.txt: "Friday 20 November 2020 - 11:44"; the `en` edition's clock is UTC.
  datePublished: '2020-11-20T11:44:00Z',
  path: '/en/news/898945/west-plotting-to-disrupt-karabakh-ceasefire-russia',
};
/** An offset (or Z) at the end: every date a page hands to machines says which zone it is in. */
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

type JsonLd = Record<string, unknown> & { '@type': string };

interface Head {
  html: string;
  jsonLd: JsonLd[];
  /** Raw text of each JSON-LD script, to check its escaping. */
  jsonLdText: string[];
  /** `<meta property>` and `<meta name>` values by key, in order. */
  meta: Map<string, string[]>;
  canonical: string | undefined;
  feeds: Array<{ type: string; title: string; href: string }>;
}

function decodeAttribute(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** The head of a page as Preact renders it (attributes in source order, double-quoted). */
function readHead(html: string): Head {
  const head = html.slice(0, html.indexOf('</head>'));
  const jsonLdText = [...head.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
  const meta = new Map<string, string[]>();
  for (const m of head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"\/>/g)) {
    const key = m[1] ?? '';
    meta.set(key, [...(meta.get(key) ?? []), decodeAttribute(m[2] ?? '')]);
  }
  return {
    html,
    jsonLdText,
    jsonLd: jsonLdText.map((text) => JSON.parse(text) as JsonLd),
    meta,
    canonical: /<link rel="canonical" href="([^"]+)"\/>/.exec(head)?.[1],
    feeds: [...head.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)"\/>/g)].map((m) => ({
      type: m[1] ?? '',
      title: decodeAttribute(m[2] ?? ''),
      href: m[3] ?? '',
    })),
  };
}

function ofType(head: Head, type: string): JsonLd {
  const found = head.jsonLd.filter((item) => item['@type'] === type);
  expect(found, `one ${type} in the page's JSON-LD`).toHaveLength(1);
  return found[0] as JsonLd;
}

describe.each(testEngines())('page metadata on %s', (engine) => {
  let site: TestSite;
  let fixture: FixtureStories;
  let pictured: { path: string; code: number; headline: string };
  let hostile: { path: string; headline: string };

  beforeAll(async () => {
    site = await startTestSite(engine);
    fixture = await loadFixtureStories(site.services);
    const withImage = await site.services.stories.save({
      editionCode: 'en',
      headline: 'Harbour Crane Returns After Repairs',
      body: [
        paragraph('The harbour’s oldest crane returned to work on Monday after a year of repairs.'),
        { type: 'image', src: '/media/harbour-crane.jpg', alt: 'The crane lifting its first container', caption: 'Back at work.' },
      ],
      status: 'published',
      publishedAt: '2020-11-19T07:30:00.000Z',
      section: { name: 'Business', slug: 'business' },
      tags: [{ name: 'Harbour' }, { name: 'Transport' }],
      authors: ['Sara Novak', 'Tom O’Brien'],
    });
    pictured = { path: `/en/news/${withImage.code}/${withImage.slug}`, code: withImage.code, headline: 'Harbour Crane Returns After Repairs' };
    const headline = 'Headline Ends Early </script><script>alert("ld")</script> & Goes On \u2028';
    const saved = await site.services.stories.save({
      editionCode: 'en',
      headline,
      body: [paragraph('A story whose headline tries to close the JSON-LD script.')],
      status: 'published',
      publishedAt: '2020-11-18T07:30:00.000Z',
    });
    hostile = { path: `/en/news/${saved.code}/${saved.slug}`, headline: headline.trim() };
  });

  afterAll(async () => {
    await site?.close();
  });

  async function page(path: string): Promise<Head> {
    const response = await site.get(path);
    const html = await response.text();
    expect(response.status, path).toBe(200);
    return readHead(html);
  }

  it('the seed story carries a NewsArticle with every property, valued as the story says', async () => {
    expect(fixture.seed.path).toBe(SEED.path);
    const head = await page(SEED.path);
    const article = ofType(head, 'NewsArticle');
    const canonical = `${PUBLIC_URL}${SEED.path}`;
    expect(article['@context']).toBe('https://schema.org');
    expect(article.headline).toBe(SEED.headline);
    expect(article.datePublished).toBe(SEED.datePublished);
    expect(article.dateModified).toMatch(WITH_OFFSET);
    expect(Date.parse(String(article.dateModified))).toBeGreaterThanOrEqual(Date.parse(SEED.datePublished));
    expect(article.identifier).toBe(String(SEED.code));
    expect(article.mainEntityOfPage).toEqual({ '@type': 'WebPage', '@id': canonical });
    expect(article.url).toBe(canonical);
    expect(article.inLanguage).toBe('en');
    expect(article.description).toBe(teaserFrom(fixture.seed.paragraphs.map(paragraph)));
    // The seed has no byline and no picture: the publication is its author, and no image is claimed.
    const publisher = article.publisher as { '@type': string; name: string; url: string; logo: { '@type': string; url: string; width: { value: number }; height: { value: number } } };
    expect(publisher['@type']).toBe('NewsMediaOrganization');
    expect(publisher.name).toBe('Dateline');
    expect(publisher.url).toBe(`${PUBLIC_URL}/`);
    expect(article.author).toEqual([publisher]);
    expect(article).not.toHaveProperty('image');

    // The logo is a real PNG of the size the markup states, served from /assets/ for a year.
    expect(publisher.logo['@type']).toBe('ImageObject');
    expect(publisher.logo.url).toMatch(new RegExp(`^${PUBLIC_URL}/assets/dateline-logo\\.[0-9a-f]{12}\\.png$`));
    const logo = await site.get(publisher.logo.url.slice(PUBLIC_URL.length));
    const bytes = Buffer.from(await logo.arrayBuffer());
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(logo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([publisher.logo.width.value, publisher.logo.height.value]);
    expect(publisher.logo.height.value).toBeLessThanOrEqual(60);
  });

  it('the seed story has breadcrumbs, a canonical link, a description from the teaser, OpenGraph and Twitter tags', async () => {
    const head = await page(SEED.path);
    const canonical = `${PUBLIC_URL}${SEED.path}`;
    expect(head.canonical).toBe(canonical);
    const teaser = teaserFrom(fixture.seed.paragraphs.map(paragraph));
    expect(head.meta.get('description')).toEqual([teaser]);

    const crumbs = ofType(head, 'BreadcrumbList').itemListElement as Array<Record<string, unknown>>;
    expect(crumbs).toEqual([
      { '@type': 'ListItem', position: 1, name: 'Home', item: `${PUBLIC_URL}/en/` },
      { '@type': 'ListItem', position: 2, name: SEED.headline, item: canonical },
    ]);

    expect(head.meta.get('og:type')).toEqual(['article']);
    expect(head.meta.get('og:title')).toEqual([SEED.headline]);
    expect(head.meta.get('og:description')).toEqual([teaser]);
    expect(head.meta.get('og:url')).toEqual([canonical]);
    expect(head.meta.get('og:site_name')).toEqual(['Dateline']);
    expect(head.meta.get('article:published_time')).toEqual([SEED.datePublished]);
    expect(head.meta.get('article:modified_time')?.[0]).toMatch(WITH_OFFSET);
    expect(head.meta.get('twitter:card')).toEqual(['summary']);
    expect(head.meta.get('twitter:title')).toEqual([SEED.headline]);
    expect(head.meta.get('twitter:description')).toEqual([teaser]);
  });

  it('a story with a byline, a section and a picture names its authors, section, keywords and image', async () => {
    const head = await page(pictured.path);
    const article = ofType(head, 'NewsArticle');
    const image = `${PUBLIC_URL}/media/harbour-crane.jpg`;
    expect(article.image).toEqual([image]);
    expect(article.author).toEqual([
      { '@type': 'Person', name: 'Sara Novak', url: `${PUBLIC_URL}/en/author/sara-novak` },
      { '@type': 'Person', name: 'Tom O’Brien', url: `${PUBLIC_URL}/en/author/${slugify('Tom O’Brien')}` },
    ]);
    expect(article.articleSection).toBe('Business');
    expect(article.keywords).toEqual(['Harbour', 'Transport']);
    expect(article.identifier).toBe(String(pictured.code));
    expect((ofType(head, 'BreadcrumbList').itemListElement as Array<{ name: string; item: string }>).map((c) => [c.name, c.item])).toEqual([
      ['Home', `${PUBLIC_URL}/en/`],
      ['Business', `${PUBLIC_URL}/en/section/business`],
      [pictured.headline, `${PUBLIC_URL}${pictured.path}`],
    ]);
    expect(head.meta.get('og:image')).toEqual([image]);
    expect(head.meta.get('og:image:alt')).toEqual(['The crane lifting its first container']);
    expect(head.meta.get('twitter:card')).toEqual(['summary_large_image']);
    expect(head.meta.get('article:section')).toEqual(['Business']);
    expect(head.meta.get('article:tag')).toEqual(['Harbour', 'Transport']);
    expect(head.meta.get('article:author')).toEqual([`${PUBLIC_URL}/en/author/sara-novak`, `${PUBLIC_URL}/en/author/${slugify('Tom O’Brien')}`]);
    // Each author link goes to a real page listing the story.
    const authorPage = await site.get('/en/author/sara-novak');
    expect(authorPage.status).toBe(200);
    expect(await authorPage.text()).toContain(`href="${pictured.path}"`);
  });

  it('a right-to-left edition’s story dates carry the edition’s offset', async () => {
    const story = fixture.persian[0] as FixtureStory;
    const head = await page(story.path);
    const article = ofType(head, 'NewsArticle');
    const expected = isoInEdition(story.publishedAt, { language: 'fa', time_zone: 'Asia/Tehran' });
    // November 2020: Iran Standard Time, UTC+03:30.
    expect(expected.endsWith('+03:30')).toBe(true);
    expect(article.datePublished).toBe(expected);
    expect(article.dateModified).toMatch(/\+03:30$/);
    expect(article.inLanguage).toBe('fa');
    expect(article.headline).toBe(story.headline);
    expect((article.author as Array<{ name: string }>).map((a) => a.name)).toEqual(story.authors);
    expect(head.meta.get('article:published_time')).toEqual([expected]);
    expect(head.meta.get('og:locale')).toEqual(['fa']);
  });

  it('JSON-LD cannot be broken out of: markup in a headline is escaped and reads back exactly', async () => {
    for (const { path, headline } of [hostile, { path: fixture.markup.path, headline: fixture.markup.headline }]) {
      const head = await page(path);
      // Inline scripts only: the comment form's island is a same-origin file (`<script defer src="/assets/…">`).
      const scripts = head.html.match(/<script\b(?![^>]*\ssrc="\/assets\/comment-form\.)/g) ?? [];
      expect(scripts, 'only the page’s own JSON-LD scripts').toHaveLength(head.jsonLdText.length);
      for (const text of head.jsonLdText) expect(text).not.toMatch(/[<>&\u2028\u2029]/);
      expect(ofType(head, 'NewsArticle').headline).toBe(headline);
    }
  });

  it('the home page offers a WebSite with a search action, and the edition’s feeds', async () => {
    const head = await page('/en/');
    const website = ofType(head, 'WebSite');
    expect(website.name).toBe('Dateline');
    expect(website.url).toBe(`${PUBLIC_URL}/en/`);
    expect(website.potentialAction).toEqual({
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${PUBLIC_URL}/en/search?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    });
    expect(head.meta.get('og:type')).toEqual(['website']);
    expect(head.feeds.map((f) => [f.type, f.href])).toEqual([
      ['application/rss+xml', `${PUBLIC_URL}/en/feed.xml`],
      ['application/atom+xml', `${PUBLIC_URL}/en/feed.atom`],
      ['application/feed+json', `${PUBLIC_URL}/en/feed.json`],
    ]);
  });

  it.each([
    { kind: 'section', path: '/en/section/politics', heading: 'Politics' },
    { kind: 'tag', path: '/en/tag/syria', heading: 'Stories tagged “Syria”' },
    { kind: 'author', path: '/en/author/sara-novak', heading: 'By Sara Novak' },
  ])('a $kind page has breadcrumbs, and discovery links to its own feeds that answer', async ({ path, heading }) => {
    const head = await page(path);
    expect(ofType(head, 'CollectionPage').name).toBe(heading);
    expect((ofType(head, 'BreadcrumbList').itemListElement as Array<{ name: string; item: string }>).map((c) => [c.name, c.item])).toEqual([
      ['Home', `${PUBLIC_URL}/en/`],
      [heading, `${PUBLIC_URL}${path}`],
    ]);
    const own = head.feeds.filter((f) => f.href.startsWith(`${PUBLIC_URL}${path}/`));
    expect(own.map((f) => f.href)).toEqual(['feed.xml', 'feed.atom', 'feed.json'].map((file) => `${PUBLIC_URL}${path}/${file}`));
    expect(own.every((f) => f.title.startsWith(`${heading} – Dateline (`))).toBe(true);
    for (const feed of head.feeds) {
      const response = await site.get(feed.href.slice(PUBLIC_URL.length));
      await response.arrayBuffer();
      expect(response.status, feed.href).toBe(200);
      expect(response.headers.get('content-type'), feed.href).toBe(`${feed.type}; charset=utf-8`);
    }
  });

  it('every absolute URL in a page’s metadata starts with the configured public URL', async () => {
    for (const path of [SEED.path, pictured.path, '/en/', '/en/section/politics']) {
      const head = await page(path);
      const urls = [
        ...head.feeds.map((f) => f.href),
        head.canonical ?? '',
        ...[...head.meta.entries()].flatMap(([key, values]) => (key.endsWith(':url') || key.endsWith(':image') || key === 'article:author' ? values : [])),
        ...head.jsonLdText.flatMap((text) => [...text.matchAll(/"(https?:\/\/[^"]+)"/g)].map((m) => m[1] ?? '')),
      ];
      expect(urls.length).toBeGreaterThan(3);
      for (const url of urls) expect(url.startsWith(`${PUBLIC_URL}/`) || url.startsWith('https://schema.org'), `${path}: ${url}`).toBe(true);
    }
  });
});
