import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { commandLineActor, personActor, type Actor } from '../../src/modules/accounts/account-types.ts';
import type { SavedStory } from '../../src/modules/stories/story-types.ts';
import { testEngines } from '../support/engines.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The page cache drops exactly the pages a change touches (docs/decisions/009): after each kind of change,
 * the pages that must show it do at once, and the pages that must not keep the very copy they had.
 */
describe.each(testEngines())('the page cache on %s', (engine) => {
  let site: TestSite;
  let clock: ManualClock;
  let editor: Actor;
  let politics: SavedStory;
  let sport: SavedStory;
  let persian: SavedStory;
  let seq = 0;

  const NOW = '2026-11-20T09:00:00.000Z';

  async function publish(editionCode: string, headline: string, section: string, tags: string[] = []): Promise<SavedStory> {
    return site.services.stories.save(
      {
        editionCode,
        headline,
        body: [paragraph(`${headline}: the first paragraph says what happened.`), paragraph('The second says why it matters.')],
        status: 'published',
        publishedAt: clock.now().toISOString(),
        section: { name: section },
        tags: tags.map((name) => ({ name })),
      },
      clock.now(),
    );
  }

  const storyPath = (s: SavedStory) => `/${s.editionCode}/news/${s.code}/${encodeURIComponent(s.slug)}`;

  /** Every page the tests watch, read once so that each is kept. */
  function pages() {
    return {
      enHome: '/en/',
      faHome: '/fa/',
      politicsSection: '/en/section/politics',
      sportSection: '/en/section/sport',
      electionTag: '/en/tag/election',
      politicsStory: storyPath(politics),
      sportStory: storyPath(sport),
      persianStory: storyPath(persian),
      enFeed: '/en/feed.xml',
      sportFeed: '/en/section/sport/feed.xml',
      faFeed: '/fa/feed.xml',
      corrections: '/en/corrections',
      sitemap: '/sitemap.xml',
    };
  }
  type PageName = keyof ReturnType<typeof pages>;

  /** Reads every watched page (so it is kept) and returns the kept copies. */
  async function keepAll(): Promise<Record<PageName, unknown>> {
    // Pages an earlier change dropped are being made again in the background: let that finish first.
    await site.app.pagesSettled();
    const kept = {} as Record<PageName, unknown>;
    for (const path of Object.values(pages())) {
      const response = await site.get(path);
      expect(response.status, path).toBe(200);
      await response.arrayBuffer();
    }
    await site.app.pagesSettled();
    for (const [name, path] of Object.entries(pages()) as Array<[PageName, string]>) {
      kept[name] = site.app.pageCache.peek(path);
      expect(kept[name], `${path} is kept`).toBeDefined();
    }
    return kept;
  }

  /** The watched pages whose kept copy is gone or replaced since `before`. */
  function dropped(before: Record<PageName, unknown>): PageName[] {
    return (Object.keys(before) as PageName[]).filter((name) => site.app.pageCache.peek(pages()[name]) !== before[name]).sort();
  }

  const html = async (path: string) => (await site.get(path)).text();

  beforeAll(async () => {
    clock = new ManualClock(NOW);
    site = await startTestSite(engine, { clock });
    const added = await site.services.users.addUser(commandLineActor, { email: 'eve@cache.test', displayName: 'Eve Editor', role: 'editor', password: 'correct horse battery staple' });
    editor = personActor(added.user);
    await site.services.editions.ensure('fa');
    politics = await publish('en', 'Council Votes on the Harbour Plan', 'Politics', ['Election']);
    clock.advance({ minutes: 1 });
    sport = await publish('en', 'Rowing Club Wins the Spring Regatta', 'Sport', ['Rowing']);
    clock.advance({ minutes: 1 });
    persian = await publish('fa', 'بازار شب دوباره باز می‌شود', 'اقتصاد');
    // Editors chose enough Featured Stories that the rail is not filled up with the latest ones (which
    // would rightly make every publication change every page with the rail).
    // Readers' rail shows only entries that are stories on the site, so the chosen ones are older stories.
    const older = [];
    for (let i = 1; i <= 8; i++) {
      older.push(
        await site.services.stories.save(
          {
            editionCode: 'en',
            headline: `An Older Story Worth Reading, Number ${i}`,
            body: [paragraph('An older story, still worth reading.')],
            status: 'published',
            publishedAt: `2020-11-${String(i + 1).padStart(2, '0')}T08:00:00.000Z`,
            section: { name: 'Archive' },
          },
          clock.now(),
        ),
      );
    }
    await site.services.stories.setFeatured('en', older.map((story, i) => ({ code: story.code, headline: `An Older Story Worth Reading, Number ${i + 1}`, dated: null })));
  });

  afterAll(async () => {
    await site?.close();
  });

  beforeEach(() => {
    clock.advance({ minutes: 1 });
    seq++;
  });

  it('answers the second reader from memory, compressed, with one entity tag per encoding and a 304 for a current copy', async () => {
    const path = storyPath(sport);
    await (await site.get(path)).text();
    const hitsBefore = site.app.pageCache.stats().hits;
    const br = await site.get(path, { headers: { 'accept-encoding': 'br' } });
    const gzip = await site.get(path, { headers: { 'accept-encoding': 'gzip' } });
    expect(site.app.pageCache.stats().hits - hitsBefore).toBe(2);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(await br.text()).toBe(await gzip.text());
    expect(br.headers.get('etag')).toMatch(/-br"$/u);
    expect(br.headers.get('surrogate-key')?.split(' ')).toContain(`story%3Aen%3A${sport.code}`);
    expect(br.headers.get('cache-tag')?.split(',')).toContain(`story%3Aen%3A${sport.code}`);
    expect(br.headers.get('content-security-policy')).toMatch(/default-src 'self'/u);
    const again = await site.get(path, { headers: { 'if-none-match': br.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    // Another encoding of the same body is the same page.
    const other = await site.get(path, { headers: { 'if-none-match': gzip.headers.get('etag') ?? '', 'accept-encoding': 'br' } });
    expect(other.status).toBe(304);
  });

  it('keeps the home page with the keys of every section its blocks show, and of the stories in them', async () => {
    // Five newer stories take the lead and the top stories, so that the older two are shown in their sections' blocks.
    for (let i = 1; i <= 5; i++) {
      await publish('en', `Council Hears Residents on the Harbour Plan, Evening ${i}`, 'Politics');
      clock.advance({ seconds: 10 });
    }
    const home = await site.get('/en/');
    expect(await home.text()).toContain('class="section-block"');
    const keys = (home.headers.get('surrogate-key') ?? '').split(' ').map(decodeURIComponent);
    expect(keys).toContain('list:en:section:politics');
    expect(keys).toContain('list:en:section:sport');
    expect(keys).toContain(`story:en:${politics.code}`);
    expect(keys).toContain(`story:en:${sport.code}`);
    expect(keys).not.toContain('list:fa:section:اقتصاد');
  });

  it('drops the home page when a story moves into a section its blocks show', async () => {
    const before = await keepAll();
    const editable = await site.services.storyWorkflow.getForEditing(sport.id, editor);
    await site.services.storyWorkflow.update(sport.id, { section: 'Politics' }, editable.revision, editor);
    try {
      expect(dropped(before)).toEqual(expect.arrayContaining(['enHome', 'politicsSection', 'sportSection']));
      const blocks = (await html('/en/')).split('<section class="section-block"').slice(1);
      const politicsBlock = blocks.find((block) => block.includes('<h2 id="section-block-') && block.includes('href="/en/section/politics"')) ?? '';
      expect(politicsBlock).toContain(`/en/news/${sport.code}/`);
    } finally {
      // Later tests expect the story back in its own section.
      const again = await site.services.storyWorkflow.getForEditing(sport.id, editor);
      await site.services.storyWorkflow.update(sport.id, { section: 'Sport' }, again.revision, editor);
    }
  });

  it('never keeps search results, a page with an unknown query, or a newsroom page', async () => {
    await (await site.get('/en/search?q=harbour')).text();
    await (await site.get('/en/?utm_source=x')).text();
    await (await site.get('/en/?page=1')).text();
    await (await site.get('/admin/sign-in')).text();
    expect(site.app.pageCache.peek('/en/search?q=harbour')).toBeUndefined();
    expect(site.app.pageCache.peek('/en/?utm_source=x')).toBeUndefined();
    expect(site.app.pageCache.peek('/en/?page=1')).toBeUndefined();
    expect(site.app.pageCache.peek('/admin/sign-in')).toBeUndefined();
  });

  it('a publish changes the edition’s lists, feeds and sitemaps, and nothing of the other edition or sections', async () => {
    const before = await keepAll();
    const story = await publish('en', `Harbour Plan Passes Second Reading ${seq}`, 'Politics', ['Election']);
    const changed = dropped(before);
    for (const page of ['enHome', 'politicsSection', 'electionTag', 'enFeed', 'sitemap'] as PageName[]) expect(changed, page).toContain(page);
    for (const page of ['faHome', 'faFeed', 'sportSection', 'sportFeed', 'persianStory'] as PageName[]) expect(changed, page).not.toContain(page);
    expect(await html('/en/')).toContain(story.slug);
    expect(await html('/en/section/politics')).toContain(story.slug);
    expect(await html('/en/feed.xml')).toContain(`/en/news/${story.code}/`);
    expect((await site.get(storyPath(story))).status).toBe(200);
  });

  it('an edit of a live story changes the pages showing it, and not the lists it is not in', async () => {
    const before = await keepAll();
    const editable = await site.services.storyWorkflow.getForEditing(sport.id, editor);
    await site.services.storyWorkflow.update(sport.id, { headline: `Rowing Club Wins the Regatta Again ${seq}` }, editable.revision, editor);
    const changed = dropped(before);
    for (const page of ['sportStory', 'sportSection', 'enHome', 'enFeed', 'sportFeed', 'sitemap'] as PageName[]) expect(changed, page).toContain(page);
    for (const page of ['politicsSection', 'electionTag', 'faHome', 'persianStory', 'faFeed'] as PageName[]) expect(changed, page).not.toContain(page);
    expect(await html(storyPath(sport))).toContain(`Rowing Club Wins the Regatta Again ${seq}`);
  });

  it('a draft’s saves change no page at all', async () => {
    const draft = await site.services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'A Draft Nobody Reads' }, editor);
    const before = await keepAll();
    await site.services.storyWorkflow.update(draft.id, { headline: 'Still a Draft' }, draft.revision, editor);
    expect(dropped(before)).toEqual([]);
  });

  it('unpublishing takes the story off every page at once; publishing again brings it back', async () => {
    const story = await publish('en', `Ferry Timetable Changes ${seq}`, 'Politics');
    const before = await keepAll();
    await site.services.storyWorkflow.unpublish(story.id, editor);
    const changed = dropped(before);
    for (const page of ['enHome', 'politicsSection', 'enFeed', 'sitemap'] as PageName[]) expect(changed, page).toContain(page);
    for (const page of ['sportSection', 'faHome'] as PageName[]) expect(changed, page).not.toContain(page);
    expect(await html('/en/')).not.toContain(story.slug);
    expect((await site.get(storyPath(story))).status).toBe(404);
    await site.services.storyWorkflow.backToDraft(story.id, editor);
    await site.services.storyWorkflow.publish(story.id, editor);
    expect(await html('/en/')).toContain(story.slug);
  });

  it('a correction changes the story’s page and the corrections page', async () => {
    const before = await keepAll();
    await site.services.corrections.addNote(editor, { editionCode: 'en', code: sport.code, kind: 'correction', text: `The regatta was on Saturday, not Sunday (${seq}).` }, clock.now());
    const changed = dropped(before);
    for (const page of ['sportStory', 'corrections'] as PageName[]) expect(changed, page).toContain(page);
    for (const page of ['politicsStory', 'politicsSection', 'faHome'] as PageName[]) expect(changed, page).not.toContain(page);
    expect(await html(storyPath(sport))).toContain(`not Sunday (${seq})`);
  });

  it('a change to the Featured Stories changes every page with the rail in that edition, and no feed', async () => {
    const before = await keepAll();
    await site.services.curation.addFeatured(editor, 'en', politics.code);
    const changed = dropped(before);
    for (const page of ['enHome', 'politicsStory', 'sportStory', 'politicsSection', 'sportSection'] as PageName[]) expect(changed, page).toContain(page);
    for (const page of ['enFeed', 'sportFeed', 'faHome', 'persianStory', 'sitemap'] as PageName[]) expect(changed, page).not.toContain(page);
  });

  it('choosing the lead changes the edition’s first home page only', async () => {
    const before = await keepAll();
    await site.services.curation.setLead(editor, 'en', sport.code);
    expect(dropped(before)).toEqual(['enHome']);
  });

  it('an approved comment changes its story’s page only', async () => {
    await site.services.comments.setStoryPolicy(editor, politics.id, 'post_moderated');
    const before = await keepAll();
    const token = site.services.comments.formToken('en', politics.code);
    clock.advance({ seconds: 30 });
    await site.services.comments.post({ editionCode: 'en', storyCode: politics.code, name: 'Ana', email: `ana${seq}@example.org`, body: `A fair plan for the harbour (${seq}).`, honeypot: '', formToken: token, addressHash: `address-${seq}` });
    expect(dropped(before)).toEqual(['politicsStory']);
    expect(await html(storyPath(politics))).toContain(`A fair plan for the harbour (${seq}).`);
  });

  it('an edition’s settings change all of its pages and feeds, and none of another edition’s', async () => {
    const before = await keepAll();
    const admin = await site.services.users.addUser(commandLineActor, { email: `admin${seq}@cache.test`, displayName: 'Ada Admin', role: 'admin', password: 'correct horse battery staple' });
    const current = site.services.editions.get('en').hasFullTextFeeds;
    await site.services.editions.updateSettings(personActor(admin.user), 'en', { hasFullTextFeeds: !current });
    const changed = dropped(before);
    for (const page of ['enHome', 'politicsStory', 'sportStory', 'politicsSection', 'enFeed', 'sportFeed', 'corrections'] as PageName[]) expect(changed, page).toContain(page);
    for (const page of ['faHome', 'faFeed', 'persianStory'] as PageName[]) expect(changed, page).not.toContain(page);
  });

  it('holds a scheduled story out of every page until its time, then shows it everywhere at once', async () => {
    const draft = await site.services.storyWorkflow.createDraft({ editionCode: 'en', headline: `Embargoed Budget Figures ${seq}`, body: [paragraph('The figures, in full.')], section: 'Politics' }, editor);
    const at = new Date(clock.now().getTime() + 60_000).toISOString();
    await site.services.storyWorkflow.schedule(draft.id, at, editor);
    await keepAll();
    for (const path of ['/en/', '/en/feed.xml', '/en/section/politics', `/sitemaps/en-${at.slice(0, 7)}.xml`]) expect(await html(path), path).not.toContain(`/news/${draft.code}/`);
    clock.advance({ minutes: 2 });
    const published = await new Scheduler({ workflow: site.services.storyWorkflow, clock }).runDue();
    expect(published.map((p) => p.storyId)).toEqual([draft.id]);
    // The scheduler writes through the workflow; this server hears of it by its own feed within a second.
    await site.services.changes.catchUp();
    for (const path of ['/en/', '/en/feed.xml', '/en/section/politics', `/sitemaps/en-${at.slice(0, 7)}.xml`]) expect(await html(path), path).toContain(`/news/${draft.code}/`);
  });

  it('never keeps a page made from data read before a change that was processed while it was being made', async () => {
    const cache = site.app.pageCache;
    const ticket = cache.begin();
    cache.invalidate([`story:en:${sport.code}`]);
    const page = await cache.store('/test/late', ticket, { status: 200, headers: {}, body: Buffer.from('old'), keys: [`story:en:${sport.code}`] });
    expect(page.identity.toString()).toBe('old');
    expect(cache.peek('/test/late')).toBeUndefined();
  });
});
