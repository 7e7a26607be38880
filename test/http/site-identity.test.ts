import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';
import { plainPng } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * An edition becomes a site (issue 15, §1; docs/decisions/018), over real HTTP on both engines: an admin names
 * it and gives it a logo and tagline, and every kept page, feed and link preview says the new name at once; an
 * editor writes an About page in the story editor's form, publishes it at /en/about, links it from the footer
 * and finds it in the pages sitemap but never in the feed or search; authors are refused and change nothing.
 */

/** The JSON-LD objects of a page. */
function jsonLd(html: string): Array<Record<string, unknown>> {
  return [...html.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/gu)].map((m) => JSON.parse(m[1] ?? '{}') as Record<string, unknown>);
}

function footer(html: string): string {
  return html.slice(html.indexOf('<footer class="site-footer">'));
}

describe.each(testEngines())('site identity and pages on %s', (engine) => {
  let site: TestSite;
  let admin: SignedInAgent;
  let editor: SignedInAgent;
  let author: SignedInAgent;
  let logoId: number;

  beforeAll(async () => {
    site = await startTestSite(engine);
    [admin, editor, author] = await Promise.all([signInAs(site, 'admin'), signInAs(site, 'editor'), signInAs(site, 'author')]);
    await site.services.stories.save({ editionCode: 'en', headline: 'Harbour reopens after the storm', body: [paragraph('Boats are back in the water.')], status: 'published', publishedAt: '2026-11-20T09:00:00.000Z' });
    const logo = await site.services.media.add(commandLineActor, { bytes: await plainPng(600, 150), fileName: 'harbour-times-logo.png' });
    logoId = logo.id;
  });

  afterAll(async () => {
    await site?.close();
  });

  const details = (extra: Record<string, string>) => ({
    name: 'English',
    language: 'en',
    direction: 'ltr',
    timeZone: site.services.editions.get('en').timeZone,
    datelineFormat: site.services.editions.get('en').datelineFormat,
    dateFormat: site.services.editions.get('en').dateFormat,
    calendar: '',
    numberingSystem: '',
    ...extra,
  });

  it('shows the product’s name until an admin names the site', async () => {
    const html = await (await site.get('/en/')).text();
    expect(html).toContain('<title>Dateline – Dateline</title>');
    expect(visibleText(html)).toContain('Dateline');
  });

  it('names the site, its tagline and logo: kept pages, feeds and link previews change at once', async () => {
    // Kept first, so the change has something to drop.
    const storyPath = (await site.services.storyQueries.listPublished('en', 1)).items[0];
    const storyUrl = `/en/news/${storyPath?.code}/${storyPath?.slug}`;
    expect((await site.get(storyUrl)).status).toBe(200);
    expect(await (await site.get('/en/feed.xml')).text()).toContain('<title>Dateline – English</title>');

    const form = await admin.html('/admin/settings/editions/en/details');
    expect(form).toContain('name="siteName"');
    expect(form).toContain('name="logoMediaId"');
    const saved = await admin.post('/admin/settings/editions/en/details', details({ siteName: '  The Harbour   Times ', tagline: 'News from the coast since 1921', logoMediaId: String(logoId) }));
    expect(saved.status).toBe(303);
    await site.app.pagesSettled();

    const home = await (await site.get('/en/')).text();
    expect(home).toContain('<title>The Harbour Times – The Harbour Times</title>');
    expect(home).toContain('<meta property="og:site_name" content="The Harbour Times"');
    expect(home).toContain('<p class="site-tagline">News from the coast since 1921</p>');
    // The logo is a real picture: every format, sized for the header, the name as its text.
    expect(home).toMatch(new RegExp(`<picture class="site-logo"><source type="image/avif" srcset="/media/${logoId}/`, 'u'));
    expect(home).toMatch(/<img src="\/media\/\d+\/[^"]+" srcset="[^"]+" sizes="192px" width="\d+" height="\d+" alt="The Harbour Times" loading="eager"/u);
    const publisher = jsonLd(home).find((o) => o['@type'] === 'WebSite')?.publisher as { name: string; logo: { url: string } };
    expect(publisher.name).toBe('The Harbour Times');
    expect(publisher.logo.url).toMatch(new RegExp(`^http://dateline\\.test/media/${logoId}/`, 'u'));

    const story = await (await site.get(storyUrl)).text();
    expect(story).toContain('<title>Harbour reopens after the storm – The Harbour Times</title>');
    expect(await (await site.get('/en/feed.xml')).text()).toContain('<title>The Harbour Times – English</title>');
    // The logo's file is served.
    const logoSrc = /<img src="(\/media\/[^"]+)"/u.exec(home)?.[1] ?? '';
    expect((await site.get(logoSrc)).status).toBe(200);

    // One audit entry names what changed.
    const audit = await site.services.database.db.selectFrom('audit_log').select('details').where('action', '=', 'edition.changed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details).fields).toEqual(['siteName', 'tagline', 'logoMediaId']);
  });

  it('refuses a logo that is not in the library, at its field, and keeps the edition as it was', async () => {
    const refused = await admin.post('/admin/settings/editions/en/details', details({ siteName: 'Hijacked', tagline: '', logoMediaId: '99999' }));
    expect(refused.status).toBe(422);
    expect(decodeHtml(await refused.text())).toContain('<a href="#edition-logo">there is no picture 99999 in the library.</a>');
    expect(site.services.editions.get('en').strings.siteName).toBe('The Harbour Times');
    const tooLong = await admin.post('/admin/settings/editions/en/details', details({ siteName: 'x'.repeat(81), tagline: '', logoMediaId: '' }));
    expect(tooLong.status).toBe(422);
    expect(decodeHtml(await tooLong.text())).toContain('<a href="#edition-site-name">up to 80 characters.</a>');
  });

  it('refuses authors and editors the site’s name, and authors the pages, changing nothing', async () => {
    expect((await editor.get('/admin/settings/editions/en/details')).status).toBe(403);
    expect((await editor.post('/admin/settings/editions/en/details', details({ siteName: 'Editor’s Times' }))).status).toBe(403);
    expect(await author.html('/admin')).not.toContain('href="/admin/pages"');
    expect(await editor.html('/admin')).toContain('href="/admin/pages"');
    const count = async () => (await site.services.database.db.selectFrom('site_pages').select('id').execute()).length;
    const before = await count();
    for (const path of ['/admin/pages?edition=en', '/admin/pages/new?edition=en', '/admin/pages/footer?edition=en']) expect((await author.get(path)).status, path).toBe(403);
    expect((await author.post('/admin/pages?edition=en', { title: 'About', bodyText: 'Ours now.', state: 'published' })).status).toBe(403);
    expect((await author.post('/admin/pages/footer?edition=en', { links: 'Ours https://example.org' })).status).toBe(403);
    expect(await count()).toBe(before);
    expect(site.services.editions.get('en').strings.siteName).toBe('The Harbour Times');
  });

  it('lets an editor write an About page: a draft is not on the site, a published one is, with its own address', async () => {
    const form = await editor.html('/admin/pages/new?edition=en');
    expect(form).toContain('<div class="story-editor" data-story-editor ');
    expect(form).toMatch(/<script src="\/admin\/assets\/editor\.[0-9a-f]+\.js" defer><\/script>/u);

    const created = await editor.post('/admin/pages?edition=en', { title: 'About us', bodyText: 'We report on the coast.\n\nWrite to us any time.', slug: 'about', description: 'Who we are.', state: 'draft' });
    expect(created.status).toBe(303);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/admin\/pages\/\d+\?notice=created$/u);
    expect(visibleText(await editor.html(location))).toContain('The page “About us” was created.');
    expect((await site.get('/en/about')).status).toBe(404);

    // The editor island sends the body as JSON: the story editor's document, checked by the same code.
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'We report on the ' }, { type: 'text', text: 'coast', marks: [{ type: 'bold' }] }, { type: 'text', text: '.' }] }] };
    const published = await editor.post(location.replace(/\?.*$/u, ''), { title: 'About us', bodyJson: JSON.stringify(doc), slug: 'about', description: 'Who we are.', state: 'published' });
    expect(published.status).toBe(303);
    await site.app.pagesSettled();
    const page = await site.get('/en/about');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>About us – The Harbour Times</title>');
    expect(html).toContain('<h1>About us</h1>');
    expect(html).toContain('<p>We report on the <strong>coast</strong>.</p>');
    expect(html).toContain('<link rel="canonical" href="http://dateline.test/en/about"/>');

    const sitemap = await (await site.get('/sitemaps/pages.xml')).text();
    expect(sitemap).toContain('<loc>http://dateline.test/en/about</loc>');
    expect(await (await site.get('/en/feed.xml')).text()).not.toContain('About us');
    expect(await (await site.get('/en/search?q=coast')).text()).not.toContain('/en/about');
    expect(await (await site.get('/en/')).text()).not.toContain('About us');
  });

  it('refuses an address the site’s own routes use, or one another page has, at the field', async () => {
    const reserved = await editor.post('/admin/pages?edition=en', { title: 'Our news', bodyText: 'Words.', slug: 'news', state: 'draft' });
    expect(reserved.status).toBe(422);
    expect(decodeHtml(await reserved.text())).toContain('<a href="#page-slug">“news” starts one of the site’s own addresses; choose another.</a>');
    const taken = await editor.post('/admin/pages?edition=en', { title: 'About', bodyText: 'Words.', slug: 'about', state: 'draft' });
    expect(taken.status).toBe(409);
    expect(decodeHtml(await taken.text())).toContain('already has the address /en/about.');
    const empty = await editor.post('/admin/pages?edition=en', { title: 'Empty', bodyText: '', state: 'draft' });
    expect(empty.status).toBe(422);
  });

  it('puts the footer links on every page, in order; a link to a page follows its address and waits while it is a draft', async () => {
    const contact = await site.services.sitePages.create(commandLineActor, 'en', { title: 'Contact', body: [paragraph('Call the desk.')], isPublished: false });
    expect((await site.get('/en/')).status).toBe(200);
    const saved = await editor.post('/admin/pages/footer?edition=en', { links: 'About us /en/about\nContact /en/contact\nJobs https://jobs.example.org/' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/pages/footer?edition=en&notice=saved');
    await site.app.pagesSettled();
    let home = footer(await (await site.get('/en/')).text());
    expect(home).toContain('<a href="/en/about">About us</a>');
    expect(home).toContain('<a href="https://jobs.example.org/">Jobs</a>');
    expect(home.indexOf('/en/about')).toBeLessThan(home.indexOf('jobs.example.org'));
    // Contact is a draft: its link waits.
    expect(home).not.toContain('/en/contact');

    await site.services.sitePages.update(commandLineActor, contact.id, { title: 'Contact', slug: 'contact-us', body: [paragraph('Call the desk.')], isPublished: true });
    await site.app.pagesSettled();
    home = footer(await (await site.get('/en/')).text());
    expect(home).toContain('<a href="/en/contact-us">Contact</a>');

    const refused = await editor.post('/admin/pages/footer?edition=en', { links: 'Broken javascript:alert(1)' });
    expect(refused.status).toBe(422);
    expect(decodeHtml(await refused.text())).toContain('line 1 needs an address after the label');
  });

  it('drops the page when an editor unpublishes it: its address, footer link and sitemap entry go', async () => {
    const about = (await site.services.sitePages.list('en')).find((p) => p.slug === 'about');
    const saved = await editor.post(`/admin/pages/${about?.id}`, { title: 'About us', bodyText: 'We report on the coast.', slug: 'about', description: '', state: 'draft' });
    expect(saved.status).toBe(303);
    await site.app.pagesSettled();
    expect((await site.get('/en/about')).status).toBe(404);
    expect(footer(await (await site.get('/en/')).text())).not.toContain('/en/about');
    expect(await (await site.get('/sitemaps/pages.xml')).text()).not.toContain('/en/about');
  });
});
