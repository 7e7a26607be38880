import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { storyFromCorpus } from '../support/discovery-fixtures.ts';
import { testEngines } from '../support/engines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

const TANKER_HEADLINE = 'Northrop Grumman and Airbus parent EADS defeat Boeing for $40 billion US airtanker contract';
const MARKUP_HEADLINE = 'Boeing memo says <script>alert(1)</script> & "quotes" are text';
const FA_HEADLINE = 'نمایشگاه کتاب تهران با حضور ناشران ایرانی آغاز شد';

describe.each(testEngines())('search pages on %s', (engine) => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startTestSite(engine);
    const { stories, editions } = site.services;
    await editions.ensure('fa');
    await stories.save(storyFromCorpus('meantime-en-100911'));
    await stories.save({
      editionCode: 'en',
      headline: MARKUP_HEADLINE,
      body: [paragraph('A Boeing memo quoted <b>bold</b> markup and an & sign; readers must see them as typed.')],
      status: 'published',
      publishedAt: '2020-01-01T10:00:00.000Z',
      section: { name: 'Business' },
    });
    await stories.save({
      editionCode: 'fa',
      headline: FA_HEADLINE,
      body: [paragraph('در این نمایشگاه کتاب‌های تازه‌ای از یک هزار ناشر کشور عرضه می‌شود.')],
      status: 'published',
      publishedAt: '2020-05-01T08:00:00.000Z',
    });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('shows matching stories with the matched words marked', async () => {
    const response = await site.get('/en/search?q=airtanker');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<h1>Search</h1>');
    expect(html).toContain('1 story found');
    expect(html).toContain('<mark>airtanker</mark>');
    expect(html).toMatch(/<a href="\/en\/news\/\d+\/northrop-grumman[^"]*">Northrop Grumman and Airbus parent EADS defeat Boeing for \$40 billion US <mark>airtanker<\/mark> contract<\/a>/);
    expect(html).toContain('value="airtanker"');
  });

  it('escapes stored text in results: marks are the only markup', async () => {
    const html = await (await site.get('/en/search?q=memo')).text();
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;b>bold&lt;/b>');
    expect(html).toContain('<mark>memo</mark>');
  });

  it('offers a labelled search form in every page’s header, working without JavaScript', async () => {
    const html = await (await site.get('/en/')).text();
    expect(html).toMatch(/<form class="search-form" role="search" aria-label="Search stories" action="\/en\/search" method="get">/);
    expect(html).toContain('<label for="site-search-q">Search stories</label>');
    expect(html).toContain('name="q"');
  });

  it('helps the reader when the query is empty', async () => {
    const response = await site.get('/en/search');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Type one or more words to find stories.');
    expect(html).toContain('Put words in quotation marks to find an exact phrase');
    expect(html).not.toContain('stories found');
    // The page's own form replaces the header's: one search landmark.
    expect(html.match(/role="search"/g)).toHaveLength(1);
  });

  it('says when nothing was found', async () => {
    const html = await (await site.get('/en/search?q=zeppelin')).text();
    expect(html).toContain('0 stories found');
    expect(html).toContain('No published story matches your search.');
  });

  it('shows a right-to-left page in Persian, finding an Arabic-keyboard spelling', async () => {
    const response = await site.get(`/fa/search?q=${encodeURIComponent('ايراني')}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain('<h1>جست‌وجو</h1>');
    expect(html).toContain('۱ خبر پیدا شد');
    expect(html).toContain('<mark>ایرانی</mark>');
  });

  it('answers 400 with the reason when a filter is wrong', async () => {
    const badDate = await site.get('/en/search?q=boeing&from=2020-13-45');
    expect(badDate.status).toBe(400);
    expect(await badDate.text()).toContain('From: “2020-13-45” is not a date. Use the form YYYY-MM-DD.');
    const unknownSection = await site.get('/en/search?q=boeing&section=sport');
    expect(unknownSection.status).toBe(400);
    expect(await unknownSection.text()).toContain('Section: “sport” does not exist in this edition.');
    const faBad = await site.get('/fa/search?q=x&sort=oldest');
    expect(faBad.status).toBe(400);
    expect(await faBad.text()).toContain('ترتیب: «oldest» گزینهٔ درستی نیست.');
  });

  it('answers JSON with highlighted segments from the API', async () => {
    const response = await site.get('/api/en/search?q=boeing&sort=date');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as {
      total: number;
      sort: string;
      items: Array<{ headline: string; url: string; highlights: { headline: Array<{ text: string; isMatch: boolean }> } }>;
    };
    expect(body.total).toBe(2);
    expect(body.sort).toBe('date');
    expect(body.items.map((i) => i.headline)).toEqual([MARKUP_HEADLINE, TANKER_HEADLINE]);
    expect(body.items[1]?.url).toMatch(/^http:\/\/dateline\.test\/en\/news\/\d+\/northrop-grumman/);
    expect(body.items[0]?.highlights.headline).toContainEqual({ text: 'Boeing', isMatch: true });
  });

  it('answers a 400 problem naming the parameter from the API', async () => {
    const response = await site.get('/api/en/search?q=boeing&to=yesterday');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { status: number; title: string; detail: string };
    expect(problem).toMatchObject({ status: 400, code: 'SEARCH_PARAMETER_INVALID' });
    expect(problem.detail).toMatch(/^to: /);
    const range = (await (await site.get('/api/en/search?q=boeing&from=2020-02-01&to=2020-01-01')).json()) as { detail: string };
    expect(range.detail).toContain('to: 2020-01-01 is before from: 2020-02-01');
  });

  it('answers an empty query in the API with a notice, not an error', async () => {
    const body = (await (await site.get('/api/en/search?q=%20%22()')).json()) as { total: number; notices: Array<{ code: string }> };
    expect(body.total).toBe(0);
    expect(body.notices.map((n) => n.code)).toEqual(['QUERY_EMPTY']);
  });

  it.each(['"', '(', '*', 'AND OR NOT', 'NEAR(', "'; drop table stories; --", '%00', 'x'.repeat(5000), '🚀🔥', '%F0%9F%9A%80boeing'])(
    'never fails on the query %s',
    async (q) => {
      const encoded = q.includes('%') ? q : encodeURIComponent(q);
      const page = await site.get(`/en/search?q=${encoded}`);
      expect(page.status).toBe(200);
      const api = await site.get(`/api/en/search?q=${encoded}`);
      expect(api.status).toBe(200);
    },
  );
});
