import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { personActor } from '../../src/modules/accounts/account-types.ts';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { startSecondServer, startTestSite, type SecondServer, type TestSite } from '../support/test-site.ts';
import { decodeHtml } from '../support/html-text.ts';

/**
 * The Settings page over real HTTP: an admin changes each edition's settings with plain forms, the change
 * takes effect where it matters (an author may publish their own story; the edition's feed carries or drops
 * the whole text) and is in the audit log with its before and after values. Every other role is refused
 * and changes nothing; an unknown edition or a value our form never sends is refused with a clear 4xx.
 */

/** The markup of one edition's section of the Settings page. */
function sectionOf(html: string, code: string): string {
  const start = html.indexOf(`<section class="edition-settings" id="edition-${code}"`);
  expect(start, `the ${code} section`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

describe.each(testEngines())('the Settings page on %s', (engine) => {
  let site: TestSite;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  let seq = 0;

  async function editionRow(code: string) {
    return site.services.database.db.selectFrom('editions').select(['allow_author_publish', 'feed_full_text']).where('code', '=', code).executeTakeFirstOrThrow();
  }

  /** Everything a refused request could have changed. */
  async function snapshot(): Promise<string> {
    const db = site.services.database.db;
    const [editions, audit] = await Promise.all([
      db.selectFrom('editions').selectAll().orderBy('code').execute(),
      db.selectFrom('audit_log').select(['id', 'action', 'subject_id']).orderBy('id').execute(),
    ]);
    return JSON.stringify({ editions, audit, cached: site.services.editions.list() });
  }

  beforeAll(async () => {
    site = await startTestSite(engine);
    await site.services.editions.ensure('fa');
    await signInAs(site, 'owner');
    [admin, author] = await Promise.all([signInAs(site, 'admin'), signInAs(site, 'author')]);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('lists every edition with a labelled checkbox for each setting, in a form of its own', async () => {
    const home = await admin.html('/admin');
    expect(home).toContain('<a href="/admin/settings">Settings</a>');
    const html = decodeHtml(await admin.html('/admin/settings'));
    expect(html).toContain('<h1>Settings</h1>');
    expect(html).toContain('<a href="/admin/settings" aria-current="page">Settings</a>');
    const token = await admin.csrfToken();
    for (const code of ['en', 'fa']) {
      const section = sectionOf(html, code);
      expect(section).toContain(`<form method="post" action="/admin/settings/editions/${code}"`);
      expect(section).toContain(`<input type="hidden" name="_csrf" value="${token}"/>`);
      for (const [name, id, label] of [
        ['authorsPublish', `edition-${code}-authors-publish`, 'Authors may publish their own stories'],
        ['fullTextFeeds', `edition-${code}-full-text-feeds`, 'Full text in feeds'],
      ]) {
        expect(section).toMatch(new RegExp(`<input id="${id}" name="${name}" aria-describedby="${id}-hint" type="checkbox" value="on"[^>]*>`, 'u'));
        expect(section).toContain(`<label for="${id}">${label}</label>`);
        expect(section).toContain(`<p id="${id}-hint" class="field-hint">`);
      }
    }
    // Edition names are marked with their own language: فارسی is read right to left.
    expect(sectionOf(html, 'fa')).toContain('<span lang="fa" dir="auto">فارسی</span>');
    // The defaults: authors do not publish, feeds carry the whole text.
    expect(sectionOf(html, 'en')).toMatch(/name="authorsPublish" aria-describedby="[^"]+" type="checkbox" value="on"\/>/u);
    expect(sectionOf(html, 'en')).toMatch(/name="fullTextFeeds" aria-describedby="[^"]+" type="checkbox" value="on" checked\/>/u);
  });

  it('lets an admin allow authors to publish their own stories, which they then can, and logs it', async () => {
    const story = await site.services.storyWorkflow.createDraft(
      { editionCode: 'en', headline: `Night Market Returns to the Quay ${++seq}`, body: [paragraph('Stalls open on Friday evenings from June.')] },
      personActor(author.user),
    );
    // Before: the edition wants review, so the author may not publish.
    expect(await author.html(`/admin/stories/${story.id}`)).not.toContain(`action="/admin/stories/${story.id}/publish"`);
    expect((await author.post(`/admin/stories/${story.id}/publish`)).status).toBe(403);

    const saved = await admin.post('/admin/settings/editions/en', { authorsPublish: 'on', fullTextFeeds: 'on' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/settings?notice=saved&edition=en#edition-en');
    const after = decodeHtml(await admin.html('/admin/settings?notice=saved&edition=en'));
    expect(after).toContain('<div class="notice" role="status"><p>The settings of English are saved.</p></div>');
    expect(sectionOf(after, 'en')).toMatch(/name="authorsPublish" aria-describedby="[^"]+" type="checkbox" value="on" checked\/>/u);
    expect((await editionRow('en')).allow_author_publish).toBeTruthy();

    // After: the author's editor offers Publish, and publishing works.
    expect(await author.html(`/admin/stories/${story.id}`)).toContain(`action="/admin/stories/${story.id}/publish"`);
    expect((await author.post(`/admin/stories/${story.id}/publish`)).status).toBe(303);
    const row = await site.services.database.db.selectFrom('stories').select(['status', 'code', 'slug']).where('id', '=', story.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    expect((await site.get(`/en/news/${row.code}/${row.slug}`)).status).toBe(200);

    const audit = await site.services.audit.query({ action: 'settings.changed', actorId: admin.user.id });
    expect(audit.items.map((e) => ({ subject: e.subject, details: e.details }))).toEqual([
      { subject: { type: 'edition', id: 'en' }, details: { setting: 'allow_author_publish', from: false, to: true } },
    ]);
    // Admins read it in the audit log, filtered by what happened.
    const log = decodeHtml(await admin.html('/admin/audit?action=settings.changed'));
    expect(log).toContain('<td>Settings changed</td><td>edition en</td><td class="details">setting: allow_author_publish, from: false, to: true</td>');

    // And back: the author's next story waits for review again.
    expect((await admin.post('/admin/settings/editions/en', { fullTextFeeds: 'on' })).status).toBe(303);
    const next = await site.services.storyWorkflow.createDraft({ editionCode: 'en', headline: `Quay Parking Rules Change ${++seq}`, body: [paragraph('Fewer spaces on market nights.')] }, personActor(author.user));
    expect((await author.post(`/admin/stories/${next.id}/publish`)).status).toBe(403);
  });

  it('lets an admin take the full text out of a right-to-left edition’s feeds and put it back', async () => {
    // The teaser comes from the first paragraph; only the whole text carries the second.
    const body = `ادامهٔ گزارش شمارهٔ ${++seq}: غرفه‌ها تا نیمه‌شب باز هستند.`;
    const saved = await site.services.stories.save({
      editionCode: 'fa',
      headline: `بازار شب دوباره باز می‌شود ${seq}`,
      body: [paragraph('بازار شب از جمعه دوباره برپا می‌شود.'), paragraph(body)],
      status: 'published',
      publishedAt: '2021-05-01T18:00:00.000Z',
    }, new Date('2021-05-01T18:00:00.000Z'));
    const feedItem = async () => {
      const response = await site.get('/fa/feed.json');
      expect(response.status).toBe(200);
      const feed = (await response.json()) as { items: Array<{ id: string; url: string; content_html?: string; content_text?: string }> };
      const item = feed.items.find((i) => i.url.includes(`/fa/news/${saved.code}/`));
      expect(item, 'the story in the feed').toBeDefined();
      return { item, etag: (await site.get('/fa/feed.json')).headers.get('etag') };
    };
    const before = await feedItem();
    expect(before.item?.content_html).toContain(body);
    // A reader that only sends If-Modified-Since must not keep the full text either: Last-Modified moves too.
    const lastModified = (await site.get('/fa/feed.json')).headers.get('last-modified') ?? '';
    expect((await site.get('/fa/feed.json', { headers: { 'if-modified-since': lastModified } })).status).toBe(304);

    expect((await admin.post('/admin/settings/editions/fa', {})).status).toBe(303);
    expect((await site.get('/fa/feed.json', { headers: { 'if-modified-since': lastModified } })).status).toBe(200);
    expect((await editionRow('fa')).feed_full_text).toBeFalsy();
    const without = await feedItem();
    expect(without.item?.content_html).toBeUndefined();
    expect(JSON.stringify(without.item)).not.toContain(body);
    expect(without.etag).not.toBe(before.etag);

    expect((await admin.post('/admin/settings/editions/fa', { fullTextFeeds: 'on' })).status).toBe(303);
    expect((await feedItem()).item?.content_html).toContain(body);

    const audit = await site.services.audit.query({ action: 'settings.changed', actorId: admin.user.id });
    expect(audit.items.filter((e) => e.subject?.id === 'fa').map((e) => e.details)).toEqual([
      { setting: 'feed_full_text', from: false, to: true },
      { setting: 'feed_full_text', from: true, to: false },
    ]);
  });

  it('saves nothing and logs nothing when nothing changed', async () => {
    const en = site.services.editions.get('en');
    const before = await snapshot();
    const form = { ...(en.canAuthorsPublish ? { authorsPublish: 'on' } : {}), ...(en.hasFullTextFeeds ? { fullTextFeeds: 'on' } : {}) };
    expect((await admin.post('/admin/settings/editions/en', form)).status).toBe(303);
    expect(await snapshot()).toBe(before);
  });

  it('refuses an unknown edition, a value the form never sends, and a form without its token, changing nothing', async () => {
    const before = await snapshot();
    const unknown = await admin.post('/admin/settings/editions/xx', { authorsPublish: 'on' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('There is no such edition. Choose one on the Settings page.');

    const odd = await admin.post('/admin/settings/editions/en', { authorsPublish: 'yes please', fullTextFeeds: 'on' });
    expect(odd.status).toBe(422);
    const html = await odd.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('<a href="#edition-en-authors-publish">Tick the box or leave it empty.</a>');
    expect(html).toContain('aria-describedby="edition-en-authors-publish-hint edition-en-authors-publish-error" aria-invalid="true"');

    expect((await admin.post('/admin/settings/editions/en', { authorsPublish: 'on' }, { csrf: 'none' })).status).toBe(403);
    expect((await admin.post('/admin/settings/editions/en', { authorsPublish: 'on' }, { csrf: 'wrong' })).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  describe.each(['editor', 'author', 'contributor', 'moderator'] satisfies Role[])('as %s', (role) => {
    it('is refused the page and every change, nothing changes, and the menu does not offer Settings', async () => {
      const agent = await signInAs(site, role);
      const before = await snapshot();
      const page = await agent.get('/admin/settings');
      expect(page.status).toBe(403);
      expect(await page.text()).toContain('<h1>You cannot do that</h1>');
      for (const code of ['en', 'fa', 'xx']) {
        const response = await agent.post(`/admin/settings/editions/${code}`, { authorsPublish: 'on' });
        expect(response.status, code).toBe(403);
      }
      expect(await snapshot()).toBe(before);
      expect(await agent.html('/admin')).not.toContain('href="/admin/settings"');
      // Nor can the service be asked directly.
      await expect(site.services.editions.updateSettings(personActor(agent.user), 'en', { canAuthorsPublish: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await snapshot()).toBe(before);
    });
  });
});

describe.each(testEngines())('a settings change with two app servers on %s', (engine) => {
  let site: TestSite;
  let second: SecondServer;

  beforeAll(async () => {
    site = await startTestSite(engine);
    // A second app server on the same database, as when a newsroom runs several behind a proxy.
    second = await startSecondServer(site.database.url);
  });

  afterAll(async () => {
    await second?.close();
    await site?.close();
  });

  it('reaches the other server without a restart', async () => {
    const saved = await site.services.stories.save({
      editionCode: 'en',
      headline: 'Two servers, one newsroom',
      body: [paragraph('A body only full-text feeds carry.')],
      status: 'published',
      publishedAt: '2021-05-04T10:00:00.000Z',
    });
    const fullText = async () => {
      const feed = (await (await fetch(`${second.url}/en/feed.json`)).json()) as { items: Array<{ url: string; content_html?: string }> };
      return feed.items.find((i) => i.url.includes(`/en/news/${saved.code}/`))?.content_html?.includes('A body only full-text feeds carry.') ?? false;
    };
    expect(await fullText()).toBe(true);
    const admin = await signInAs(site, 'admin');
    expect((await admin.post('/admin/settings/editions/en', {})).status).toBe(303);
    await expect.poll(fullText, { timeout: 3000, interval: 100 }).toBe(false);
  });
});
