import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugify } from '../../src/content/slug.ts';
import { formatInEdition, isoInEdition } from '../../src/modules/editions/edition-time.ts';
import { testEngines } from '../support/engines.ts';
import {
  DRAFT_HEADLINE,
  FLORES_CREDIT,
  MARKUP_HEADLINE,
  QUOTES_HEADLINE,
  RELATED_HEADLINE,
  loadFixtureStories,
  type FixtureStories,
  type FixtureStory,
} from '../support/fixture-stories.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';

/**
 * What a reader sees, through real HTTP on a real server, for every page type, in a left-to-right (`en`)
 * and a right-to-left (`fa`) edition, on every engine. The HTML is Preact's server output, which is
 * predictable: assertions compare exact substrings, or decoded text cut out of it with small patterns.
 */

const PUBLIC_URL = 'http://dateline.test';

/** Expected reader-visible strings, written out here rather than read from src/config, so a wrong string fails. */
const EDITIONS = {
  en: {
    language: 'en',
    direction: 'ltr',
    timeZone: 'UTC',
    storyCode: 'Story Code',
    notFoundTitle: 'Page not found',
    badRequestTitle: 'This address does not work',
    latestStories: 'Latest Stories',
    leadStory: 'Lead story',
    featuredStories: 'Featured Stories',
    comments: 'Comments',
    noComments: '0 comments',
    noCommentsYet: 'No comments yet.',
    nothingHere: 'There are no stories here yet.',
    page1: 'Page 1',
    page2: 'Page 2',
    newer: 'Newer stories',
    older: 'Older stories',
    home: 'Home',
    source: 'Source',
    by: 'By',
    archiveHeading: 'Stories of 20 November 2020',
    tagHeading: (name: string) => `Stories tagged “${name}”`,
  },
  fa: {
    language: 'fa',
    direction: 'rtl',
    timeZone: 'Asia/Tehran',
    storyCode: 'کد خبر',
    notFoundTitle: 'صفحه پیدا نشد',
    badRequestTitle: 'این نشانی درست نیست',
    latestStories: 'تازه‌ترین خبرها',
    leadStory: 'خبر اصلی',
    featuredStories: 'اخبار برگزیده',
    comments: 'نظرات',
    noComments: '۰ نظر',
    noCommentsYet: 'هنوز نظری ثبت نشده است.',
    nothingHere: 'هنوز خبری اینجا نیست.',
    page1: 'صفحه ۱',
    page2: 'صفحه ۲',
    newer: 'خبرهای جدیدتر',
    older: 'خبرهای قدیمی‌تر',
    home: 'صفحه نخست',
    source: 'منبع',
    by: 'نویسنده',
    archiveHeading: 'خبرهای ۳۰ آبان ۱۳۹۹',
    tagHeading: (name: string) => `خبرهای برچسب «${name}»`,
  },
} as const;
type EditionCode = keyof typeof EDITIONS;
const DATELINE_FORMAT = 'EEEE d MMMM yyyy - HH:mm';
const DATE_FORMAT = 'd MMMM yyyy';

// ---------------------------------------------------------------------------------------------
// Small HTML helpers: enough for Preact's predictable output, no parser dependency.

