import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { pendingComment } from '../support/admin-route-cases.ts';
import { signInAs } from '../support/admin-agent.ts';
import { hasJava, runVnu, toolAvailable, type VnuMessage } from '../support/external-validators.ts';
import { loadFixtureStories, type FixtureStories } from '../support/fixture-stories.ts';
import { plainJpeg } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The Nu Html Checker (vnu, the W3C's validator) over every page type of the reader site and the newsroom's
 * main pages, in a left-to-right and a right-to-left edition: zero errors. One JVM run for all pages (its
 * start costs seconds). The markup does not depend on the database engine, so one engine is enough here.
 */

const runVnuTests = toolAvailable('java', hasJava, 'Install a Java runtime (apt-get install -y default-jre-headless); vnu-jar needs Java 11 or newer.');

describe.skipIf(!runVnuTests)('HTML validity (Nu Html Checker)', () => {
  let site: TestSite;
  let fixture: FixtureStories;
  let folder: string;
  let pictured: string;
  let picturedId: number;
  /** Saved pages: file name → the path it came from. */
  const pages = new Map<string, string>();

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    fixture = await loadFixtureStories(site.services);
    const saved = await site.services.stories.save({
      editionCode: 'en',
      headline: 'Harbour Crane Returns After Repairs',
      body: [
        paragraph('The harbour’s oldest crane returned to work on Monday after a year of repairs.'),
        { type: 'heading', level: 2, content: [{ type: 'text', text: 'A year in the making' }] },
        { type: 'quote', content: [{ type: 'text', text: 'It lifts like new.' }], cite: 'The harbour master' },
        { type: 'list', ordered: false, items: [[{ type: 'text', text: 'New cables' }], [{ type: 'text', text: 'New cab', marks: [{ type: 'bold' }] }]] },
        { type: 'image', src: '/media/harbour-crane.jpg', alt: 'The crane lifting its first container', caption: 'Back at work.' },
      ],
      status: 'published',
      publishedAt: '2020-11-19T07:30:00.000Z',
      section: { name: 'Business', slug: 'business' },
      tags: [{ name: 'Harbour' }],
      authors: ['Sara Novak'],
    });
    pictured = `/en/news/${saved.code}/${saved.slug}`;
    picturedId = saved.id;
    folder = await mkdtemp(join(tmpdir(), 'dateline-vnu-'));
  });

  afterAll(async () => {
    await site?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  async function save(name: string, path: string, response: Response, expectedStatus: number): Promise<void> {
    const html = await response.text();
    expect(response.status, `${path} answers ${expectedStatus}`).toBe(expectedStatus);
    expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
    await writeFile(join(folder, `${name}.html`), html);
    pages.set(`${name}.html`, path);
  }

  it('every page type has no HTML error', async () => {
    const persian = fixture.persian[0];
    const english = fixture.english.find((s) => s.section && s.tags.length > 0 && s.authors.length > 0);
    if (!persian || !english?.section) throw new Error('the fixture lacks a story with a section, tags and authors');
    const reader: Array<[string, string, number]> = [
      ['story-seed', fixture.seed.path, 200],
      ['story-pictured', pictured, 200],
      ['story-rtl', persian.path, 200],
      ['home', '/en/', 200],
      ['home-page-2', '/en/?page=2', 200],
      ['home-rtl', '/fa/', 200],
      ['section', `/en/section/${encodeURIComponent(english.section.slug)}`, 200],
      ['section-rtl', `/fa/section/${encodeURIComponent(persian.section?.slug ?? '')}`, 200],
      ['tag', `/en/tag/${encodeURIComponent(english.tags[0]?.slug ?? '')}`, 200],
      ['archive', `/en/archive/${fixture.seed.day}`, 200],
      ['archive-empty', `/fa/archive/${fixture.emptyDay}`, 200],
      ['author', '/en/author/sara-novak', 200],
      ['not-found', '/en/no-such-page', 404],
      ['not-found-rtl', '/fa/news/1/missing', 404],
    ];
    for (const [name, path, status] of reader) await save(name, path, await site.get(path), status);

    // The search page belongs to another piece of work: checked whenever it exists.
    const search = await site.get('/en/search?q=ceasefire');
    if (search.status === 200) await save('search', '/en/search?q=ceasefire', search, 200);
    else await search.arrayBuffer();
    const searchRtl = await site.get(`/fa/search?q=${encodeURIComponent('شورای')}`);
    if (searchRtl.status === 200) await save('search-rtl', '/fa/search?q=…', searchRtl, 200);
    else await searchRtl.arrayBuffer();

    // The newsroom's main pages: first-run setup (while nobody has an account), signed out, and as an administrator.
    await save('admin-setup', '/admin/setup', await site.get('/admin/setup'), 200);
    const admin = await signInAs(site, 'admin');
    await save('admin-sign-in', '/admin/sign-in', await site.get('/admin/sign-in'), 200);
    for (const path of ['/admin', '/admin/people', '/admin/audit', '/admin/password', '/admin/settings']) {
      await save(`admin${path.replaceAll('/', '-')}`, path, await admin.get(path), 200);
    }

    // Comments: the queue, the settings, a story's settings; and a refused post answered with the story page itself.
    for (const path of ['/admin/comments', '/admin/comments/settings', `/admin/stories/${picturedId}/comments`]) {
      await save(`admin${path.replaceAll('/', '-')}`, path, await admin.get(path), 200);
    }
    // Pictures: the library, a picture's page refusing a change (its error summary), the story editor with its picture tools.
    const picture = await site.services.media.add(commandLineActor, { bytes: await plainJpeg(800, 600), fileName: 'crane.jpg' }, { alt: 'The crane at dusk' });
    const withLead = await site.services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'Crane Draft With a Lead Picture', body: [paragraph('The crane at dusk.')], leadMediaId: picture.id }, commandLineActor);
    await save('admin-media', '/admin/media', await admin.get('/admin/media'), 200);
    const refusedDetails = await admin.post(`/admin/media/${picture.id}`, { alt: 'The crane at dusk', caption: '', credit: '', licence: '', sourceUrl: 'not an address', focalX: '50', focalY: '50' });
    await save('admin-media-item-refused', `/admin/media/${picture.id} (a refused change)`, refusedDetails, 422);
    await save('admin-story-edit-pictures', `/admin/stories/${withLead.id}`, await admin.get(`/admin/stories/${withLead.id}`), 200);

    const token = /name="_csrf" value="([^"]+)"/.exec(await (await site.get(persian.path)).text())?.[1] ?? '';
    const refused = await site.get(`${persian.path.split('/').slice(0, 4).join('/')}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, name: 'نگار', email: 'negar@example.org', body: 'نظری که هنوز فرستاده نشده', website: '' }),
    });
    await save('story-comment-refused-rtl', `${persian.path} (a refused comment)`, refused, 400);
    // API keys (after the refused comment, which must come while the page's form is fresh): the page that shows a new key's token once, and the API's reference page.
    const madeKey = await admin.post('/admin/settings/api-keys', { name: 'Validity Check App', scope: 'content', allowedOrigins: 'https://app.example', requestsPerMinute: '120' });
    await save('admin-api-keys-made', '/admin/settings/api-keys (a key just made)', madeKey, 201);
    await save('api-reference', '/api/v1/reference', await site.get('/api/v1/reference'), 200);
    // The question before a ban.
    const banPath = `/admin/comments/${await pendingComment(site)}/ban`;
    await save('admin-comment-ban', banPath, await admin.get(banPath), 200);
    // Webhooks: the list with its form, an endpoint just made (its secret shown once), a refused address.
    await save('admin-webhooks', '/admin/settings/webhooks', await admin.get('/admin/settings/webhooks'), 200);
    const webhookForm = { url: 'https://hooks.example.org/in', description: 'Apps', 'event.story.published': 'on', enabled: 'on' };
    await save('admin-webhook-added', '/admin/settings/webhooks (an endpoint added)', await admin.post('/admin/settings/webhooks', webhookForm), 201);
    await save('admin-webhook-refused', '/admin/settings/webhooks (a private address)', await admin.post('/admin/settings/webhooks', { ...webhookForm, url: 'http://10.0.0.1/' }), 422);

    // Translations (docs/decisions/022): an out-of-date translation's editor beside its original, the translations view, and the readers' note.
    const workflow = site.services.storyWorkflow;
    const original = await workflow.createDraft({ editionCode: 'en', headline: 'Harbour Bridge Closes For Repairs', body: [paragraph('The harbour bridge closes on Monday.')] }, commandLineActor);
    await workflow.publish(original.id, commandLineActor);
    const translationId = await workflow.translate(original.id, 'fa', commandLineActor);
    const translation = (await workflow.publish(translationId, commandLineActor)).story;
    await workflow.update(original.id, { body: [paragraph('The harbour bridge closes on Tuesday.')] }, (await workflow.getForEditing(original.id, commandLineActor)).revision, commandLineActor);
    await site.services.editions.updateSettings(commandLineActor, 'fa', { showsStaleTranslationNote: true });
    await save('admin-translation-editor', `/admin/stories/${translationId}`, await admin.get(`/admin/stories/${translationId}`), 200);
    await save('admin-translations', '/admin/translations?from=en&to=fa', await admin.get('/admin/translations?from=en&to=fa'), 200);
    const notedPath = `/fa/news/${translation.code}/${translation.slug}`;
    await save('story-translation-note', notedPath, await site.get(notedPath), 200);

    const files = [...pages.keys()].map((name) => join(folder, name));
    const errors = runVnu(files).filter((m) => m.type === 'error' || m.subType === 'fatal');
    expect(pages.size).toBeGreaterThanOrEqual(reader.length + 6);
    expect(errors, listErrors(errors)).toEqual([]);
  });

  function listErrors(errors: VnuMessage[]): string {
    return errors
      .map((e) => `${pages.get((e.url ?? '').split('/').pop() ?? '') ?? e.url} line ${e.lastLine ?? '?'}: ${e.message}\n    ${(e.extract ?? '').replace(/\s+/g, ' ')}`)
      .join('\n');
  }
});
