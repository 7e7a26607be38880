import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editionPresets } from '../../src/config/edition-presets.ts';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { formatInEdition, isoInEdition } from '../../src/modules/editions/edition-time.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { loadFixtureStories, type FixtureStories, type FixtureStory } from '../support/fixture-stories.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';

/**
 * Curation and corrections through real HTTP: what readers see (notes on the story page, the corrections
 * page, the curated lead, the rail) in a left-to-right and a right-to-left edition, and what the newsroom
 * can do — editors change things, authors, contributors and moderators are refused and change nothing.
 */


/** The markup from the first `start` up to and including the next `end`. */
function cut(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from, `"${start}" in the page`).toBeGreaterThanOrEqual(0);
  const to = html.indexOf(end, from + start.length);
  expect(to, `"${end}" after "${start}"`).toBeGreaterThan(from);
  return html.slice(from, to + end.length);
}

/** `<time datetime>` as the edition shows an instant. */
function timeTag(instant: string, zone: string, language: string): string {
  const clock = { language, time_zone: zone };
  return `<time datetime="${isoInEdition(instant, clock)}">${formatInEdition(instant, editionPresets.en?.dateline_format ?? '', clock)}</time>`;
}

/** The rail's entries, in order: headline and link (none for a headline without a published story). */
function railOf(html: string): Array<{ headline: string; href?: string }> {
  const rail = cut(html, '<aside class="featured-stories"', '</aside>');
  return [...rail.matchAll(/<li>(?:<a href="([^"]*)">(.*?)<\/a>|<span>(.*?)<\/span>)/gsu)].map((m) =>
    m[1] !== undefined ? { headline: decodeHtml(m[2] ?? ''), href: decodeHtml(m[1]) } : { headline: decodeHtml(m[3] ?? '') },
  );
}

