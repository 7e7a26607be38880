import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { testEngines } from '../support/engines.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The content API as an integration sees it: only what readers can see, cursor pages that hold still while
 * the newsroom publishes, trimmed payloads, conditional GETs from the page cache.
 */
describe.each(testEngines())('content API on %s', (engine) => {
  let site: TestSite;
  const clock = new ManualClock(new Date('2026-03-10T12:00:00.000Z'));

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers are read as a client would, field by field
  async function json(path: string, init?: RequestInit): Promise<{ status: number; body: any; headers: Headers }> {
    const response = await site.get(path, init);
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
  }

  async function publish(headline: string, publishedAt: string, extra: { section?: string; tags?: string[]; authors?: string[] } = {}): Promise<number> {
    const saved = await site.services.stories.save({
      editionCode: 'en',
      headline,
      body: [paragraph(`${headline}: the first paragraph.`)],
      status: 'published',
      publishedAt,
      section: extra.section ? { name: extra.section } : null,
      tags: (extra.tags ?? []).map((name) => ({ name })),
      authors: extra.authors,
    });
    return saved.code;
  }

  beforeAll(async () => {
    site = await startTestSite(engine, { clock, apiAnonymousPerMinute: 1000 });
    await publish('Harbour Bridge Reopens After Repairs', '2026-03-01T08:00:00.000Z', { section: 'City', tags: ['Transport'], authors: ['Mira Okafor'] });
    await publish('Council Votes On The Budget', '2026-03-02T08:00:00.000Z', { section: 'Politics', tags: ['Budget'], authors: ['Mira Okafor'] });
    await publish('Rain Expected Over The Weekend', '2026-03-03T08:00:00.000Z', { section: 'City', tags: ['Weather'] });
    await publish('Library Extends Its Hours', '2026-03-04T08:00:00.000Z', { section: 'City' });
    await publish('Ferry Timetable Changes In April', '2026-03-05T08:00:00.000Z', { section: 'City', tags: ['Transport'] });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('lists an edition’s published stories newest first, with bodies as blocks and as HTML', async () => {
    const { status, body, headers } = await json('/api/v1/stories?edition=en');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/json');
    expect(body.items.map((s: { headline: string }) => s.headline).slice(0, 2)).toEqual(['Ferry Timetable Changes In April', 'Library Extends Its Hours']);
    const ferry = body.items[0];
    expect(ferry.body).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'Ferry Timetable Changes In April: the first paragraph.' }] }]);
    expect(ferry.bodyHtml).toContain('<p>Ferry Timetable Changes In April: the first paragraph.</p>');
    expect(ferry.url).toBe(`http://dateline.test/en/news/${ferry.code}/${ferry.slug}`);
    expect(ferry.section).toEqual({ slug: 'city', name: 'City' });
    expect(body.nextCursor).toBeNull();
  });

  it('filters by section, tag, author and days', async () => {
    const headlines = async (query: string) => (await json(`/api/v1/stories?edition=en&${query}`)).body.items.map((s: { headline: string }) => s.headline);
    expect(await headlines('tag=transport')).toEqual(['Ferry Timetable Changes In April', 'Harbour Bridge Reopens After Repairs']);
    expect(await headlines('section=politics')).toEqual(['Council Votes On The Budget']);
    expect(await headlines('author=mira-okafor')).toEqual(['Council Votes On The Budget', 'Harbour Bridge Reopens After Repairs']);
    expect(await headlines('from=2026-03-02&to=2026-03-03')).toEqual(['Rain Expected Over The Weekend', 'Council Votes On The Budget']);
  });

  it('pages by cursor, and a story published between two pages neither repeats nor hides one', async () => {
    const first = await json('/api/v1/stories?edition=en&limit=2&fields=headline');
    expect(first.body.items).toEqual([{ headline: 'Ferry Timetable Changes In April' }, { headline: 'Library Extends Its Hours' }]);
    expect(first.headers.get('link')).toContain('rel="next"');
    await publish('Breaking: Storm Closes The Port', '2026-03-06T08:00:00.000Z');
    const second = await json(`/api/v1/stories?edition=en&limit=2&fields=headline&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items).toEqual([{ headline: 'Rain Expected Over The Weekend' }, { headline: 'Council Votes On The Budget' }]);
    const third = await json(`/api/v1/stories?edition=en&limit=2&fields=headline&cursor=${encodeURIComponent(second.body.nextCursor)}`);
    expect(third.body).toEqual({ items: [{ headline: 'Harbour Bridge Reopens After Repairs' }], nextCursor: null });
    // The first page, asked again, shows the new story: the kept copy was dropped when it was published.
    const again = await json('/api/v1/stories?edition=en&limit=2&fields=headline');
    expect(again.body.items[0]).toEqual({ headline: 'Breaking: Storm Closes The Port' });
  });

  it('trims each story to the fields asked for, and names a field that does not exist', async () => {
    const { body } = await json('/api/v1/stories?edition=en&limit=1&fields=code,headline');
    expect(Object.keys(body.items[0]).sort()).toEqual(['code', 'headline']);
    const wrong = await json('/api/v1/stories?edition=en&fields=headline,wordcount');
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body).toMatchObject({ title: 'Bad Request', code: 'PARAMETER_INVALID', status: 400, field: 'fields' });
    expect(wrong.body.detail).toContain('wordcount');
  });

  it('refuses a parameter it does not know, a bad limit and a forged cursor with problem details naming them', async () => {
    expect((await json('/api/v1/stories?edition=en&sectoin=city')).body).toMatchObject({ title: 'Bad Request', code: 'PARAMETER_INVALID', field: 'sectoin' });
    expect((await json('/api/v1/stories?edition=en&limit=1000')).body).toMatchObject({ title: 'Bad Request', code: 'PARAMETER_INVALID', field: 'limit' });
    expect((await json('/api/v1/stories?edition=en&cursor=bm90LWEtY3Vyc29y')).body).toMatchObject({ title: 'Bad Request', code: 'PARAMETER_INVALID', field: 'cursor' });
    expect((await json('/api/v1/stories')).body).toMatchObject({ title: 'Bad Request', code: 'PARAMETER_INVALID', field: 'edition' });
    expect((await json('/api/v1/stories?edition=xx')).body).toMatchObject({ status: 404, title: 'Not Found', code: 'EDITION_UNKNOWN' });
  });

  it('answers one story whole, and 304 to a client holding the current copy until the story changes', async () => {
    const code = await publish('Museum Opens A New Wing', '2026-03-07T08:00:00.000Z', { tags: ['Culture'] });
    const first = await json(`/api/v1/stories/en/${code}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ edition: 'en', code, headline: 'Museum Opens A New Wing', tags: [{ slug: 'culture', name: 'Culture' }], notes: [] });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const unchanged = await site.get(`/api/v1/stories/en/${code}`, { headers: { 'if-none-match': etag ?? '' } });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');

    await site.services.corrections.addNote(commandLineActor, { editionCode: 'en', code, kind: 'correction', text: 'An earlier version gave the wrong opening day.' });
    const changed = await json(`/api/v1/stories/en/${code}`, { headers: { 'if-none-match': etag ?? '' } });
    expect(changed.status).toBe(200);
    expect(changed.body.notes).toEqual([expect.objectContaining({ kind: 'correction', text: 'An earlier version gave the wrong opening day.' })]);
    const corrections = await json('/api/v1/corrections?edition=en');
    expect(corrections.body.items[0]).toMatchObject({ text: 'An earlier version gave the wrong opening day.', story: { code, headline: 'Museum Opens A New Wing' } });
  });

  it('never shows a draft, a scheduled, an embargoed or an unpublished story, nor the names only they carry', async () => {
    const workflow = site.services.storyWorkflow;
    const draft = await workflow.createDraft({ editionCode: 'en', headline: 'Secret Draft About The Merger', body: [paragraph('Not yet.')], tags: ['Merger Talks'] }, commandLineActor);
    const scheduled = await workflow.createDraft({ editionCode: 'en', headline: 'Scheduled Story For Tomorrow', body: [paragraph('Tomorrow.')] }, commandLineActor);
    await workflow.schedule(scheduled.id, '2026-03-11T06:00:00.000Z', commandLineActor);
    const embargoed = await workflow.createDraft({ editionCode: 'en', headline: 'Embargoed Results Story', body: [paragraph('Embargoed.')], embargoUntil: '2026-03-12T00:00:00.000Z' }, commandLineActor);
    await workflow.publish(embargoed.id, commandLineActor);
    await site.services.taxonomy.createSection(commandLineActor, 'en', { name: 'Courts' });
    const withdrawn = await workflow.createDraft({ editionCode: 'en', headline: 'Withdrawn Story About A Lawsuit', body: [paragraph('Withdrawn.')], section: 'Courts' }, commandLineActor);
    await workflow.publish(withdrawn.id, commandLineActor);
    await workflow.unpublish(withdrawn.id, commandLineActor);

    const hidden = ['Secret Draft About The Merger', 'Scheduled Story For Tomorrow', 'Embargoed Results Story', 'Withdrawn Story About A Lawsuit'];
    const all = JSON.stringify((await json('/api/v1/stories?edition=en&limit=100')).body);
    for (const headline of hidden) expect(all).not.toContain(headline);
    for (const story of [draft, scheduled, embargoed, withdrawn]) {
      const one = await json(`/api/v1/stories/en/${story.code}`);
      expect(one.status).toBe(404);
      expect(one.body).toMatchObject({ title: 'Not Found', code: 'STORY_NOT_FOUND' });
    }
    const found = JSON.stringify((await json('/api/v1/search?edition=en&q=story')).body);
    for (const headline of hidden) expect(found).not.toContain(headline);
    expect(JSON.stringify((await json('/api/v1/tags?edition=en')).body)).not.toContain('Merger Talks');
    expect(JSON.stringify((await json('/api/v1/sections?edition=en')).body)).not.toContain('Courts');
    expect((await json('/api/v1/tags/en/merger-talks')).body).toMatchObject({ status: 404, title: 'Not Found', code: 'TAXON_NOT_FOUND' });
    expect((await json('/api/v1/sections/en/courts')).body).toMatchObject({ status: 404, code: 'TAXON_NOT_FOUND' });
  });

  it('lists editions, sections, tags and bylines with their published stories counted', async () => {
    expect((await json('/api/v1/editions')).body.items).toContainEqual(expect.objectContaining({ code: 'en', direction: 'ltr', url: 'http://dateline.test/en/' }));
    expect((await json('/api/v1/sections?edition=en')).body.items).toContainEqual({ slug: 'city', name: 'City', description: '', storyCount: 4 });
    expect((await json('/api/v1/tags?edition=en')).body.items).toContainEqual({ slug: 'transport', name: 'Transport', description: '', storyCount: 2 });
    expect((await json('/api/v1/authors')).body.items).toContainEqual(expect.objectContaining({ slug: 'mira-okafor', name: 'Mira Okafor', storyCount: 2 }));
  });

  it('searches published stories', async () => {
    const { status, body } = await json('/api/v1/search?edition=en&q=ferry');
    expect(status).toBe(200);
    expect(body.items.map((hit: { headline: string }) => hit.headline)).toEqual(['Ferry Timetable Changes In April']);
  });

  /** Asks twice and says whether the second answer came from the page cache, and what it was. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as json() above
  async function askTwice(path: string): Promise<{ isKept: boolean; body: any }> {
    await json(path);
    const hitsBefore = site.app.pageCache.stats().hits;
    const second = await json(path);
    expect(second.status, path).toBe(200);
    return { isKept: site.app.pageCache.stats().hits - hitsBefore === 1 && site.app.pageCache.peek(`api ${path}`) !== undefined, body: second.body };
  }

  const isDropped = (path: string) => site.app.pageCache.peek(`api ${path}`) === undefined;

  it('keeps section, tag and byline answers, and drops them when a story enters one or a name changes', async () => {
    const sections = '/api/v1/sections?edition=en';
    const politics = '/api/v1/sections/en/politics';
    const tags = '/api/v1/tags?edition=en';
    const authors = '/api/v1/authors';
    const mira = '/api/v1/authors/mira-okafor?edition=en';
    for (const path of [sections, politics, tags, authors, mira]) expect((await askTwice(path)).isKept, path).toBe(true);
    expect((await askTwice(politics)).body).toEqual({ slug: 'politics', name: 'Politics', description: '', storyCount: 1 });

    // A story readers see enters Politics, a new tag and Mira's byline: every count it changes is dropped.
    await publish('Mayor Answers Questions On Housing', '2026-03-08T08:00:00.000Z', { section: 'Politics', tags: ['Housing'], authors: ['Mira Okafor'] });
    for (const path of [sections, politics, tags, authors, mira]) expect(isDropped(path), path).toBe(true);
    expect((await json(politics)).body.storyCount).toBe(2);
    expect((await json(tags)).body.items).toContainEqual({ slug: 'housing', name: 'Housing', description: '', storyCount: 1 });
    expect((await json(mira)).body).toMatchObject({ name: 'Mira Okafor', storyCount: 3 });

    // Renaming a tag drops the lists that showed it; a story edit that files nothing elsewhere keeps the counts.
    for (const path of [tags, sections]) await askTwice(path);
    const housing = await site.services.database.db.selectFrom('tags').select('id').where('slug', '=', 'housing').executeTakeFirstOrThrow();
    await site.services.taxonomy.updateTag(commandLineActor, housing.id, { name: 'Homes', slug: 'homes' });
    expect(isDropped(tags)).toBe(true);
    expect(isDropped(sections)).toBe(false);
    expect(JSON.stringify((await json(tags)).body)).toContain('"slug":"homes","name":"Homes"');
    expect((await json('/api/v1/tags/en/housing')).body).toMatchObject({ status: 404, code: 'TAXON_NOT_FOUND' });

    // A byline renamed: its list and item answers go, and the old address no longer answers.
    await askTwice(authors);
    const author = await site.services.database.db.selectFrom('authors').select('id').where('slug', '=', 'mira-okafor').executeTakeFirstOrThrow();
    await site.services.taxonomy.updateAuthor(commandLineActor, author.id, { name: 'Mira Okafor-Bello', slug: 'mira-okafor-bello' });
    expect(isDropped(authors)).toBe(true);
    expect((await json(authors)).body.items).toContainEqual(expect.objectContaining({ slug: 'mira-okafor-bello', name: 'Mira Okafor-Bello' }));
    expect((await json(mira)).status).toBe(404);

    // A section renamed in the newsroom.
    await askTwice(politics);
    const section = await site.services.database.db.selectFrom('sections').select('id').where('slug', '=', 'politics').executeTakeFirstOrThrow();
    await site.services.taxonomy.updateSection(commandLineActor, section.id, { name: 'Politics', description: 'Councils, parliaments and elections.' });
    expect((await json(politics)).body.description).toBe('Councils, parliaments and elections.');
  });

  it('keeps search answers until a story of the edition changes', async () => {
    const path = '/api/v1/search?edition=en&q=lighthouse';
    const first = await askTwice(path);
    expect(first.isKept).toBe(true);
    expect(first.body.items).toEqual([]);
    const code = await publish('Lighthouse Keeper Retires After Forty Years', '2026-03-09T08:00:00.000Z');
    expect(isDropped(path)).toBe(true);
    const found = await askTwice(path);
    expect(found.body.items.map((hit: { code: number }) => hit.code)).toEqual([code]);
    expect(found.isKept).toBe(true);
    // A change elsewhere in the edition, which the index reflects, drops it too; another edition's does not.
    await site.services.editions.ensure('es');
    await askTwice(path);
    await site.services.stories.save({ editionCode: 'es', headline: 'El faro vuelve a abrir', body: [paragraph('El faro vuelve a abrir.')], status: 'published', publishedAt: '2026-03-09T09:00:00.000Z' });
    expect(isDropped(path)).toBe(false);
    await publish('Harbour Lights Switched To LEDs', '2026-03-09T10:00:00.000Z');
    expect(isDropped(path)).toBe(true);
  });
});