/** The markup from the first `start` up to and including the next `end`. */
function cut(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from, `"${start}" in the page`).toBeGreaterThanOrEqual(0);
  const to = html.indexOf(end, from + start.length);
  expect(to, `"${end}" after "${start}"`).toBeGreaterThan(from);
  return html.slice(from, to + end.length);
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** Decoded text content of every `<tag …>…</tag>` (no nesting of the same tag). */
function texts(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>(.*?)</${tag}>`, 'gsu'))].map((m) => decodeHtml((m[1] ?? '').replace(/<[^>]*>/gu, '')));
}

/** The decoded value of `attribute` on the first tag matching `tagPattern` (e.g. `<meta name="description"`). */
function attribute(html: string, tagStart: string, name: string): string | undefined {
  const from = html.indexOf(tagStart);
  if (from < 0) return undefined;
  // A quoted value may hold a raw `>`: the tag ends at the first `>` outside quotes.
  let end = from;
  for (let quoted = false; end < html.length && (quoted || html[end] !== '>'); end++) if (html[end] === '"') quoted = !quoted;
  const tag = html.slice(from, end + 1);
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'u').exec(tag);
  return match ? decodeHtml(match[1] ?? '') : undefined;
}

/** The byline's text and where each name links. */
function bylineOf(html: string): { text: string; links: Listed[] } {
  const byline = cut(html, '<p class="byline">', '</p>');
  const links = [...byline.matchAll(/<a href="([^"]*)" rel="author">(.*?)<\/a>/gsu)].map((m) => ({ href: decodeHtml(m[1] ?? ''), headline: decodeHtml(m[2] ?? '') }));
  return { text: visibleText(byline), links };
}

/** The story page's breadcrumb, step by step. */
function breadcrumbOf(html: string): Listed[] {
  const nav = cut(html, '<nav class="breadcrumb"', '</nav>');
  return [...nav.matchAll(/<li><a href="([^"]*)">(.*?)<\/a><\/li>/gsu)].map((m) => ({ href: decodeHtml(m[1] ?? ''), headline: decodeHtml(m[2] ?? '') }));
}

interface Listed {
  href: string;
  headline: string;
}

/**
 * The lead story and the list entries of a list page, in page order: on the home page, the top stories and
 * the latest list (the section blocks, which repeat stories of their sections, are cards of another class).
 */
function listedStories(html: string): { lead?: Listed; list: Listed[] } {
  const lead = /<article class="lead-story[^"]*"[^>]*><h2><a href="([^"]*)">(.*?)<\/a><\/h2>/su.exec(html);
  const list = [...html.matchAll(/<article class="story-summary(?: has-picture)?"><h[23]><a href="([^"]*)">(.*?)<\/a><\/h[23]>/gsu)].map((m) => ({
    href: decodeHtml(m[1] ?? ''),
    headline: decodeHtml(m[2] ?? ''),
  }));
  return { lead: lead ? { href: decodeHtml(lead[1] ?? ''), headline: decodeHtml(lead[2] ?? '') } : undefined, list };
}

const link = (story: FixtureStory): Listed => ({ href: story.path, headline: story.headline });

// ---------------------------------------------------------------------------------------------

describe.each(testEngines())('reader pages on %s', (engine) => {
  let site: TestSite;
  let fx: FixtureStories;

  interface Fetched {
    status: number;
    headers: Headers;
    html: string;
  }

  /** GET without following redirects; every HTML answer is checked for the security headers here. */
  async function get(path: string): Promise<Fetched> {
    const response = await site.get(path);
    const html = await response.text();
    const type = response.headers.get('content-type') ?? '';
    if (type.startsWith('text/html')) {
      expect(response.headers.get('x-content-type-options'), `nosniff on ${path}`).toBe('nosniff');
      expect(response.headers.get('content-security-policy'), `CSP on ${path}`).toMatch(/default-src 'self'/u);
      expect(html.startsWith('<!doctype html>'), `doctype on ${path}`).toBe(true);
      expect(html, `raw markup from content on ${path}`).not.toContain('<angle');
      expect(html, `stack trace on ${path}`).not.toContain('    at ');
    }
    return { status: response.status, headers: response.headers, html };
  }

  async function getPage(path: string, status = 200): Promise<string> {
    const page = await get(path);
    expect(page.status, path).toBe(status);
    expect(page.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control'), path).toBeTruthy();
    return page.html;
  }

  function expectFrame(html: string, edition: EditionCode) {
    const e = EDITIONS[edition];
    expect(html).toContain(`<html lang="${e.language}" dir="${e.direction}">`);
    expect(html).toContain('<header class="site-header">');
    expect(html).toMatch(new RegExp(`<a class="site-name" href="/${edition}/"><img class="site-mark" src="/assets/dateline-icon\\.[0-9a-f]{12}\\.svg" alt width="32" height="32"/>Dateline</a>`, 'u'));
    expect(html).toContain('<footer class="site-footer">');
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/site\.[0-9a-f]{12}\.css"\/>/u);
    expect(count(html, '<h1')).toBe(1);
  }

  async function expectNotFound(path: string, edition: EditionCode) {
    const html = await getPage(path, 404);
    expectFrame(html, edition);
    expect(html).toContain(`<h1>${EDITIONS[edition].notFoundTitle}</h1>`);
    expect(html).toContain(`<title>${EDITIONS[edition].notFoundTitle} – Dateline</title>`);
  }

  /** A representative published story of each edition. */
  const storyOf = (edition: EditionCode): FixtureStory => (edition === 'en' ? fx.seed : (fx.pairs[0]?.fa as FixtureStory));
  const storiesOf = (edition: EditionCode): FixtureStory[] => (edition === 'en' ? fx.english : fx.persian);
  const clock = (edition: EditionCode) => ({ language: EDITIONS[edition].language, time_zone: EDITIONS[edition].timeZone });

  beforeAll(async () => {
    site = await startTestSite(engine);
    fx = await loadFixtureStories(site.services);
  });

  afterAll(async () => {
    await site?.close();
  });

  describe('the seed story page (en)', () => {
    let html: string;
    beforeAll(async () => {
      html = await getPage(fx.seed.path);
    });

    it('answers 200 HTML in English, with one h1 holding the headline', () => {
      expect(fx.seed.path).toBe('/en/news/898945/west-plotting-to-disrupt-karabakh-ceasefire-russia');
      expectFrame(html, 'en');
      expect(texts(html, 'h1')).toEqual(['West Plotting to Disrupt Karabakh Ceasefire: Russia']);
      expect(html).toContain('<title>West Plotting to Disrupt Karabakh Ceasefire: Russia – Dateline</title>');
      expect(html).toContain(`<link rel="canonical" href="${PUBLIC_URL}${fx.seed.path}"/>`);
    });

    it('shows the seed dateline in a <time> and the story code', () => {
      expect(cut(html, '<p class="dateline">', '</p>')).toBe(
        '<p class="dateline"><time datetime="2020-11-20T11:44:00Z">Friday 20 November 2020 - 11:44</time></p>',
      );
      expect(visibleText(html)).toContain('Story Code : 898945');
    });

    it('shows every body paragraph, first to last, as imported', () => {
      const paragraphs = texts(cut(html, '<div class="story-body">', '</div>'), 'p');
      expect(paragraphs).toEqual(fx.seed.paragraphs);
      expect(paragraphs[0]).toMatch(/^"According to the information we have/u);
      expect(paragraphs.at(-1)).toBe(
        'The latest fighting, the worst in decades, erupted in late September. More than 1,000 people, including more than 100 civilians, reportedly died in the fighting.',
      );
    });

    it('keeps the seed page order: dateline, headline, code, body, related, comments, featured', () => {
      const markers = [
        '<p class="dateline">',
        '<h1>',
        '<p class="story-code">',
        '<div class="story-body">',
        '>Related Stories</h2>',
        '<section class="comments"',
        '>Featured Stories</h2>',
      ];
      const positions = markers.map((m) => html.indexOf(m));
      for (const [i, position] of positions.entries()) expect(position, markers[i]).toBeGreaterThan(0);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    });

    it('links the related story to its page, before the automatic ones', () => {
      const related = cut(html, '<section class="related-stories"', '</section>');
      const headlines = texts(related, 'h3');
      expect(headlines[0]).toBe(RELATED_HEADLINE);
      expect(headlines.length).toBeLessThanOrEqual(5);
      expect(new Set(headlines).size).toBe(headlines.length);
      expect(headlines).not.toContain('West Plotting to Disrupt Karabakh Ceasefire: Russia');
      expect(related).toContain(`<a href="${fx.relatedTarget.path}">${RELATED_HEADLINE}</a>`);
      expect(related).toContain(`<p>${fx.relatedTarget.teaser}</p>`);
    });

    it('shows the comment count, that there are none yet, and the form to add one', () => {
      const comments = cut(html, '<section class="comments"', '</section>');
      expect(comments).toContain('<h2 id="comments-heading">Comments</h2>');
      expect(comments).toContain('<p class="comment-count">0 comments</p>');
      expect(comments).toContain('<p class="comments-empty">No comments yet.</p>');
      expect(comments).toContain('<form class="comment-form" id="comment-form" method="post"');
    });

    it('shows the seed Featured Stories that are stories on the site, as links, and never a headline that leads nowhere', () => {
      const rail = cut(html, '<aside class="featured-stories"', '</aside>');
      // Two of the seed's 13 entries are stories here; the rail is filled up to 8 with the latest.
      expect(count(rail, '<li>')).toBe(8);
      expect(count(rail, '<a href=')).toBe(8);
      expect(rail).not.toContain('<span>');
      expect(rail).toContain(`<a href="${fx.seed.path}">West Plotting to Disrupt Karabakh Ceasefire: Russia</a><time datetime="2020-11-20T11:44:00Z">20 November 2020</time>`);
      expect(rail).toContain(`<a href="${fx.quotes.path}">${QUOTES_HEADLINE}</a>`);
      expect(rail).not.toContain('Ayatollah Khamenei Adviser Warns US Attack on Iran to Trigger ‘Full-Fledged’ War');
      expect(fx.seed.featured.map((f) => f.headline)).toContain('Ayatollah Khamenei Adviser Warns US Attack on Iran to Trigger ‘Full-Fledged’ War');
    });

    it('may be kept by shared caches, which ask again each time and get a 304 while it is current', async () => {
      const page = await get(fx.seed.path);
      expect(page.headers.get('cache-control')).toBe('public, no-cache');
      const etag = page.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]+"$/u);
      const again = await site.get(fx.seed.path, { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status).toBe(304);
    });
  });

  describe('a story page in the right-to-left edition (fa)', () => {
    let story: FixtureStory;
    let html: string;
    beforeAll(async () => {
      story = storyOf('fa');
      html = await getPage(story.path);
    });

    it('answers 200 HTML in Persian, right to left, with one h1', () => {
      expectFrame(html, 'fa');
      expect(texts(html, 'h1')).toEqual([story.headline]);
      expect(html).toContain(`<title>${story.headline} – Dateline</title>`);
      expect(html).toContain(`<link rel="canonical" href="${PUBLIC_URL}${story.path}"/>`);
      expect(html).toContain('<a class="skip-link" href="#content">رفتن به محتوا</a>');
    });

    it('formats the dateline on the Tehran wall clock, in the Solar Hijri calendar with Persian digits', () => {
      // The first Persian story is published on 20 November 2020 at 08:00 Tehran time.
      expect(cut(html, '<p class="dateline">', '</p>')).toBe(
        '<p class="dateline"><time datetime="2020-11-20T08:00:00+03:30">جمعه ۳۰ آبان ۱۳۹۹ - ۰۸:۰۰</time></p>',
      );
      expect(formatInEdition(story.publishedAt, DATELINE_FORMAT, clock('fa'))).toBe('جمعه ۳۰ آبان ۱۳۹۹ - ۰۸:۰۰');
    });

    it('shows the Persian story code label, byline, section, tags, credit and comments', () => {
      const text = visibleText(html);
      expect(text).toContain(`کد خبر : ${story.code}`);
      expect(cut(html, '<p class="story-code">', '</p>')).toBe(`<p class="story-code">کد خبر : <span>${story.code}</span></p>`);
      const byline = bylineOf(html);
      expect(byline.text).toBe(`نویسنده ${story.authors.join(', ')}`);
      expect(byline.links.map((l) => l.headline)).toEqual(story.authors);
      for (const l of byline.links) expect(l.href).toMatch(/^\/fa\/author\/[^/]+$/u);
      expect(story.section).not.toBeNull();
      expect(breadcrumbOf(html)).toEqual([
        { href: '/fa/', headline: 'صفحه نخست' },
        { href: `/fa/section/${encodeURIComponent(story.section?.slug ?? '')}`, headline: story.section?.name },
      ]);
      for (const tag of story.tags) expect(html).toContain(`<a href="/fa/tag/${encodeURIComponent(tag.slug)}" rel="tag">${tag.name}</a>`);
      // CC BY-SA asks for a link to the licence, not only its address as text.
      expect(html).toContain(
        `<p class="story-credit"><a href="${FLORES_CREDIT.url}">منبع</a>: <a href="${FLORES_CREDIT.licenseUrl}" rel="license">${FLORES_CREDIT.text}</a></p>`,
      );
      const comments = cut(html, '<section class="comments"', '</section>');
      expect(comments).toContain('<h2 id="comments-heading">نظرات</h2>');
      expect(comments).toContain('<p class="comment-count">۰ نظر</p>');
      expect(comments).toContain('<p class="comments-empty">هنوز نظری ثبت نشده است.</p>');
    });

    it('shows every body paragraph, in order, and the page parts in the seed order', () => {
      expect(texts(cut(html, '<div class="story-body">', '</div>'), 'p')).toEqual(story.paragraphs);
      const markers = ['<p class="dateline">', '<h1>', '<p class="story-code">', '<div class="story-body">', '<section class="comments"', '>اخبار برگزیده</h2>'];
      const positions = markers.map((m) => html.indexOf(m));
      for (const [i, position] of positions.entries()) expect(position, markers[i]).toBeGreaterThan(0);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    });

    it('fills the Featured Stories rail with the latest Persian stories, dated in Persian', () => {
      const rail = cut(html, '<aside class="featured-stories"', '</aside>');
      const latest = fx.persian.slice(0, 8);
      expect(count(rail, '<li>')).toBe(8);
      for (const item of latest) {
        const date = `<time datetime="${isoInEdition(item.publishedAt, clock('fa'))}">${formatInEdition(item.publishedAt, DATE_FORMAT, clock('fa'))}</time>`;
        expect(rail).toContain(`<a href="${item.path}">${item.headline}</a>${date}`);
      }
      expect(rail).toContain('۳۰ آبان ۱۳۹۹</time>');
    });
  });

  describe.each(['en', 'fa'] as const)('a translated story page in %s', (edition) => {
    it('prints every label in the edition’s language and every date on its clock', async () => {
      const e = EDITIONS[edition];
      const pair = fx.pairs[0];
      if (!pair) throw new Error('the fixture has no translation pair');
      const story = pair[edition];
      const html = await getPage(story.path);
      expectFrame(html, edition);
      expect(visibleText(html)).toContain(`${e.storyCode} : ${story.code}`);
      expect(bylineOf(html).text).toBe(`${e.by} ${story.authors.join(', ')}`);
      for (const author of bylineOf(html).links) expect(visibleText(await getPage(author.href))).toContain(`${e.by} ${author.headline}`);
      expect(html).toContain(`<a href="${FLORES_CREDIT.url}">${e.source}</a>: `);
      expect(html).toContain(`<h2 id="comments-heading">${e.comments}</h2>`);
      expect(html).toContain(`<p class="comment-count">${e.noComments}</p>`);
      expect(html).toContain(`<p class="comments-empty">${e.noCommentsYet}</p>`);
      expect(html).toContain(`<h2 id="featured-stories-heading">${e.featuredStories}</h2>`);
      expect(html).toContain(`<li><a href="/${edition}/">${e.home}</a></li>`);
      expect(html).toContain(
        `<time datetime="${isoInEdition(story.publishedAt, clock(edition))}">${formatInEdition(story.publishedAt, DATELINE_FORMAT, clock(edition))}</time>`,
      );
      expect(texts(cut(html, '<div class="story-body">', '</div>'), 'p')).toEqual(story.paragraphs);
    });
  });

  describe.each(['en', 'fa'] as const)('story URLs in %s', (edition) => {
    it('redirects a URL without slug, or with a wrong or stale slug, to the canonical path (301)', async () => {
      const story = storyOf(edition);
      for (const path of [`/${edition}/news/${story.code}`, `/${edition}/news/${story.code}/`, `/${edition}/news/${story.code}/wrong-slug`, `/${edition}/news/${story.code}/${story.slug.slice(0, 10)}`]) {
        const page = await get(path);
        expect(page.status, path).toBe(301);
        expect(page.headers.get('location'), path).toBe(story.path);
      }
    });

    it('answers every story of the edition at its canonical path', async () => {
      for (const story of storiesOf(edition)) {
        const html = await getPage(story.path);
        expect(texts(html, 'h1'), story.path).toEqual([story.headline]);
      }
    });

    it('answers an unknown story code with the 404 page in the edition’s language', async () => {
      await expectNotFound(`/${edition}/news/1`, edition);
      await expectNotFound(`/${edition}/news/1/some-slug`, edition);
      await expectNotFound(`/${edition}/news/999999999999999`, edition);
    });

    it('answers a code that is not a positive whole number with 404', async () => {
      for (const code of ['abc', '0', '-1', '1.5', '0898945', '99999999999999999999', '%D9%A1']) {
        await expectNotFound(`/${edition}/news/${code}`, edition);
      }
    });

    it('answers an unknown path in the edition with the 404 page in its language', async () => {
      await expectNotFound(`/${edition}/no-such-page`, edition);
      await expectNotFound(`/${edition}/news`, edition);
      await expectNotFound(`/${edition}/section/no-such-section`, edition);
      await expectNotFound(`/${edition}/tag/no-such-tag`, edition);
    });
  });

  describe('edition and site URLs', () => {
    it('answers an unknown edition with the English 404 page', async () => {
      await expectNotFound('/xx/', 'en');
      await expectNotFound('/xx', 'en');
      await expectNotFound(`/xx/news/${fx.seed.code}/${fx.seed.slug}`, 'en');
      await expectNotFound('/es/', 'en'); // a preset that was never created is no edition
    });

    it('does not serve a story under another edition’s prefix', async () => {
      const faOnly = fx.draft.publishedIn;
      await expectNotFound(`/fa/news/${fx.seed.code}/${fx.seed.slug}`, 'fa');
      await expectNotFound(`/fa/news/${fx.markup.code}`, 'fa');
      expect((await get(faOnly.path)).status).toBe(200);
    });

    it('answers an unknown path with the 404 page', async () => {
      await expectNotFound('/no/such/page', 'en');
      await expectNotFound('/favicon.ico', 'en');
    });

    it('redirects / to the English home page and /{edition} to /{edition}/', async () => {
      const root = await get('/');
      expect([301, 302, 307, 308]).toContain(root.status);
      expect(root.headers.get('location')).toBe('/en/');
      for (const edition of ['en', 'fa']) {
        const bare = await get(`/${edition}`);
        expect(bare.status).toBe(301);
        expect(bare.headers.get('location')).toBe(`/${edition}/`);
      }
    });

    it('serves the stylesheet the pages link to, cacheable for a year', async () => {
      const html = await getPage('/en/');
      const href = /<link rel="stylesheet" href="([^"]+)"\/>/u.exec(html)?.[1] ?? '';
      expect(href).toMatch(/^\/assets\/site\.[0-9a-f]{12}\.css$/u);
      expect(await getPage('/fa/')).toContain(`<link rel="stylesheet" href="${href}"/>`);
      const css = await get(href);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(css.headers.get('cache-control')).toContain('immutable');
      expect(css.headers.get('cache-control')).toContain('max-age=31536000');
      expect(css.headers.get('x-content-type-options')).toBe('nosniff');
      expect(css.html.length).toBeGreaterThan(100);
      // Another hash is another file: not found, not this one.
      expect((await get('/assets/site.000000000000.css')).status).toBe(404);
    });

    it('answers /healthz with JSON naming the engine', async () => {
      const health = await get('/healthz');
      expect(health.status).toBe(200);
      expect(health.headers.get('content-type')).toMatch(/^application\/json/u);
      expect(health.headers.get('cache-control')).toBe('no-store');
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');
      expect(JSON.parse(health.html)).toEqual({ status: 'ok', engine });
    });
  });

  describe.each(['en', 'fa'] as const)('the home page of %s', (edition) => {
    const e = EDITIONS[edition];

    it('shows the newest story as lead, then four top stories, then the latest stories, and a link to page 2', async () => {
      const stories = storiesOf(edition);
      expect(stories.length).toBeGreaterThan(20);
      const html = await getPage(`/${edition}/`);
      expectFrame(html, edition);
      expect(html).toContain('<h1 class="visually-hidden">Dateline</h1>');
      expect(html).toContain('<title>Dateline – Dateline</title>');
      expect(html).toContain(`<link rel="canonical" href="${PUBLIC_URL}/${edition}/"/>`);
      expect(html).toContain(`<article class="lead-story" aria-label="${e.leadStory}">`);
      expect(html).toContain(`<h2 id="latest-stories-heading">${e.latestStories}</h2>`);
      const { lead, list } = listedStories(html);
      expect(lead).toEqual(link(stories[0] as FixtureStory));
      expect(listedStories(cut(html, '<section class="top-stories"', '</section>')).list).toEqual(stories.slice(1, 5).map(link));
      expect(listedStories(cut(html, '<section class="latest-stories"', '</section>')).list).toEqual(stories.slice(5, 20).map(link));
      expect(list).toEqual(stories.slice(1, 20).map(link));
      // Search engines and link previews are told what the page leads with.
      expect(attribute(html, '<meta name="description"', 'content')?.startsWith((stories[0] as FixtureStory).headline.slice(0, 40))).toBe(true);
      const pagination = cut(html, '<nav class="pagination"', '</nav>');
      expect(pagination).toContain(`<span aria-current="page">${e.page1}</span>`);
      expect(pagination).toContain(`<a href="/${edition}/?page=2" rel="next">${e.older}</a>`);
      expect(pagination).not.toContain('rel="prev"');
      const lead0 = stories[0] as FixtureStory;
      expect(cut(html, '<article class="lead-story"', '</article>')).toContain(
        `<time datetime="${isoInEdition(lead0.publishedAt, clock(edition))}">${formatInEdition(lead0.publishedAt, DATE_FORMAT, clock(edition))}</time>`,
      );
    });

    it('shows the remaining stories on page 2, with no lead', async () => {
      const stories = storiesOf(edition);
      const html = await getPage(`/${edition}/?page=2`);
      expect(html).toContain(`<title>Dateline – ${e.page2} – Dateline</title>`);
      expect(html).toContain(`<link rel="canonical" href="${PUBLIC_URL}/${edition}/?page=2"/>`);
      const { lead, list } = listedStories(html);
      expect(lead).toBeUndefined();
      expect(list).toEqual(stories.slice(20, 40).map(link));
      const pagination = cut(html, '<nav class="pagination"', '</nav>');
      expect(pagination).toContain(`<a href="/${edition}/" rel="prev">${e.newer}</a>`);
      expect(pagination).toContain(`<span aria-current="page">${e.page2}</span>`);
      expect(pagination).not.toContain('rel="next"');
    });

    it('answers a page past the end with 404 and a malformed page number with 400', async () => {
      await expectNotFound(`/${edition}/?page=999`, edition);
      for (const page of ['abc', '0', '-1', '1.5', '', '2abc', '9999999']) {
        const html = await getPage(`/${edition}/?page=${page}`, 400);
        expectFrame(html, edition);
        expect(html).toContain(`<h1>${e.badRequestTitle}</h1>`);
      }
    });

    it('never lists the draft', async () => {
      for (const path of [`/${edition}/`, `/${edition}/?page=2`]) {
        const html = await getPage(path);
        expect(html).not.toContain(DRAFT_HEADLINE);
        expect(html).not.toContain(`/en/news/${fx.draft.code}/`);
      }
    });
  });

  describe('section pages', () => {
    it('lists an English section’s stories, newest first, without the draft', async () => {
      const html = await getPage('/en/section/politics');
      expectFrame(html, 'en');
      expect(texts(html, 'h1')).toEqual(['Politics']);
      expect(html).toContain('<title>Politics – Dateline</title>');
      const expected = fx.english.filter((s) => s.section?.slug === 'politics');
      expect(expected.length).toBeGreaterThan(2);
      expect(listedStories(html).list).toEqual(expected.map(link));
      expect(html).not.toContain(DRAFT_HEADLINE);
      expect(html).toContain('<span class="story-section"> · Politics</span>');
    });

    it('lists a Persian section at its percent-encoded Persian slug', async () => {
      const story = storyOf('fa');
      const section = story.section;
      if (!section) throw new Error('the fixture story has no section');
      expect(section.slug).toMatch(/^[\u0600-\u06ff-]+$/u);
      const html = await getPage(`/fa/section/${encodeURIComponent(section.slug)}`);
      expectFrame(html, 'fa');
      expect(texts(html, 'h1')).toEqual([section.name]);
      expect(listedStories(html).list).toEqual(fx.persian.filter((s) => s.section?.slug === section.slug).map(link));
      expect(html).toContain(`<li><a href="/fa/section/${encodeURIComponent(section.slug)}">${section.name}</a></li>`);
    });

    it('lists the sections in the site navigation of every page, in the edition', async () => {
      const html = await getPage('/en/');
      const nav = cut(html, '<nav class="site-sections"', '</nav>');
      expect(nav).toContain('<li><a href="/en/">Home</a></li>');
      expect(nav).toContain('<li><a href="/en/section/politics">Politics</a></li>');
      expect(nav).not.toContain('/fa/');
      const fa = cut(await getPage('/fa/'), '<nav class="site-sections"', '</nav>');
      expect(fa).toContain('<li><a href="/fa/">صفحه نخست</a></li>');
      expect(fa).not.toContain('/en/');
    });
  });

  describe('tag pages', () => {
    it('lists an English tag’s stories, without the draft', async () => {
      const html = await getPage('/en/tag/syria');
      expectFrame(html, 'en');
      expect(texts(html, 'h1')).toEqual(['Stories tagged “Syria”']);
      expect(listedStories(html).list).toEqual([link(fx.quotes), link(fx.relatedTarget)]);
      expect(html).not.toContain(DRAFT_HEADLINE);
    });

    it('pages a tag with more than 20 stories', async () => {
      const tagged = fx.english.filter((s) => s.tags.some((t) => t.slug === 'politics'));
      const first = await getPage('/en/tag/politics');
      const expected = tagged.slice(0, 20).map(link);
      expect(listedStories(first).list).toEqual(expected);
      if (tagged.length > 20) expect(first).toContain('<a href="/en/tag/politics?page=2" rel="next">');
      else expect(first).not.toContain('<nav class="pagination"');
    });

    it('lists a Persian story’s tag, with the Persian heading', async () => {
      const story = storyOf('fa');
      const tag = story.tags[0];
      if (!tag) throw new Error('the fixture story has no tag');
      const html = await getPage(`/fa/tag/${encodeURIComponent(tag.slug)}`);
      expectFrame(html, 'fa');
      expect(texts(html, 'h1')).toEqual([EDITIONS.fa.tagHeading(tag.name)]);
      expect(listedStories(html).list).toEqual(fx.persian.filter((s) => s.tags.some((t) => t.slug === tag.slug)).map(link));
    });
  });

  describe.each(['en', 'fa'] as const)('day archive of %s', (edition) => {
    const e = EDITIONS[edition];

    it('lists the stories of 20 November 2020 in the edition’s zone', async () => {
      const html = await getPage(`/${edition}/archive/2020/11/20`);
      expectFrame(html, edition);
      expect(texts(html, 'h1')).toEqual([e.archiveHeading]);
      const expected = storiesOf(edition).filter((s) => s.day === '2020/11/20');
      expect(expected.length).toBeGreaterThan(1);
      expect(listedStories(html).list).toEqual(expected.map(link));
      if (edition === 'en') expect(listedStories(html).list).toContainEqual(link(fx.seed));
      expect(html).not.toContain(DRAFT_HEADLINE);
    });

    it('shows the empty text for a day without stories', async () => {
      const html = await getPage(`/${edition}/archive/${fx.emptyDay}`);
      expectFrame(html, edition);
      expect(html).toContain(`<p>${e.nothingHere}</p>`);
      expect(listedStories(html).list).toEqual([]);
    });

    it('answers impossible or malformed days with 404', async () => {
      for (const day of ['2020/02/30', '2020/1/5', '2020/13/01', '2020/11/32', '2020/00/10', '20/11/20', 'abcd/11/20']) {
        await expectNotFound(`/${edition}/archive/${day}`, edition);
      }
      await expectNotFound(`/${edition}/archive/2020/11`, edition);
    });
  });

  describe('headlines with quotes, apostrophes and markup characters', () => {
    it('renders the Syria headline intact on its page: h1, title, description, canonical', async () => {
      const html = await getPage(fx.quotes.path);
      expect(fx.quotes.path).toBe(`/en/news/${fx.quotes.code}/syria-condemns-pompeos-provocative-visit-to-israeli-occupied-golan-heights`);
      expect(html).toContain(`<h1>${QUOTES_HEADLINE}</h1>`);
      expect(html).toContain(`<title>${QUOTES_HEADLINE} – Dateline</title>`);
      expect(html).toContain(`<meta name="description" content="${QUOTES_HEADLINE}"/>`);
      expect(attribute(html, '<link rel="canonical"', 'href')).toBe(`${PUBLIC_URL}${fx.quotes.path}`);
      expect(breadcrumbOf(html)).toEqual([
        { href: '/en/', headline: 'Home' },
        { href: '/en/section/politics', headline: 'Politics' },
      ]);
      expect(bylineOf(html).text).toBe(`By ${fx.quotes.authors.join(', ')}`);
      expect(html).toContain(`<a href="${FLORES_CREDIT.url}">Source</a>: <a href="${FLORES_CREDIT.licenseUrl}" rel="license">${FLORES_CREDIT.text}</a>`);
    });

    it('renders the Syria headline intact on every list page and rail that shows it', async () => {
      const expected = `<a href="${fx.quotes.path}">${QUOTES_HEADLINE}</a>`;
      for (const path of ['/en/', '/en/section/politics', '/en/tag/syria', '/en/archive/2020/11/20', fx.seed.path]) {
        expect(await getPage(path), path).toContain(expected);
      }
      expect(listedStories(await getPage('/en/')).lead).toEqual(link(fx.quotes));
    });

    it('escapes "double" quotes & <angle brackets> everywhere, and shows them as written', async () => {
      const html = await getPage(fx.markup.path);
      expect(html).toContain('&quot;double&quot; quotes &amp; &lt;angle brackets');
      expect(texts(html, 'h1')).toEqual([MARKUP_HEADLINE]);
      expect(texts(html, 'title')).toEqual([`${MARKUP_HEADLINE} – Dateline`]);
      expect(attribute(html, '<meta name="description"', 'content')).toBe(fx.markup.teaser);
      expect(fx.markup.teaser).toContain('"double" quotes & <angle brackets>');
      expect(attribute(html, '<link rel="canonical"', 'href')).toBe(`${PUBLIC_URL}/en/news/${fx.markup.code}/${slugify(MARKUP_HEADLINE)}`);

      const index = fx.english.indexOf(fx.markup);
      const listPages = [index < 20 ? '/en/' : '/en/?page=2', `/en/section/${fx.markup.section?.slug ?? ''}`, `/en/archive/${fx.markup.day}`];
      for (const path of listPages) {
        const page = await getPage(path);
        expect(listedStories(page).list, path).toContainEqual(link(fx.markup));
        expect(page, path).toContain('&lt;angle brackets');
      }
    });
  });

  describe('translations', () => {
    it('links each English–Persian pair to each other with hreflang', async () => {
      expect(fx.pairs.length).toBeGreaterThan(0);
      for (const { code, en, fa } of fx.pairs) {
        expect(en.code).toBe(code);
        expect(fa.code).toBe(code);
        const enHtml = await getPage(en.path);
        expect(enHtml).toContain(`<link rel="alternate" hreflang="fa" href="${PUBLIC_URL}${fa.path}"/>`);
        expect(enHtml).toContain(`<a href="${fa.path}" lang="fa" hreflang="fa">فارسی</a>`);
        const faHtml = await getPage(fa.path);
        expect(faHtml).toContain(`<link rel="alternate" hreflang="en" href="${PUBLIC_URL}${en.path}"/>`);
        expect(faHtml).toContain(`<a href="${en.path}" lang="en" hreflang="en">English</a>`);
      }
    });

    it('links no translation from a story that has none', async () => {
      for (const story of [fx.seed, fx.quotes]) {
        const html = await getPage(story.path);
        expect(html).not.toMatch(/rel="alternate" hreflang=/);
        expect(html).not.toContain('class="story-translations"');
      }
    });

    it('never links to a draft translation', async () => {
      const html = await getPage(fx.draft.publishedIn.path);
      expect(html).not.toContain('hreflang="en" href=');
      expect(html).not.toContain(`/en/news/${fx.draft.code}`);
      expect(html).not.toContain('class="story-translations"');
    });

    it('links every edition’s home page from the footer, marking the current one', async () => {
      const footer = cut(await getPage('/fa/'), '<footer class="site-footer">', '</footer>');
      expect(footer).toContain('<a href="/en/" lang="en" hreflang="en">English</a>');
      expect(footer).toContain('<a href="/fa/" lang="fa" hreflang="fa" aria-current="page">فارسی</a>');
    });
  });

  describe('the draft', () => {
    it('answers 404 at its code, with or without its slug', async () => {
      await expectNotFound(`/en/news/${fx.draft.code}`, 'en');
      await expectNotFound(`/en/news/${fx.draft.code}/${slugify(DRAFT_HEADLINE)}`, 'en');
    });

    it('is shown on no list page or rail', async () => {
      for (const path of ['/en/', '/en/?page=2', '/en/section/politics', '/en/tag/politics', '/en/tag/syria', '/en/archive/2020/11/20', fx.seed.path, fx.quotes.path]) {
        expect(await getPage(path), path).not.toContain(DRAFT_HEADLINE);
      }
    });
  });

  describe('errors', () => {
    it('answers malformed and hostile URLs with 4xx and never a stack trace', async () => {
      const paths = [
        '/en/news/%E0%A4%A',
        '/fa/news/%E0%A4%A/%E0%A4%A',
        '/en/section/%E0%A4%A',
        '/en/section/',
        '/en/tag/',
        '/en/news/',
        '/en/archive/2020/11/',
        '/en/?page=%E0%A4%A',
        '/en/?page=1&page=2',
        '/%',
        '/en/%00',
        `/en/news/${fx.seed.code}/${'a'.repeat(600)}`,
        `/en/${'x/'.repeat(2500)}`,
        `/en/${'y'.repeat(20000)}`,
        `/en/section/${'%F0%9F%98%80'.repeat(300)}`,
      ];
      for (const path of paths) {
        const page = await get(path);
        expect(page.status, path.slice(0, 80)).toBeGreaterThanOrEqual(400);
        expect(page.status, path.slice(0, 80)).toBeLessThan(500);
        expect(page.html, path.slice(0, 80)).not.toContain('    at ');
        expect(page.html, path.slice(0, 80)).not.toMatch(/node_modules|\/src\/|\.ts:\d+/u);
      }
    });

    it('answers a JSON caller’s 404 with problem JSON', async () => {
      const response = await site.get('/en/no-such-page', { headers: { accept: 'application/json' } });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/u);
      expect(await response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });
  });
});