function leadOf(html: string): { href: string; headline: string } | undefined {
  const lead = /<article class="lead-story[^"]*"[^>]*><h2><a href="([^"]*)">(.*?)<\/a><\/h2>/su.exec(html);
  return lead ? { href: decodeHtml(lead[1] ?? ''), headline: decodeHtml(lead[2] ?? '') } : undefined;
}

function listedHrefs(html: string): string[] {
  return [...html.matchAll(/<article class="story-summary(?: has-picture)?"><h[23]><a href="([^"]*)">/gsu)].map((m) => decodeHtml(m[1] ?? ''));
}

describe.each(testEngines())('curation and corrections pages on %s', (engine) => {
  let site: TestSite;
  let fx: FixtureStories;
  let editor: SignedInAgent;
  const refused = new Map<string, SignedInAgent>();

  /** A published `en` story made for one test, so that tests do not share what they change. */
  let made = 0;
  async function publishStory(headline: string, publishedAt: string, edition: 'en' | 'fa' = 'en'): Promise<FixtureStory> {
    made++;
    const saved = await site.services.stories.save({
      editionCode: edition,
      headline,
      body: [paragraph(`${headline}: the full report, paragraph ${made}.`)],
      status: 'published',
      publishedAt,
    });
    return {
      edition,
      code: saved.code,
      slug: saved.slug,
      path: `/${edition}/news/${saved.code}/${encodeURIComponent(saved.slug)}`,
      headline,
      teaser: '',
      paragraphs: [],
      publishedAt,
      day: publishedAt.slice(0, 10).replaceAll('-', '/'),
      section: null,
      tags: [],
      authors: [],
    };
  }

  /** The id of a story's version in an edition: the newsroom's pages address a story by it. */
  async function idOf(story: Pick<FixtureStory, 'edition' | 'code'>): Promise<number> {
    const row = await site.services.database.db.selectFrom('stories').select('id').where('edition_code', '=', story.edition).where('code', '=', story.code).executeTakeFirstOrThrow();
    return row.id;
  }

  async function page(path: string, status = 200): Promise<string> {
    const response = await site.get(path);
    const html = await response.text();
    expect(response.status, path).toBe(status);
    return html;
  }

  beforeAll(async () => {
    site = await startTestSite(engine);
    fx = await loadFixtureStories(site.services);
    editor = await signInAs(site, 'editor');
    for (const role of ['author', 'contributor', 'moderator'] as const) refused.set(role, await signInAs(site, role));
  });

  afterAll(async () => {
    await site?.close();
  });

  describe('readers', () => {
    it('see a story’s corrections and updates above its body, oldest first, each labelled, and when it was updated', async () => {
      const story = fx.relatedTarget;
      const before = await page(story.path);
      expect(before).not.toContain('class="story-notes"');
      expect(before).not.toContain('class="dateline-updated"');

      const corrected = '2020-11-21T09:15:00.000Z';
      const updated = '2020-11-22T17:40:00.000Z';
      await site.services.corrections.addNote(
        commandLineActor,
        { editionCode: 'en', code: story.code, kind: 'correction', text: 'An earlier version named the wrong province.' },
        new Date(corrected),
      );
      await site.services.corrections.addNote(
        commandLineActor,
        { editionCode: 'en', code: story.code, kind: 'update', text: 'Talks resumed on Sunday.' },
        new Date(updated),
      );

      const html = await page(story.path);
      const notes = cut(html, '<section class="story-notes"', '</section>');
      expect(notes).toContain('<h2 id="story-notes-heading">Corrections and updates</h2>');
      const items = [...notes.matchAll(/<li class="story-note story-note-(\w+)"><p class="story-note-meta"><strong>(.*?)<\/strong> (<time[^>]*>.*?<\/time>)<\/p><p>(.*?)<\/p><\/li>/gsu)].map(
        (m) => ({ kind: m[1], label: m[2], time: m[3], text: decodeHtml(m[4] ?? '') }),
      );
      expect(items).toEqual([
        { kind: 'correction', label: 'Correction', time: timeTag(corrected, 'UTC', 'en'), text: 'An earlier version named the wrong province.' },
        { kind: 'update', label: 'Update', time: timeTag(updated, 'UTC', 'en'), text: 'Talks resumed on Sunday.' },
      ]);
      expect(notes).toContain('<a href="/en/corrections">All corrections</a>');
      // Near the top: after the headline, before the story's first paragraph.
      expect(html.indexOf('class="story-notes"')).toBeGreaterThan(html.indexOf('<h1>'));
      expect(html.indexOf('class="story-notes"')).toBeLessThan(html.indexOf('class="story-body"'));
      // The dateline keeps the publication time and adds the latest update's.
      const dateline = cut(html, '<p class="dateline">', '</p>');
      expect(dateline).toContain(timeTag(story.publishedAt, 'UTC', 'en'));
      expect(dateline).toContain(`Updated ${timeTag(updated, 'UTC', 'en')}`);
      // And machines see the change too.
      expect(html).toContain(`"dateModified":"${isoInEdition(updated, { language: 'en', time_zone: 'UTC' })}"`);
    });

    it('see notes in their own language and calendar in a right-to-left edition', async () => {
      const story = fx.persian[3] as FixtureStory;
      const at = '2020-11-23T06:30:00.000Z';
      await site.services.corrections.addNote(commandLineActor, { editionCode: 'fa', code: story.code, kind: 'correction', text: 'نام استان در نسخهٔ پیشین نادرست بود.' }, new Date(at));
      const html = await page(story.path);
      expect(html).toContain('<html lang="fa" dir="rtl">');
      const notes = cut(html, '<section class="story-notes"', '</section>');
      expect(notes).toContain('<h2 id="story-notes-heading">اصلاحیه‌ها و به‌روزرسانی‌ها</h2>');
      expect(notes).toContain(`<strong>اصلاحیه</strong> ${timeTag(at, 'Asia/Tehran', 'fa')}`);
      expect(notes).toContain('<p>نام استان در نسخهٔ پیشین نادرست بود.</p>');
      expect(notes).toContain('<a href="/fa/corrections">همهٔ اصلاحیه‌ها</a>');
      expect(cut(html, '<p class="dateline">', '</p>')).toContain(`به‌روزشده ${timeTag(at, 'Asia/Tehran', 'fa')}`);

      const corrections = await page('/fa/corrections');
      expect(corrections).toContain('<h1>اصلاحیه‌ها</h1>');
      expect(corrections).toContain(`<a href="${story.path}">`);
    });

    it('find an edition’s corrections newest first, linking to the stories, without the updates, in pages', async () => {
      const stories = await Promise.all([
        // Older than the fixtures' newest story, which must keep leading the home page.
        publishStory('Harbour Authority Revises Its Dredging Plan', '2020-10-01T08:00:00.000Z'),
        publishStory('Council Delays the Vote on Night Buses', '2020-10-02T08:00:00.000Z'),
      ]);
      const [harbour, buses] = stories as [FixtureStory, FixtureStory];
      // 21 more corrections than the page holds, on alternating stories, a minute apart.
      for (let i = 0; i < 21; i++) {
        const story = i % 2 === 0 ? harbour : buses;
        await site.services.corrections.addNote(
          commandLineActor,
          { editionCode: 'en', code: story.code, kind: 'correction', text: `Correction number ${i + 1}.` },
          new Date(Date.UTC(2021, 1, 3, 9, i)),
        );
      }
      await site.services.corrections.addNote(commandLineActor, { editionCode: 'en', code: buses.code, kind: 'update', text: 'The vote is now set for March.' }, new Date(Date.UTC(2021, 1, 4)));

      const first = await page('/en/corrections');
      expect(first).toContain('<h1>Corrections</h1>');
      expect(first).toContain('<title>Corrections – Dateline</title>');
      const entries = [...first.matchAll(/<article class="correction"><h2><a href="([^"]*)">(.*?)<\/a><\/h2><p class="story-meta"><strong>Correction<\/strong> <time[^>]*>.*?<\/time><\/p><p>(.*?)<\/p>/gsu)].map((m) => ({
        href: decodeHtml(m[1] ?? ''),
        text: decodeHtml(m[3] ?? ''),
      }));
      expect(entries).toHaveLength(20);
      expect(entries[0]).toEqual({ href: harbour.path, text: 'Correction number 21.' });
      expect(entries[1]).toEqual({ href: buses.path, text: 'Correction number 20.' });
      expect(visibleText(first)).not.toContain('The vote is now set for March.');
      expect(first).toContain('<a href="/en/corrections?page=2" rel="next">Older stories</a>');

      // Page 2 holds what did not fit: the older corrections, ending with the earliest one of this test's.
      const second = await page('/en/corrections?page=2');
      const older = [...second.matchAll(/<article class="correction">.*?<\/article>/gsu)].map((m) => visibleText(m[0]));
      expect(older[0]).toContain('Correction number 1.');
      expect(older[0]).toContain(harbour.headline);
      await page('/en/corrections?page=9', 404);
      await page('/en/corrections?page=two', 400);
      await page('/xx/corrections', 404);
    });

    it('see the editors’ lead on the home page while it is published, and the newest story otherwise', async () => {
      const home = await page('/en/');
      expect(leadOf(home)?.href).toBe(fx.quotes.path);

      await site.services.curation.setLead(commandLineActor, 'en', fx.markup.code);
      const curated = await page('/en/');
      expect(leadOf(curated)).toEqual({ href: fx.markup.path, headline: fx.markup.headline });
      expect(curated).toContain('<article class="lead-story" aria-label="Lead story">');
      // Not listed twice; the newest story is listed instead of leading.
      expect(listedHrefs(curated)).not.toContain(fx.markup.path);
      expect(listedHrefs(curated)[0]).toBe(fx.quotes.path);
      // The lead is page 1's only.
      expect(leadOf(await page('/en/?page=2'))).toBeUndefined();
      // Other editions keep their own lead.
      expect(leadOf(await page('/fa/'))?.href).toBe(fx.persian[0]?.path);

      // A lead that is taken off the site stops leading, without anyone touching the curation.
      const fleeting = await publishStory('Ferry Strike Called Off at the Last Minute', '2020-11-01T10:00:00.000Z');
      await site.services.curation.setLead(commandLineActor, 'en', fleeting.code);
      expect(leadOf(await page('/en/'))?.href).toBe(fleeting.path);
      await site.services.stories.save({
        editionCode: 'en',
        code: fleeting.code,
        headline: fleeting.headline,
        body: [paragraph('Withdrawn pending checks.')],
        status: 'unpublished',
        publishedAt: fleeting.publishedAt,
      });
      expect(leadOf(await page('/en/'))?.href).toBe(fx.quotes.path);

      await site.services.curation.setLead(commandLineActor, 'en', null);
      expect(leadOf(await page('/en/'))?.href).toBe(fx.quotes.path);
    });

    it('see the chosen Featured Stories first, filled with the latest stories when editors chose few', async () => {
      await site.services.stories.setFeatured('en', []);
      const chosen = [fx.relatedTarget, fx.seed];
      // Each story added goes on top, so the first chosen is added last.
      for (const story of [...chosen].reverse()) await site.services.curation.addFeatured(commandLineActor, 'en', story.code);

      const rail = railOf(await page('/en/'));
      expect(rail).toHaveLength(8);
      expect(rail.slice(0, 2)).toEqual(chosen.map((s) => ({ headline: s.headline, href: s.path })));
      // The rest are the newest published stories, newest first, none of them twice.
      const latest = (await site.services.storyQueries.listPublished('en', 1, {}, 12)).items.filter((s) => !chosen.some((c) => c.code === s.code));
      expect(rail.slice(2).map((r) => r.href)).toEqual(latest.slice(0, 6).map((s) => `/en/news/${s.code}/${encodeURIComponent(s.slug)}`));
      expect(new Set(rail.map((r) => r.href)).size).toBe(8);
      // Story pages show the same rail.
      expect(railOf(await page(fx.markup.path)).slice(0, 2)).toEqual(rail.slice(0, 2));
    });
  });

  describe('the newsroom', () => {
    async function featuredOrder(): Promise<string[]> {
      return (await site.services.curation.getEditionCuration('en')).featured.map((e) => e.headline);
    }

    it('lets an editor choose the lead story by searching, and let the newest lead again', async () => {
      const found = await editor.html('/admin/curation?edition=en&q=style+guide+headlines');
      expect(visibleText(cut(found, '<h1>', '</h1>'))).toBe('Curation: English');
      const result = cut(found, '<ul class="search-results"', '</ul>');
      expect(visibleText(result)).toContain(fx.markup.headline);
      expect(result).toContain('Make lead story');

      const chosen = await editor.post('/admin/curation/lead?edition=en', { code: String(fx.markup.code) });
      expect(chosen.status).toBe(303);
      expect(chosen.headers.get('location')).toBe('/admin/curation?edition=en&notice=lead');
      const after = await editor.html('/admin/curation?edition=en&notice=lead');
      expect(visibleText(cut(after, '<div class="notice" role="status">', '</div>'))).toBe(`“${fx.markup.headline}” now leads the home page.`);
      expect(visibleText(cut(after, '<section class="curation-lead"', '</section>'))).toContain(fx.markup.headline);
      expect(leadOf(await page('/en/'))?.href).toBe(fx.markup.path);

      const cleared = await editor.post('/admin/curation/lead?edition=en', { code: '' });
      expect(cleared.status).toBe(303);
      expect(leadOf(await page('/en/'))?.href).toBe(fx.quotes.path);
      const audit = await site.services.audit.query({ action: 'curation.lead_changed', actorId: editor.user.id });
      expect(audit.items.map((e) => e.details.to)).toEqual([null, fx.markup.code]);
    });

    it('refuses a lead that is not published, and says why', async () => {
      const response = await editor.post('/admin/curation/lead?edition=en', { code: String(fx.draft.code) });
      expect(response.status).toBe(409);
      const html = await response.text();
      expect(visibleText(cut(html, '<div class="error-summary"', '</div>'))).toContain('is not published: readers could not follow it.');
    });

    it('lets an editor add, move, reorder and remove Featured Stories, with and without the script', async () => {
      await site.services.stories.setFeatured('en', []);
      for (const story of [fx.relatedTarget, fx.seed]) {
        const added = await editor.post('/admin/curation/featured?edition=en', { code: String(story.code) });
        expect(added.status).toBe(303);
      }
      // A story added goes on top of the rail.
      expect(await featuredOrder()).toEqual([fx.seed.headline, fx.relatedTarget.headline]);
      const again = await editor.post('/admin/curation/featured?edition=en', { code: String(fx.seed.code) });
      expect(again.status).toBe(409);

      const moved = await editor.post('/admin/curation/featured/move?edition=en', { entry: `code:${fx.relatedTarget.code}`, direction: 'up' });
      expect(moved.status).toBe(303);
      const location = moved.headers.get('location') ?? '';
      expect(await featuredOrder()).toEqual([fx.relatedTarget.headline, fx.seed.headline]);
      // Back on the page, the moved story's button has the focus again and the move is announced.
      const reloaded = await editor.html(location);
      expect(visibleText(cut(reloaded, '<div class="notice" role="status">', '</div>'))).toBe(`Moved “${fx.relatedTarget.headline}” to position 1 of 2.`);
      const first = cut(reloaded, `<li class="reorderable-item" data-key="code:${fx.relatedTarget.code}"`, '</li>');
      // At the top "Move up" is off, so its partner takes the focus.
      expect(first).toContain('<button type="submit" class="button button-small" disabled>Move up');
      expect(first).toContain('<button type="submit" class="button button-small" autofocus>Move down');
      // The page carries the island that adds drag and drop, from our own origin.
      const script = /<script src="(\/admin\/assets\/curation\.[0-9a-f]{12}\.js)" defer><\/script>/u.exec(reloaded)?.[1];
      expect(script).toBeDefined();
      const js = await editor.get(script ?? '');
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await js.text()).toContain('data-reorder');

      // What the island posts after a drop: the whole order.
      const order = await editor.post('/admin/curation/featured/order?edition=en', {});
      expect(order.status).toBe(409);
      const body = new URLSearchParams({ _csrf: await editor.csrfToken() });
      body.append('entry', `code:${fx.seed.code}`);
      body.append('entry', `code:${fx.relatedTarget.code}`);
      const reordered = await editor.request('/admin/curation/featured/order?edition=en', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
      expect(reordered.status).toBe(303);
      expect(await featuredOrder()).toEqual([fx.seed.headline, fx.relatedTarget.headline]);
      expect(railOf(await page('/en/')).slice(0, 2).map((r) => r.headline)).toEqual([fx.seed.headline, fx.relatedTarget.headline]);

      const removed = await editor.post('/admin/curation/featured/remove?edition=en', { entry: `code:${fx.seed.code}` });
      expect(removed.status).toBe(303);
      expect(await featuredOrder()).toEqual([fx.relatedTarget.headline]);
      // A form from before the removal names an entry that is gone: refused, the list as it stands shown.
      const stale = await editor.post('/admin/curation/featured/move?edition=en', { entry: `code:${fx.seed.code}`, direction: 'down' });
      expect(stale.status).toBe(409);
      expect(await stale.text()).toContain('no longer in the list');
    });

    it('lets an editor pin, reorder and unpin related stories, which readers see first under the story', async () => {
      const story = fx.markup;
      const id = await idOf(story);
      const path = `/admin/stories/${id}/related`;
      const found = await editor.html(`${path}?q=${encodeURIComponent('Idlib militants')}`);
      expect(visibleText(cut(found, '<h1>', '</h1>'))).toBe(`Related stories: ${story.headline}`);
      expect(visibleText(cut(found, '<ul class="search-results"', '</ul>'))).toContain(fx.relatedTarget.headline);
      // The search stays on this page, and the page links back to the story's editor.
      expect(found).toContain(`<form method="get" action="${path}#find-heading"`);
      expect(found).not.toContain('name="edition"');
      expect(found).toContain(`<a href="/admin/stories/${id}">Edit the story</a>`);

      for (const target of [fx.relatedTarget, fx.quotes]) {
        const pinned = await editor.post(path, { target: String(target.code) });
        expect(pinned.status).toBe(303);
        expect(pinned.headers.get('location')).toBe(`${path}?notice=pinned&entry=code%3A${target.code}`);
      }
      const self = await editor.post(path, { target: String(story.code) });
      expect(self.status).toBe(422);
      const pinnedPage = await editor.html(path);
      for (const action of ['move', 'remove']) expect(pinnedPage).toContain(`action="${path}/${action}"`);
      expect(pinnedPage).toContain(`data-order-action="${path}/order"`);
      expect((await editor.post(`${path}/move`, { entry: `code:${fx.quotes.code}`, direction: 'up' })).status).toBe(303);

      const related = () => page(story.path).then((html) => [...cut(html, '<section class="related-stories"', '</section>').matchAll(/<h3><a href="([^"]*)">/gsu)].map((m) => decodeHtml(m[1] ?? '')));
      expect((await related()).slice(0, 2)).toEqual([fx.quotes.path, fx.relatedTarget.path]);

      expect((await editor.post(`${path}/remove`, { entry: `code:${fx.quotes.code}` })).status).toBe(303);
      expect((await related())[0]).toBe(fx.relatedTarget.path);
      expect((await site.services.curation.listPinnedRelated('en', story.code)).map((p) => p.headline)).toEqual([fx.relatedTarget.headline]);
      await page(`/admin/stories/999999/related`, 303); // signed out: to sign-in
      expect((await editor.get('/admin/stories/999999/related')).status).toBe(404);
      expect((await editor.get('/admin/stories/not-an-id/related')).status).toBe(404);
    });

    it('addresses a story by its version’s id: each translation has its own pages, with no edition in the address', async () => {
      const pair = fx.pairs[0] as FixtureStories['pairs'][number];
      const [enId, faId] = [await idOf(pair.en), await idOf(pair.fa)];
      expect(enId).not.toBe(faId);
      const english = await editor.html(`/admin/stories/${enId}/related`);
      const persian = await editor.html(`/admin/stories/${faId}/related`);
      expect(visibleText(cut(english, '<h1>', '</h1>'))).toBe(`Related stories: ${pair.en.headline}`);
      expect(visibleText(cut(persian, '<h1>', '</h1>'))).toBe(`Related stories: ${pair.fa.headline}`);
      expect(persian).toContain('<span class="story-title" lang="fa" dir="auto">');
      expect(visibleText(cut(await editor.html(`/admin/stories/${faId}/notes`), '<h1>', '</h1>'))).toBe(`Corrections and updates: ${pair.fa.headline}`);

      // The curation page's search links each story's pages by id.
      const curation = await editor.html(`/admin/curation?edition=en&q=${pair.en.code}`);
      expect(curation).toContain(`href="/admin/stories/${enId}/related"`);
      expect(curation).toContain(`href="/admin/stories/${enId}/notes"`);

      // A deleted story has no such pages any more.
      const gone = await publishStory('Museum Night Cancelled After Storm Warning', '2020-10-05T08:00:00.000Z');
      const goneId = await idOf(gone);
      await site.services.storyWorkflow.softDelete(goneId, commandLineActor);
      expect((await editor.get(`/admin/stories/${goneId}/related`)).status).toBe(404);
      expect((await editor.get(`/admin/stories/${goneId}/notes`)).status).toBe(404);
      expect((await editor.post(`/admin/stories/${goneId}/notes`, { kind: 'correction', text: 'Too late.' })).status).toBe(404);
    });

    it('links a story’s editor to its related stories, corrections and updates, and comment settings, for those who may use them', async () => {
      const story = fx.quotes;
      const id = await idOf(story);
      const page = await editor.html(`/admin/stories/${id}`);
      const links = cut(page, '<ul class="story-links">', '</ul>');
      expect(links).toContain(`<a href="/admin/stories/${id}/related">Related stories</a>`);
      expect(links).toContain(`<a href="/admin/stories/${id}/notes">Corrections and updates</a>`);
      expect(links).toContain(`<a href="/admin/stories/${id}/comments">Comment settings</a>`);
      expect((await editor.get(`/admin/stories/${id}/related`)).status).toBe(200);
      expect((await editor.get(`/admin/stories/${id}/notes`)).status).toBe(200);

      // An author sees their own story's editor without links to pages their role does not open.
      const author = refused.get('author') as SignedInAgent;
      const own = await site.services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'Allotment Waiting List Grows Again', body: [paragraph('The list now has 400 names.')] }, commandLineActor);
      await site.services.database.db.updateTable('stories').set({ created_by: author.user.id }).where('id', '=', own.id).execute();
      const authorsPage = await author.html(`/admin/stories/${own.id}`);
      expect(authorsPage).not.toContain(`/admin/stories/${own.id}/related`);
      expect(authorsPage).not.toContain(`/admin/stories/${own.id}/notes`);
      expect(authorsPage).not.toContain(`/admin/stories/${own.id}/comments`);
    });

    it('lets an editor add a correction, which readers see at once', async () => {
      const story = fx.pairs[1]?.en as FixtureStory;
      const notesPath = `/admin/stories/${await idOf(story)}/notes`;
      const form = await editor.html(notesPath);
      expect(form).toContain('This story has no corrections or updates.');
      expect(form).toContain('<label for="note-text">Note for readers</label>');

      const empty = await editor.post(notesPath, { kind: 'correction', text: '   ' });
      expect(empty.status).toBe(422);
      expect(await empty.text()).toContain('Write what was corrected or updated.');

      const added = await editor.post(notesPath, { kind: 'correction', text: 'The figure in the second paragraph is 40, not 400.' });
      expect(added.status).toBe(303);
      expect(added.headers.get('location')).toBe(`${notesPath}?added=correction`);
      const after = await editor.html(added.headers.get('location') ?? '');
      expect(after).toContain('The correction is on the story.');
      expect(visibleText(cut(after, '<ol class="note-list">', '</ol>'))).toContain('The figure in the second paragraph is 40, not 400.');

      const reader = await page(story.path);
      expect(visibleText(cut(reader, '<section class="story-notes"', '</section>'))).toContain('Correction');
      expect(reader).toContain('class="dateline-updated"');
      expect(visibleText(await page('/en/corrections'))).toContain('The figure in the second paragraph is 40, not 400.');

      // A draft gets no notes: its text is simply fixed before it goes out.
      const draftPath = `/admin/stories/${await idOf(fx.draft)}/notes`;
      const draft = await editor.html(draftPath);
      expect(draft).toContain('Notes go on published stories.');
      expect(draft).not.toContain('name="text"');
      expect((await editor.post(draftPath, { kind: 'correction', text: 'Early fix.' })).status).toBe(409);
    });

    describe.each(['author', 'contributor', 'moderator'])('as %s', (role) => {
      /** Everything the refused requests could have changed. */
      async function snapshot(): Promise<string> {
        const db = site.services.database.db;
        const [featured, curation, related, notes, stories, audit] = await Promise.all([
          db.selectFrom('featured_entries').selectAll().orderBy('edition_code').orderBy('position').execute(),
          db.selectFrom('edition_curation').selectAll().orderBy('edition_code').execute(),
          db.selectFrom('related_links').selectAll().orderBy('story_id').orderBy('position').execute(),
          db.selectFrom('story_notes').selectAll().orderBy('id').execute(),
          db.selectFrom('stories').select(['id', 'updated_at']).orderBy('id').execute(),
          db.selectFrom('audit_log').select(['id', 'action']).orderBy('id').execute(),
        ]);
        return JSON.stringify({ featured, curation, related, notes, stories, audit });
      }

      it('is refused every curation and corrections page and change, and nothing changes', async () => {
        const agent = refused.get(role) as SignedInAgent;
        await site.services.curation.addFeatured(commandLineActor, 'en', fx.markup.code).catch(() => undefined);
        await site.services.curation.pinRelated(commandLineActor, 'en', fx.seed.code, fx.quotes.code).catch(() => undefined);
        const story = await idOf(fx.seed);
        const before = await snapshot();
        const gets = ['/admin/curation?edition=en', `/admin/stories/${story}/related`, `/admin/stories/${story}/notes`];
        for (const path of gets) expect((await agent.get(path)).status, `GET ${path}`).toBe(403);
        const posts: Array<[string, Record<string, string>]> = [
          ['/admin/curation/lead?edition=en', { code: String(fx.quotes.code) }],
          ['/admin/curation/lead?edition=en', { code: '' }],
          ['/admin/curation/featured?edition=en', { code: String(fx.quotes.code) }],
          ['/admin/curation/featured/move?edition=en', { entry: `code:${fx.markup.code}`, direction: 'up' }],
          ['/admin/curation/featured/remove?edition=en', { entry: `code:${fx.markup.code}` }],
          ['/admin/curation/featured/order?edition=en', { entry: `code:${fx.markup.code}` }],
          [`/admin/stories/${story}/related`, { target: String(fx.relatedTarget.code) }],
          [`/admin/stories/${story}/related/move`, { entry: `code:${fx.quotes.code}`, direction: 'up' }],
          [`/admin/stories/${story}/related/remove`, { entry: `code:${fx.quotes.code}` }],
          [`/admin/stories/${story}/related/order`, { entry: `code:${fx.quotes.code}` }],
          [`/admin/stories/${story}/notes`, { kind: 'correction', text: 'Not theirs to correct.' }],
        ];
        for (const [path, form] of posts) {
          const response = await agent.post(path, form);
          expect(response.status, `POST ${path}`).toBe(403);
          expect(await response.text()).toContain('<h1>You cannot do that</h1>');
        }
        expect(await snapshot()).toBe(before);
        // And the newsroom's menu does not offer them Curation.
        expect(await agent.html('/admin')).not.toContain('href="/admin/curation"');
      });
    });
  });
});
