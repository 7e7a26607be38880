import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph, teaserFrom, type Block } from '../../src/content/blocks.ts';
import { slugify } from '../../src/content/slug.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { testEngines } from '../support/engines.ts';
import { loadFixtureStories, type FixtureStories, type FixtureStory } from '../support/fixture-stories.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * Every feed kind (RSS 2.0, Atom 1.0, JSON Feed 1.1) at every level (edition, section, tag, author), in a
 * left-to-right and a right-to-left edition, read back by two parsers nobody here wrote: rss-parser and
 * feedsmith. Expected values come from the fixture's own records, never from the feed code.
 */

const PUBLIC_URL = 'http://dateline.test';
const FORMATS = [
  { format: 'rss', file: 'feed.xml', type: 'application/rss+xml' },
  { format: 'atom', file: 'feed.atom', type: 'application/atom+xml' },
  { format: 'json', file: 'feed.json', type: 'application/feed+json' },
] as const;
type Format = (typeof FORMATS)[number]['format'];
type ScopeKind = 'edition' | 'section' | 'tag' | 'author';

/** A story as a feed must show it: the fixture's record plus what the test adds. */
interface ExpectedStory {
  edition: 'en' | 'fa';
  code: number;
  path: string;
  headline: string;
  teaser: string;
  /** The first paragraph as it must appear in the body HTML (escaped). */
  firstParagraphHtml: string;
  publishedAt: string;
  sectionSlug: string | null;
  tagSlugs: string[];
  authors: string[];
}

interface ParsedItem {
  title: string;
  link: string;
  id: string;
  published: number;
  updated: number | undefined;
  teaser: string;
  body: string | undefined;
  authors: string[];
  categories: string[];
}

const rssParser = new Parser<Record<string, unknown>, { creators?: string[] }>({
  customFields: { item: [['dc:creator', 'creators', { keepArray: true }]] },
});

/** The few entities our HTML-typed fields use; feed parsers hand those fields over undecoded. */
function decodeHtml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Text as sanitize-html writes it inside elements: quotes stay as they are. */
function escapeHtmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** feedsmith reads Atom text constructs as `{ value, type }`, other fields as strings. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value ?? '');
  return '';
}

/** The same document read by rss-parser (RSS and Atom) and feedsmith (all three), as one shape per parser. */
async function parseWithBoth(format: Format, text: string): Promise<Record<'rssParser' | 'feedsmith', ParsedItem[]>> {
  if (format === 'json') {
    const feed = parseJsonFeed(JSON.parse(text));
    const items = (feed.items ?? []).map((item) => ({
      title: item.title ?? '',
      link: item.url ?? '',
      id: item.id ?? '',
      published: Date.parse(String(item.date_published)),
      updated: item.date_modified === undefined ? undefined : Date.parse(String(item.date_modified)),
      teaser: item.summary ?? '',
      body: item.content_html,
      authors: (item.authors ?? []).map((a) => a.name ?? ''),
      categories: item.tags ?? [],
    }));
    // rss-parser reads no JSON Feed; the raw document is the second reading.
    const raw = JSON.parse(text) as { items: Array<{ id: string; url: string; title: string; summary?: string; content_html?: string; date_published: string; date_modified?: string; authors?: Array<{ name: string }>; tags?: string[] }> };
    const rawItems = raw.items.map((item) => ({
      title: item.title,
      link: item.url,
      id: item.id,
      published: Date.parse(item.date_published),
      updated: item.date_modified === undefined ? undefined : Date.parse(item.date_modified),
      teaser: item.summary ?? '',
      body: item.content_html,
      authors: (item.authors ?? []).map((a) => a.name),
      categories: item.tags ?? [],
    }));
    return { rssParser: rawItems, feedsmith: items };
  }
  const viaRssParser = await rssParser.parseString(text);
  const rssParserItems = viaRssParser.items.map((item) => {
    const extra = item as typeof item & { id?: string; summary?: string; author?: string; creators?: string[]; 'content:encoded'?: string };
    return {
      title: format === 'atom' ? decodeHtml(item.title ?? '') : (item.title ?? ''),
      link: item.link ?? '',
      id: format === 'rss' ? (item.guid ?? '') : (extra.id ?? ''),
      published: Date.parse(item.isoDate ?? ''),
      updated: undefined,
      // rss-parser puts an RSS item's description in `content`, and its content:encoded under that name.
      teaser: decodeHtml(format === 'rss' ? (item.content ?? '') : (extra.summary ?? '')),
      body: format === 'rss' ? extra['content:encoded'] : item.content,
      authors: format === 'rss' ? (extra.creators ?? []).map(String) : extra.author ? [String(extra.author)] : [],
      categories: (item.categories ?? []).map(String),
    };
  });
  if (format === 'rss') {
    const feed = parseRssFeed(text);
    return {
      rssParser: rssParserItems,
      feedsmith: (feed.items ?? []).map((item) => ({
        title: item.title ?? '',
        link: item.link ?? '',
        id: item.guid?.value ?? '',
        published: Date.parse(String(item.pubDate)),
        updated: undefined,
        teaser: decodeHtml(item.description ?? ''),
        body: item.content?.encoded,
        authors: item.dc?.creators ?? [],
        categories: (item.categories ?? []).map((c) => c.name ?? ''),
      })),
    };
  }
  const feed = parseAtomFeed(text);
  return {
    rssParser: rssParserItems,
    feedsmith: (feed.entries ?? []).map((entry) => ({
      title: decodeHtml(textOf(entry.title)),
      link: entry.links?.[0]?.href ?? '',
      id: entry.id ?? '',
      published: Date.parse(String(entry.published)),
      updated: Date.parse(String(entry.updated)),
      teaser: decodeHtml(textOf(entry.summary)),
      body: entry.content === undefined ? undefined : textOf(entry.content),
      authors: (entry.authors ?? []).map((a) => a.name ?? ''),
      categories: (entry.categories ?? []).map((c) => c.term ?? ''),
    })),
  };
}

