import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * Sections, tags and authors managed in the newsroom, over real HTTP on both engines: an editor creates,
 * renames, hides and orders sections, renames and merges tags, and writes an author's profile. Readers see
 * the change at once (kept pages are dropped), every old address answers 301 to the new one, imports that
 * still use an old name land in what it became, and roles below editor are refused and change nothing.
 */

/** The section links of the reader site's main navigation, in order. */
function navigationSections(html: string): string[] {
  const start = html.indexOf('aria-label="Main"');
  expect(start, 'the main navigation').toBeGreaterThan(0);
  const nav = html.slice(start, html.indexOf('</nav>', start));
  return [...nav.matchAll(/href="\/en\/section\/([^"]+)"/gu)].map((m) => decodeURIComponent(m[1] ?? ''));
}

describe.each(testEngines())('sections, tags and authors on %s', (engine) => {
  let site: TestSite;
  let editor: SignedInAgent;
  let author: SignedInAgent;

  async function publish(headline: string, fields: { section?: string; tags?: string[]; authors?: string[] }) {
    return site.services.stories.save({
      editionCode: 'en',
      headline,
      body: [paragraph(`${headline}: the story.`)],
      status: 'published',
      publishedAt: '2026-11-20T09:00:00.000Z',
      section: fields.section ? { name: fields.section } : undefined,
      tags: fields.tags?.map((name) => ({ name })),
      authors: fields.authors,
    });
  }

  async function sectionId(slug: string): Promise<number> {
    const row = await site.services.database.db.selectFrom('sections').select('id').where('edition_code', '=', 'en').where('slug', '=', slug).executeTakeFirstOrThrow();
    return row.id;
  }

  async function tagId(slug: string): Promise<number> {
    const row = await site.services.database.db.selectFrom('tags').select('id').where('edition_code', '=', 'en').where('slug', '=', slug).executeTakeFirstOrThrow();
    return row.id;
  }

  /** Everything a refused request could have changed. */
  async function snapshot(): Promise<string> {
    const db = site.services.database.db;
    const [sections, tags, authors, storyTags, redirects, audit] = await Promise.all([
      db.selectFrom('sections').selectAll().orderBy('id').execute(),
      db.selectFrom('tags').selectAll().orderBy('id').execute(),
      db.selectFrom('authors').selectAll().orderBy('id').execute(),
      db.selectFrom('story_tags').selectAll().orderBy('story_id').orderBy('tag_id').execute(),
      db.selectFrom('slug_redirects').selectAll().orderBy('old_slug').execute(),
      db.selectFrom('audit_log').select(['id', 'action']).orderBy('id').execute(),
    ]);
    return JSON.stringify({ sections, tags, authors, storyTags, redirects, audit });
  }

  beforeAll(async () => {
    site = await startTestSite(engine);
    [editor, author] = await Promise.all([signInAs(site, 'editor'), signInAs(site, 'author')]);
    await publish('Markets rally on rate hopes', { section: 'Economy and business', tags: ['Markets', 'Rates'], authors: ['Jane Doe'] });
    await publish('Floods reach the coast', { section: 'World', tags: ['Weather', 'Storms'], authors: ['Sam Roe'] });
    await publish('Storm season ends early', { section: 'World', tags: ['Storm season', 'Storms'], authors: ['Sam Roe'] });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('offers editors the sections page and refuses authors, who change nothing', async () => {
    expect(await editor.html('/admin')).toContain('href="/admin/sections"');
    expect(await author.html('/admin')).not.toContain('href="/admin/sections"');
    const before = await snapshot();
    const id = await sectionId('world');
    const tag = await tagId('storms');
    for (const path of ['/admin/sections', `/admin/sections/${id}`, '/admin/tags', `/admin/tags/${tag}`, '/admin/authors']) {
      expect((await author.get(path)).status, path).toBe(403);
    }
    const attempts: Array<[string, Record<string, string>]> = [
      ['/admin/sections?edition=en', { name: 'Sport' }],
      [`/admin/sections/${id}`, { name: 'Hijacked', slug: 'hijacked', inNavigation: 'on' }],
      [`/admin/sections/${id}/move`, { direction: 'down' }],
      [`/admin/tags/${tag}`, { name: 'Hijacked' }],
      [`/admin/tags/${tag}/merge`, { into: 'weather' }],
    ];
    for (const [path, form] of attempts) expect((await author.post(path, form)).status, path).toBe(403);
    // Without the form's token, an editor's browser is refused too (a forged cross-site post).
    expect((await editor.post(`/admin/sections/${id}`, { name: 'Forged', inNavigation: 'on' }, { csrf: 'none' })).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('creates a section that goes last, and refuses a name or address already taken, at the field', async () => {
    const created = await editor.post('/admin/sections?edition=en', { name: 'Science', slug: '', description: 'Discoveries and research.', inNavigation: 'on' });
    expect(created.status).toBe(303);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/admin\/sections\/\d+\?notice=created$/u);
    expect(visibleText(await editor.html(location))).toContain('The section “Science” was created.');
    const list = decodeHtml(await editor.html('/admin/sections?edition=en'));
    const order = ['Economy and business', 'World', 'Science'].map((name) => list.indexOf(`>${name}</a>`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);

    const taken = await editor.post('/admin/sections?edition=en', { name: 'Worldwide', slug: 'world', inNavigation: 'on' });
    expect(taken.status).toBe(409);
    const html = decodeHtml(await taken.text());
    expect(html).toContain('<a href="#new-section-slug">"World" already has the address "world"; choose another.</a>');
    expect(html).toContain('value="Worldwide"');
    const empty = await editor.post('/admin/sections?edition=en', { name: '  ', inNavigation: 'on' });
    expect(empty.status).toBe(422);
    expect(decodeHtml(await empty.text())).toContain('<a href="#new-section-name">Write a name.</a>');
  });

  it('renames a section: readers see the new name at once, and every old address answers 301', async () => {
    // Kept pages first, so the rename has something to drop.
    const homeBefore = await (await site.get('/en/')).text();
    expect(navigationSections(homeBefore)).toContain('economy-and-business');
    expect((await site.get('/en/section/economy-and-business')).status).toBe(200);

    const id = await sectionId('economy-and-business');
    const saved = await editor.post(`/admin/sections/${id}`, { name: 'Business', slug: 'business', description: 'Companies and markets.', inNavigation: 'on' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/admin/sections/${id}?notice=saved`);
    await site.app.pagesSettled();

    const home = await (await site.get('/en/')).text();
    expect(navigationSections(home)).toContain('business');
    expect(navigationSections(home)).not.toContain('economy-and-business');
    const old = await site.get('/en/section/economy-and-business?page=1');
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/en/section/business?page=1');
    const oldFeed = await site.get('/en/section/economy-and-business/feed.xml');
    expect(oldFeed.status).toBe(301);
    expect(oldFeed.headers.get('location')).toBe('/en/section/business/feed.xml');
    const business = await (await site.get('/en/section/business')).text();
    expect(visibleText(business)).toContain('Markets rally on rate hopes');
    expect(business).toContain('<p class="listing-about">Companies and markets.</p>');
    // A slug nobody ever had is still a 404.
    expect((await site.get('/en/section/never-was')).status).toBe(404);

    const audit = await site.services.database.db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('action', '=', 'section.changed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(editor.user.id);
    expect(JSON.parse(audit.details)).toMatchObject({ from: 'economy-and-business', to: 'business' });

    // An import still filing under the old name lands in what it became, not in a new section.
    await publish('Bond yields fall', { section: 'Economy and business' });
    const sections = await site.services.database.db.selectFrom('sections').select('slug').where('edition_code', '=', 'en').execute();
    expect(sections.map((s) => s.slug)).not.toContain('economy-and-business');
    expect(visibleText(await (await site.get('/en/section/business')).text())).toContain('Bond yields fall');
  });

  it('hides a section from the navigation and orders the rest as editors moved them', async () => {
    await site.get('/en/');
    const world = await sectionId('world');
    const moved = await editor.post(`/admin/sections/${world}/move`, { direction: 'up' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe(`/admin/sections?edition=en&moved=${world}&direction=up#sections-caption`);
    const after = await editor.html(`/admin/sections?edition=en&moved=${world}&direction=up`);
    expect(visibleText(after)).toContain('“World” was moved.');
    await site.app.pagesSettled();
    expect(navigationSections(await (await site.get('/en/')).text())).toEqual(['world', 'business']);

    const business = await sectionId('business');
    expect((await editor.post(`/admin/sections/${business}`, { name: 'Business', slug: 'business', description: '' })).status).toBe(303);
    await site.app.pagesSettled();
    expect(navigationSections(await (await site.get('/en/')).text())).toEqual(['world']);
    // A hidden section keeps its page and its feeds.
    expect((await site.get('/en/section/business')).status).toBe(200);
    for (const feed of ['feed.xml', 'feed.atom', 'feed.json']) expect((await site.get(`/en/section/business/${feed}`)).status, feed).toBe(200);
    expect((await editor.post(`/admin/sections/${world}/move`, { direction: 'sideways' })).status).toBe(400);
  });

  it('offers the story editor the edition’s sections in order, and refuses a section nobody made, at the field', async () => {
    const form = decodeHtml(await editor.html('/admin/stories/new?edition=en'));
    const select = form.slice(form.indexOf('<select id="section"'), form.indexOf('</select>', form.indexOf('<select id="section"')));
    // An empty value is written as a bare `value` attribute.
    expect([...select.matchAll(/<option value(?:="([^"]*)")?/gu)].map((m) => m[1] ?? '')).toEqual(['', 'World', 'Business', 'Science']);
    const fields = { editionCode: 'en', headline: 'Comet seen over the bay', bodyText: 'A comet was seen over the bay.', teaser: '', tags: '', authors: '', slug: '', seoTitle: '', seoDescription: '', embargo: '' };
    const refused = await editor.post('/admin/stories', { ...fields, section: 'Astronomy' });
    expect(refused.status).toBe(422);
    expect(decodeHtml(await refused.text())).toContain('There is no section “Astronomy” in this edition: choose one from the list (editors add sections under Sections and tags).');
    expect(await site.services.database.db.selectFrom('sections').select('id').where('slug', '=', 'astronomy').executeTakeFirst()).toBeUndefined();
    // Case aside, a listed section is the one filed under.
    expect((await editor.post('/admin/stories', { ...fields, section: 'science' })).status).toBe(303);
  });

  it('renames a tag and merges another into it: stories carry it once, old addresses lead to it', async () => {
    const storms = await tagId('storms');
    const renamed = await editor.post(`/admin/tags/${storms}`, { name: 'Storms and gales', slug: 'storms-and-gales', description: '' });
    expect(renamed.status).toBe(303);
    expect((await site.get('/en/tag/storms')).headers.get('location')).toBe('/en/tag/storms-and-gales');

    const season = await tagId('storm-season');
    const unknown = await editor.post(`/admin/tags/${season}/merge`, { into: 'no such tag' });
    expect(unknown.status).toBe(422);
    expect(decodeHtml(await unknown.text())).toContain('<a href="#merge-into">No tag of this edition has that name or address.</a>');

    const merged = await editor.post(`/admin/tags/${season}/merge`, { into: 'Storms and gales' });
    expect(merged.status).toBe(303);
    expect(merged.headers.get('location')).toBe(`/admin/tags/${storms}?notice=merged`);
    const db = site.services.database.db;
    expect(await db.selectFrom('tags').select('id').where('id', '=', season).executeTakeFirst()).toBeUndefined();
    // "Storm season ends early" carried both: it keeps one, in the place it had.
    const rows = await db
      .selectFrom('story_tags as st')
      .innerJoin('stories as s', 's.id', 'st.story_id')
      .innerJoin('tags as t', 't.id', 'st.tag_id')
      .select(['s.headline', 't.slug'])
      .where('s.headline', '=', 'Storm season ends early')
      .orderBy('st.position')
      .execute();
    expect(rows.map((r) => r.slug)).toEqual(['storms-and-gales']);
    for (const old of ['/en/tag/storm-season', '/en/tag/storms']) {
      const response = await site.get(old);
      expect(response.status, old).toBe(301);
      expect(response.headers.get('location')).toBe('/en/tag/storms-and-gales');
    }
    const page = visibleText(await (await site.get('/en/tag/storms-and-gales')).text());
    expect(page).toContain('Floods reach the coast');
    expect(page).toContain('Storm season ends early');
    const audit = await db.selectFrom('audit_log').select('details').where('action', '=', 'tag.merged').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ merged: { slug: 'storm-season' }, into: { slug: 'storms-and-gales' } });
  });

  it('writes an author’s profile, refuses bad links and photos at the field, and keeps old author addresses', async () => {
    const row = await site.services.database.db.selectFrom('authors').select('id').where('slug', '=', 'sam-roe').executeTakeFirstOrThrow();
    const path = `/admin/authors/${row.id}`;
    expect(visibleText(await editor.html('/admin/authors?q=sam'))).toContain('Sam Roe');

    const badLink = await editor.post(path, { name: 'Sam Roe', slug: 'sam-roe', bio: 'Weather.', photo: '', links: 'Website javascript:alert(1)' });
    expect(badLink.status).toBe(422);
    expect(decodeHtml(await badLink.text())).toContain('<a href="#author-links">Line 1 must start with https:// or http://.</a>');
    const badPhoto = await editor.post(path, { name: 'Sam Roe', slug: 'sam-roe', bio: '', photo: '999999', links: '' });
    expect(badPhoto.status).toBe(422);
    expect(decodeHtml(await badPhoto.text())).toContain('<a href="#author-photo">There is no picture with that number in the library.</a>');

    const saved = await editor.post(path, { name: 'Samantha Roe', slug: '', bio: 'Covers weather <b>and</b> climate from the coast.', photo: '', links: 'Website https://example.org/sam\nhttps://social.example/@sam' });
    expect(saved.status).toBe(303);
    const author = await site.services.taxonomy.getAuthor(row.id);
    expect(author).toMatchObject({ name: 'Samantha Roe', slug: 'samantha-roe', bio: 'Covers weather <b>and</b> climate from the coast.' });
    expect(author.links).toEqual([
      { label: 'Website', url: 'https://example.org/sam' },
      { label: 'social.example', url: 'https://social.example/@sam' },
    ]);
    const old = await site.get('/en/author/sam-roe/feed.json');
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/en/author/samantha-roe/feed.json');
    const authorPage = await (await site.get('/en/author/samantha-roe')).text();
    expect(visibleText(authorPage)).toContain('Floods reach the coast');
    // The profile introduces the author's page: the biography as text, never as markup, and the links.
    expect(authorPage).toContain('<p class="listing-about">Covers weather &lt;b>and&lt;/b> climate from the coast.</p>');
    expect(authorPage).toContain('<a href="https://example.org/sam" rel="me noopener">Website</a>');
    expect(authorPage).toContain('<meta name="description" content="Covers weather &lt;b>and&lt;/b> climate from the coast."');
    // The form shows the stored text escaped, never as markup.
    expect(await editor.html(path)).toContain('Covers weather &lt;b>and&lt;/b> climate from the coast.');
  });
});