describe.each(testEngines())('feeds on %s', (engine) => {
  let site: TestSite;
  let fixture: FixtureStories;
  let hostile: ExpectedStory;
  const expected: Record<'en' | 'fa', ExpectedStory[]> = { en: [], fa: [] };
  const itemIdPrefix: Record<string, string> = {};

  /** A story whose body tries everything a feed must not carry. */
  const HOSTILE_BODY: Block[] = [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Readers who click ' },
        { type: 'text', text: 'this link', marks: [{ type: 'link', href: 'javascript:alert(document.cookie)' }] },
        { type: 'text', text: ' or ' },
        { type: 'text', text: 'that one', marks: [{ type: 'link', href: ' JaVaScRiPt:alert(1)' }] },
        { type: 'text', text: ' should be safe, and ' },
        { type: 'text', text: 'the section page', marks: [{ type: 'link', href: '/en/section/politics' }] },
        { type: 'text', text: ' is linked in full.' },
      ],
    },
    paragraph('<script>alert("feed reader")</script> was typed into this paragraph as text.'),
    { type: 'image', src: 'data:image/svg+xml;base64,PHN2Zy8+', alt: 'An image that must lose its data: address' },
  ];

  function toExpected(story: FixtureStory): ExpectedStory {
    const teaser = story.teaser || teaserFrom(story.paragraphs.map(paragraph));
    return {
      edition: story.edition,
      code: story.code,
      path: story.path,
      headline: story.headline,
      teaser,
      firstParagraphHtml: escapeHtmlText(story.paragraphs[0] ?? ''),
      publishedAt: story.publishedAt,
      sectionSlug: story.section?.slug ?? null,
      tagSlugs: story.tags.map((t) => t.slug),
      authors: story.authors,
    };
  }

  beforeAll(async () => {
    site = await startTestSite(engine);
    fixture = await loadFixtureStories(site.services);
    const saved = await site.services.stories.save({
      editionCode: 'en',
      headline: 'Editors Test How Feeds Treat a Hostile Story Body',
      teaser: 'A body with script-like text, javascript: links and a data: image.',
      body: HOSTILE_BODY,
      status: 'published',
      // Older than every fixture story: it ends every `en` list it is in.
      publishedAt: '2020-11-13T09:00:00.000Z',
      section: { name: 'Feed Safety', slug: 'feed-safety' },
      tags: [{ name: 'Hostile markup' }],
      authors: ['Mallory Example'],
    });
    hostile = {
      edition: 'en',
      code: saved.code,
      path: `/en/news/${saved.code}/${saved.slug}`,
      headline: 'Editors Test How Feeds Treat a Hostile Story Body',
      teaser: 'A body with script-like text, javascript: links and a data: image.',
      firstParagraphHtml: 'Readers who click ',
      publishedAt: '2020-11-13T09:00:00.000Z',
      sectionSlug: 'feed-safety',
      tagSlugs: ['hostile-markup'],
      authors: ['Mallory Example'],
    };
    expected.en = [...fixture.english.map(toExpected), hostile];
    expected.fa = fixture.persian.map(toExpected);
    for (const code of ['en', 'fa']) {
      itemIdPrefix[code] = `tag:dateline.test,${site.services.editions.get(code).createdAt.slice(0, 10)}:${code}/story/`;
    }
  });

  afterAll(async () => {
    await site?.close();
  });

  /** GET with the body read to the end, so that no connection is left busy when the site closes. */
  async function get(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; text: string }> {
    const response = await site.get(path, init);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** The stories a scope's feed must hold, newest first, and the path of its HTML page. */
  function scopeOf(edition: 'en' | 'fa', kind: ScopeKind, pick: 'largest' | 'hostile' = 'largest') {
    const all = expected[edition];
    const keysOf = (s: ExpectedStory): string[] =>
      kind === 'section' ? (s.sectionSlug ? [s.sectionSlug] : []) : kind === 'tag' ? s.tagSlugs : kind === 'author' ? s.authors.map((a) => slugify(a)) : [''];
    let slug = '';
    if (kind !== 'edition') {
      if (pick === 'hostile') slug = keysOf(hostile)[0] ?? '';
      else {
        const counts = new Map<string, number>();
        for (const key of all.flatMap(keysOf)) counts.set(key, (counts.get(key) ?? 0) + 1);
        slug = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
      }
    }
    const stories = all
      .filter((s) => kind === 'edition' || keysOf(s).includes(slug))
      .sort((a, b) => (a.publishedAt === b.publishedAt ? b.code - a.code : a.publishedAt < b.publishedAt ? 1 : -1))
      .slice(0, 50);
    const base = kind === 'edition' ? `/${edition}` : `/${edition}/${kind}/${encodeURIComponent(slug)}`;
    return { slug, stories, base, page: kind === 'edition' ? `/${edition}/` : base };
  }

  const levels = (['en', 'fa'] as const).flatMap((edition) =>
    (['edition', 'section', 'tag', 'author'] as const).flatMap((kind) => FORMATS.map((f) => ({ edition, kind, ...f }))),
  );

  it.each(levels)('the $edition $kind feed in $format parses with both parsers, with every story and its fields', async ({ edition, kind, format, file, type }) => {
    const scope = scopeOf(edition, kind);
    expect(scope.stories.length, 'the fixture has stories for this scope').toBeGreaterThan(1);
    const response = await get(`${scope.base}/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
    const text = response.text;
    const readings = await parseWithBoth(format, text);
    for (const [parser, items] of Object.entries(readings)) {
      expect(items.map((i) => i.link), `${parser}: the stories, newest first`).toEqual(scope.stories.map((s) => `${PUBLIC_URL}${s.path}`));
      items.forEach((item, index) => {
        const story = scope.stories[index];
        if (!story) throw new Error('more items than stories');
        const where = `${parser}, item ${index} (story ${story.code})`;
        expect(item.title, where).toBe(story.headline);
        expect(item.id, where).toBe(`${itemIdPrefix[edition]}${story.code}`);
        expect(item.published, where).toBe(Date.parse(story.publishedAt));
        if (item.updated !== undefined) expect(item.updated, where).toBeGreaterThanOrEqual(item.published);
        expect(item.teaser, where).toBe(story.teaser);
        expect(item.body, where).toContain(story.firstParagraphHtml);
        // rss-parser keeps only the first Atom author; feedsmith and the others read them all.
        const authors = parser === 'rssParser' && format === 'atom' ? story.authors.slice(0, 1) : story.authors;
        expect(item.authors, where).toEqual(authors);
      });
    }
  });

  it.each(['en', 'fa'] as const)('the %s edition feeds describe themselves: title, language, home page and self links', async (edition) => {
    const strings = site.services.editions.get(edition);
    const rss = parseRssFeed((await get(`/${edition}/feed.xml`)).text);
    expect(rss.title).toBe(`Dateline – ${strings.name}`);
    expect(rss.language).toBe(edition);
    expect(rss.link).toBe(`${PUBLIC_URL}/${edition}/`);
    expect(rss.atom?.links?.map((l) => l.href)).toContain(`${PUBLIC_URL}/${edition}/feed.xml`);

    const atom = parseAtomFeed((await get(`/${edition}/feed.atom`)).text);
    expect(textOf(atom.title)).toBe(`Dateline – ${strings.name}`);
    expect(atom.links?.find((l) => l.rel === 'self')?.href).toBe(`${PUBLIC_URL}/${edition}/feed.atom`);
    expect(atom.authors?.[0]?.name, 'a feed-level author, for entries without a byline').toBe('Dateline');

    const json = JSON.parse((await get(`/${edition}/feed.json`)).text) as Record<string, unknown>;
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.language).toBe(edition);
    expect(json.feed_url).toBe(`${PUBLIC_URL}/${edition}/feed.json`);
    expect(json).not.toHaveProperty('author');
  });

  it('a story body that tries scripts, javascript: links and data: images comes out inert in every format', async () => {
    const scope = scopeOf('en', 'section', 'hostile');
    expect(scope.stories.map((s) => s.code)).toEqual([hostile.code]);
    for (const { file, format } of FORMATS) {
      const text = (await get(`${scope.base}/${file}`)).text;
      const [item] = (await parseWithBoth(format, text)).feedsmith;
      const body = item?.body ?? '';
      expect(body, format).toContain('this link');
      expect(body, format).not.toMatch(/javascript:/i);
      expect(body, format).not.toMatch(/<script/i);
      expect(body, format).toContain('&lt;script&gt;alert("feed reader")&lt;/script&gt; was typed');
      expect(body, format).not.toMatch(/src="data:/);
      expect(body, format).toContain('<img alt="An image that must lose its data: address" />');
      expect(body, format).toContain(`href="${PUBLIC_URL}/en/section/politics"`);
      // Only the allow-listed tags remain: the page's wrapper div, classes and lazy-loading are gone.
      expect(body, format).not.toMatch(/<div|class=|loading=/);
    }
  });

  it('a story with a licence credit carries the attribution in its feed body', async () => {
    const text = (await get('/en/feed.json')).text;
    const feed = JSON.parse(text) as { items: Array<{ id: string; content_html?: string }> };
    const credited = fixture.english.find((s) => s.code !== fixture.seed.code);
    const item = feed.items.find((i) => i.id === `${itemIdPrefix.en}${credited?.code}`);
    expect(item?.content_html).toContain('FLORES-200 (NLLB Team, Meta AI) via SIB-200');
    expect(item?.content_html).toContain('<a href="https://github.com/dadelani/sib-200">Source</a>');
  });

  it('headlines with quotes, ampersands and angle brackets survive every format', async () => {
    const story = fixture.markup;
    for (const { format, file } of FORMATS) {
      const { tagSlug } = { tagSlug: story.tags[0]?.slug ?? '' };
      const readings = await parseWithBoth(format, (await get(`/en/tag/${tagSlug}/${file}`)).text);
      for (const [parser, items] of Object.entries(readings)) {
        const item = items.find((i) => i.link === `${PUBLIC_URL}${story.path}`);
        expect(item?.title, `${parser} ${format}`).toBe(story.headline);
        expect(item?.teaser, `${parser} ${format}`).toBe(story.teaser);
      }
    }
  });

  it('an edition without full text in feeds sends teasers only, and its feeds change ETag', async () => {
    const before = await get('/en/feed.atom');
    const etagBefore = before.headers.get('etag');
    await site.services.editions.updateSettings(commandLineActor, 'en', { hasFullTextFeeds: false });
    try {
      const atom = await get('/en/feed.atom');
      expect(atom.headers.get('etag')).not.toBe(etagBefore);
      const entries = parseAtomFeed(atom.text).entries ?? [];
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.content === undefined)).toBe(true);
      expect(entries.every((e) => textOf(e.summary) !== '')).toBe(true);

      const rss = parseRssFeed((await get('/en/feed.xml')).text);
      expect(rss.items?.every((i) => i.content?.encoded === undefined)).toBe(true);

      const json = JSON.parse((await get('/en/feed.json')).text) as { items: Array<{ content_html?: string; content_text?: string; summary?: string }> };
      expect(json.items.every((i) => i.content_html === undefined && typeof i.content_text === 'string' && i.content_text !== '')).toBe(true);
    } finally {
      await site.services.editions.updateSettings(commandLineActor, 'en', { hasFullTextFeeds: true });
    }
  });

  describe('conditional GET', () => {
    it.each(FORMATS)('answers 304 to a matching If-None-Match or If-Modified-Since ($format)', async ({ file }) => {
      const first = await get(`/fa/${file}`);
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag');
      const lastModified = first.headers.get('last-modified');
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(Date.parse(lastModified ?? '')).not.toBeNaN();

      const byTag = await get(`/fa/${file}`, { headers: { 'if-none-match': etag ?? '' } });
      expect(byTag.status).toBe(304);
      expect(byTag.text).toBe('');
      expect(byTag.headers.get('etag')).toBe(etag);

      const byDate = await get(`/fa/${file}`, { headers: { 'if-modified-since': lastModified ?? '' } });
      expect(byDate.status).toBe(304);

      const otherTag = await get(`/fa/${file}`, { headers: { 'if-none-match': '"something-else"', 'if-modified-since': lastModified ?? '' } });
      expect(otherTag.status, 'If-None-Match decides when present').toBe(200);

      const olderCopy = await get(`/fa/${file}`, { headers: { 'if-modified-since': new Date(Date.parse(lastModified ?? '') - 1000).toUTCString() } });
      expect(olderCopy.status).toBe(200);
    });

    it('a changed story makes the old validators stale, and keeps its item id under a new slug', async () => {
      const first = await get('/fa/feed.json');
      const etag = first.headers.get('etag') ?? '';
      const lastModified = first.headers.get('last-modified') ?? '';
      const story = fixture.persian[0];
      if (!story) throw new Error('no Persian story');
      const NEW_HEADLINE = 'تیتر تازهٔ این خبر';
      // One second on, so that Last-Modified (whole seconds) moves too.
      await site.services.stories.save(
        {
          editionCode: 'fa',
          code: story.code,
          headline: NEW_HEADLINE,
          body: story.paragraphs.map(paragraph),
          status: 'published',
          publishedAt: story.publishedAt,
          section: story.section,
          tags: story.tags.map((t) => ({ name: t.name })),
          authors: story.authors,
        },
        new Date(Date.now() + 1000),
      );
      const byTag = await get('/fa/feed.json', { headers: { 'if-none-match': etag } });
      expect(byTag.status).toBe(200);
      expect(byTag.headers.get('etag')).not.toBe(etag);
      const byDate = await get('/fa/feed.json', { headers: { 'if-modified-since': lastModified } });
      expect(byDate.status).toBe(200);
      const items = (JSON.parse(byTag.text) as { items: Array<{ id: string; url: string; title: string }> }).items;
      const item = items.find((i) => i.id === `${itemIdPrefix.fa}${story.code}`);
      expect(item?.title).toBe(NEW_HEADLINE);
      expect(item?.url, 'the slug follows the new headline').not.toBe(`${PUBLIC_URL}${story.path}`);
    });
  });

  it.each([
    '/en/section/no-such-section/feed.xml',
    '/en/tag/no-such-tag/feed.atom',
    '/en/author/nobody-at-all/feed.json',
    '/xx/feed.xml',
  ])('%s is not found', async (path) => {
    expect((await get(path)).status).toBe(404);
  });
});
