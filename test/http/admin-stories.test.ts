import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { blocksToTiptap } from '../../src/content/tiptap-blocks.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { commandLineActor, personActor } from '../../src/modules/accounts/account-types.ts';
import type { EditableStory } from '../../src/modules/newsroom/index.ts';
import { anonymousAgent, createUser, signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { hasJava, runVnu, toolAvailable } from '../support/external-validators.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';
import { decodeHtml } from '../support/html-text.ts';

/** The newsroom's story pages over real HTTP, as browsers without JavaScript and the editor's script use them. */

const START = '2025-03-14T09:00:00.000Z';

describe.each(testEngines())('the newsroom’s story pages on %s', (engine) => {
  let site: TestSite;
  const clock = new ManualClock(START);
  let editor: SignedInAgent;
  let author: SignedInAgent;
  let contributor: SignedInAgent;
  let seq = 0;

  async function storyBy(agent: SignedInAgent, overrides: Record<string, unknown> = {}): Promise<EditableStory> {
    return site.services.storyWorkflow.createDraft(
      {
        editionCode: 'en',
        headline: `Coastal Path Reopens After Landslip ${++seq}`,
        body: [paragraph('The coastal path reopened on Friday after engineers shored up the cliff.'), paragraph('Walkers are asked to keep to the marked route.')],
        authors: [agent.user.displayName],
        ...overrides,
      },
      personActor(agent.user),
    );
  }

  async function storyRow(id: number) {
    return site.services.database.db.selectFrom('stories').select(['status', 'revision', 'headline', 'deleted_at', 'scheduled_at', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    site = await startTestSite(engine, { clock });
    await site.services.editions.ensure('fa');
    await createUser(site, 'owner');
    // The newsroom files stories under sections its editors made.
    await site.services.taxonomy.createSection(commandLineActor, 'en', { name: 'City' });
    [editor, author, contributor] = await Promise.all([signInAs(site, 'editor'), signInAs(site, 'author'), signInAs(site, 'contributor')]);
  });

  afterAll(async () => {
    await site?.close();
  });

  describe('writing without JavaScript', () => {
    it('creates a draft from the plain form and opens it in the editor', async () => {
      const form = await author.html('/admin/stories/new');
      expect(form).toContain('<h1>New story</h1>');
      expect(form).toMatch(/<script src="\/admin\/assets\/editor\.[0-9a-f]{12}\.js" defer><\/script>/);
      expect(form).toContain(`value="${author.user.displayName}"`);

      const response = await author.post('/admin/stories', {
        editionCode: 'en',
        headline: 'Night Buses Return to the Old Town',
        bodyText: 'Night buses return to the old town from Saturday.\n\nThe council said demand had recovered.',
        teaser: '',
        section: 'City',
        tags: 'Transport, Night life',
        authors: author.user.displayName,
        slug: '',
        seoTitle: '',
        seoDescription: '',
        embargo: '',
      });
      expect(response.status).toBe(303);
      const location = response.headers.get('location') ?? '';
      expect(location).toMatch(/^\/admin\/stories\/\d+\?notice=created$/);
      const page = await author.html(location);
      expect(page).toContain('The draft is saved.');
      expect(page).toContain('<h1>Night Buses Return to the Old Town</h1>');
      expect(page).toContain('Night buses return to the old town from Saturday.\n\nThe council said demand had recovered.</textarea>');
      expect(page).toContain('value="Transport, Night life"');
      expect(page).toContain('data-story-editor ');
      expect(page).toContain('data-autosave-url="/api/admin/stories/');
    });

    it('shows what to fix and keeps what was typed when a field is wrong', async () => {
      const response = await author.post('/admin/stories', { editionCode: 'en', headline: '   ', bodyText: 'A story without a headline.', embargo: 'tomorrow-ish' });
      expect(response.status).toBe(422);
      const page = await response.text();
      expect(page).toContain('There is a problem');
      expect(page).toContain('Enter a date and a time.');
      expect(page).toContain('A story without a headline.</textarea>');
    });

    it('saves changes with the version they were made to, and tells a later save that someone else saved first', async () => {
      const story = await storyBy(author);
      const editorsView = await editor.html(`/admin/stories/${story.id}`);
      expect(editorsView).toContain(`name="revision" value="${story.revision}"`);
      clock.advance({ minutes: 1 });
      const first = await author.post(`/admin/stories/${story.id}`, { revision: String(story.revision), headline: 'Coastal Path Reopens Early', bodyText: 'The path reopened a week early.', teaser: '', section: '', tags: '', authors: '', slug: story.slug, seoTitle: '', seoDescription: '', embargo: '' });
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe(`/admin/stories/${story.id}?notice=saved`);

      const second = await editor.post(`/admin/stories/${story.id}`, { revision: String(story.revision), headline: 'Editor’s Headline', bodyText: 'The editor’s own text, which must not be lost.', teaser: '', section: '', tags: '', authors: '', slug: story.slug, seoTitle: '', seoDescription: '', embargo: '' });
      expect(second.status).toBe(409);
      const page = decodeHtml(await second.text());
      expect(page).toContain(`${author.user.displayName} saved a newer version at 14 Mar 2025, 09:01 (UTC)`);
      expect(page).toContain('The editor’s own text, which must not be lost.</textarea>');
      // The form now names the newer version: saving again replaces it knowingly.
      expect(page).toContain(`name="revision" value="${story.revision + 1}"`);
      expect((await storyRow(story.id)).headline).toBe('Coastal Path Reopens Early');
    });

    it('keeps headings, links and quotes that a plain-text save left unchanged', async () => {
      const story = await storyBy(editor, {
        body: [
          { type: 'heading', level: 2, content: [{ type: 'text', text: 'What changes' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'See ' }, { type: 'text', text: 'the map', marks: [{ type: 'link', href: 'https://maps.example/path' }] }, { type: 'text', text: '.' }] },
        ],
      });
      const page = decodeHtml(await editor.html(`/admin/stories/${story.id}`));
      const text = /<textarea id="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(page)?.[1] ?? '';
      expect(text).toBe('What changes\n\nSee the map.');
      const response = await editor.post(`/admin/stories/${story.id}`, { revision: String(story.revision), headline: story.headline, bodyText: `${text}\n\nA new paragraph.`, teaser: '', section: '', tags: '', authors: '', slug: story.slug, seoTitle: '', seoDescription: '', embargo: '' });
      expect(response.status).toBe(303);
      const saved = await site.services.storyWorkflow.getForEditing(story.id, personActor(editor.user));
      expect(saved.body).toEqual([...story.body, paragraph('A new paragraph.')]);
    });
  });

  describe('the editor’s autosave API', () => {
    it('saves the editor’s document and answers with the new version and the time on the edition’s clock', async () => {
      const story = await storyBy(author);
      const doc = blocksToTiptap([paragraph('Autosaved text.'), { type: 'quote', content: [{ type: 'text', text: 'We kept it open.' }], cite: 'Park ranger' }]);
      const response = await author.api('PUT', `/api/admin/stories/${story.id}/draft`, { expectedRevision: story.revision, fields: { headline: story.headline, teaser: '', tags: 'Walking', authors: 'Sara Novak, Tom O’Brien', section: '', slug: story.slug, seoTitle: '', seoDescription: '', embargo: '' }, body: doc });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const saved = (await response.json()) as { revision: number; savedAtText: string; status: string };
      expect(saved).toEqual({ revision: story.revision + 1, savedAt: clock.now().toISOString(), savedAtText: clock.now().toISOString().slice(11, 16), status: 'draft' });
      const stored = await site.services.storyWorkflow.getForEditing(story.id, personActor(author.user));
      expect(stored.body).toEqual([paragraph('Autosaved text.'), { type: 'quote', content: [{ type: 'text', text: 'We kept it open.' }], cite: 'Park ranger' }]);
      expect(stored.authors).toEqual(['Sara Novak', 'Tom O’Brien']);
      const revisions = await site.services.storyWorkflow.listRevisions(story.id, personActor(author.user));
      expect(revisions.items[0]?.kind).toBe('autosaved');
    });

    it('creates a story at its first autosave, before anyone pressed Create draft', async () => {
      const doc = blocksToTiptap([paragraph('Typed into a new story and never submitted.')]);
      const refused = await author.api('POST', '/api/admin/stories', { fields: { editionCode: 'en', headline: '' }, body: doc });
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({ field: 'headline' });
      const response = await author.api('POST', '/api/admin/stories', { fields: { editionCode: 'en', headline: 'Lifeboat Launch Draws a Crowd', tags: 'Sea' }, body: doc });
      expect(response.status).toBe(201);
      const created = (await response.json()) as { id: number; revision: number; editUrl: string; autosaveUrl: string; previewUrl: string };
      expect(created).toMatchObject({ revision: 1, editUrl: `/admin/stories/${created.id}`, autosaveUrl: `/api/admin/stories/${created.id}/draft`, previewUrl: `/admin/stories/${created.id}/preview` });
      const story = await site.services.storyWorkflow.getForEditing(created.id, personActor(author.user));
      expect(story).toMatchObject({ headline: 'Lifeboat Launch Draws a Crowd', tags: ['Sea'], body: [paragraph('Typed into a new story and never submitted.')], owner: { id: author.user.id } });
    });

    it('answers a stale autosave with 409, naming who saved and when', async () => {
      const story = await storyBy(author);
      await site.services.storyWorkflow.update(story.id, { headline: 'Changed by the Editor' }, story.revision, personActor(editor.user));
      const response = await author.api('PUT', `/api/admin/stories/${story.id}/draft`, { expectedRevision: story.revision, fields: { headline: 'Mine' }, body: blocksToTiptap(story.body) });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'STORY_CONFLICT', status: 409, current: { revision: story.revision + 1, savedBy: editor.user.displayName } });
    });

    it('refuses a javascript: link with 422 naming the body, and saves nothing', async () => {
      const story = await storyBy(author);
      const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(document.cookie)' } }] }] }] };
      const response = await author.api('PUT', `/api/admin/stories/${story.id}/draft`, { expectedRevision: story.revision, fields: { headline: story.headline }, body });
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ field: 'body', code: 'STORY_INVALID' });
      expect((await storyRow(story.id)).revision).toBe(story.revision);
    });

    it('does not autosave into a live story', async () => {
      const story = await storyBy(editor);
      const live = (await site.services.storyWorkflow.publish(story.id, personActor(editor.user))).story;
      const response = await editor.api('PUT', `/api/admin/stories/${story.id}/draft`, { expectedRevision: live.revision, fields: { headline: 'Half-typ' }, body: blocksToTiptap(story.body) });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'STORY_IS_LIVE' });
    });

    it('refuses a request without the CSRF token before anything else', async () => {
      const story = await storyBy(author);
      const response = await author.api('PUT', `/api/admin/stories/${story.id}/draft`, { expectedRevision: story.revision, fields: { headline: 'Forged' }, body: blocksToTiptap(story.body) }, { csrf: 'none' });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
      const form = await author.post(`/admin/stories/${story.id}`, { revision: String(story.revision), headline: 'Forged' }, { csrf: 'wrong' });
      expect(form.status).toBe(403);
      expect((await storyRow(story.id)).headline).toBe(story.headline);
    });
  });

  describe('the workflow’s buttons', () => {
    it('lets an author submit, refuses a contributor’s publish with 403 and changes nothing', async () => {
      const mine = await storyBy(author);
      const submitted = await author.post(`/admin/stories/${mine.id}/submit`);
      expect(submitted.status).toBe(303);
      expect((await storyRow(mine.id)).status).toBe('in_review');

      const theirs = await storyBy(contributor);
      const before = await storyRow(theirs.id);
      const auditBefore = await site.services.database.db.selectFrom('audit_log').select('id').execute();
      const refused = await contributor.post(`/admin/stories/${theirs.id}/publish`);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('<h1>You cannot do that</h1>');
      expect(await storyRow(theirs.id)).toEqual(before);
      expect(await site.services.database.db.selectFrom('audit_log').select('id').execute()).toEqual(auditBefore);
      // An author passes the route's gate but not the story's rule in an edition that wants review.
      const authorTry = await author.post(`/admin/stories/${mine.id}/publish`);
      expect(authorTry.status).toBe(403);
      expect((await storyRow(mine.id)).status).toBe('in_review');
    });

    it('schedules at a time entered on the edition’s clock and shows it with the zone', async () => {
      const story = await storyBy(editor, { editionCode: 'fa', headline: 'برنامهٔ تازهٔ قطار شهری', body: [paragraph('قطار شهری از شنبه هر ده دقیقه حرکت می‌کند.')] });
      const page = await editor.html(`/admin/stories/${story.id}`);
      expect(page).toContain('Time zone: Asia/Tehran (UTC+03:30)');
      const response = await editor.post(`/admin/stories/${story.id}/schedule`, { scheduledAt: '2025-03-14T14:00' });
      expect(response.status).toBe(303);
      expect((await storyRow(story.id)).scheduled_at).toBe('2025-03-14T10:30:00.000Z');
      const after = decodeHtml(await editor.html(`/admin/stories/${story.id}?notice=scheduled`));
      expect(after).toContain('Scheduled: it goes live 14 Mar 2025, 14:00 (Asia/Tehran).');
      expect(after).toContain('value="2025-03-14T14:00"');
    });

    it('says what is wrong with a schedule in the past, on its field', async () => {
      const story = await storyBy(editor);
      const response = await editor.post(`/admin/stories/${story.id}/schedule`, { scheduledAt: '2020-01-01T10:00' });
      expect(response.status).toBe(422);
      const page = decodeHtml(await response.text());
      expect(page).toContain('Choose a time in the future, or publish the story now.');
      expect(page).toContain('href="#schedule-at"');
    });

    it('deletes softly with an undo button for those who may restore, and restores', async () => {
      const story = await storyBy(editor);
      const deleted = await editor.post(`/admin/stories/${story.id}/delete`);
      expect(deleted.status).toBe(303);
      const location = deleted.headers.get('location') ?? '';
      expect(location).toBe(`/admin/stories?notice=deleted&story=${story.id}`);
      const list = decodeHtml(await editor.html(location));
      expect(list).toContain(`“${story.headline}” is deleted.`);
      expect(list).toContain(`action="/admin/stories/${story.id}/restore"`);
      expect(list).not.toContain(`href="/admin/stories/${story.id}"`);
      expect(decodeHtml(await editor.html('/admin/stories?status=deleted'))).toContain(`href="/admin/stories/${story.id}"`);
      expect((await editor.post(`/admin/stories/${story.id}/restore`)).status).toBe(303);
      expect((await storyRow(story.id)).deleted_at).toBeNull();
    });
  });

  describe('the story list', () => {
    it('filters by status and headline, pages, and shows authors only their own stories', async () => {
      for (let i = 0; i < 26; i++) await storyBy(editor, { headline: `Regatta Results Day ${i + 1}` });
      const first = decodeHtml(await editor.html('/admin/stories?q=regatta+results'));
      expect(first).toContain('26 stories, last changed first');
      expect(first).toContain('Page 1 of 2');
      expect(first).toContain('href="/admin/stories?q=regatta+results&amp;page=2"'.replaceAll('&amp;', '&'));
      const second = decodeHtml(await editor.html('/admin/stories?q=regatta+results&page=2'));
      expect(second).toContain('Regatta Results Day 1<');

      const drafts = decodeHtml(await editor.html('/admin/stories?status=draft&q=regatta'));
      expect(drafts).toContain('26 stories');
      expect(decodeHtml(await editor.html('/admin/stories?status=published&q=regatta'))).toContain('No stories match.');

      const authors = decodeHtml(await author.html('/admin/stories'));
      expect(authors).toContain('You see the stories you own.');
      expect(authors).not.toContain('Regatta Results Day');
      expect(decodeHtml(await author.html('/admin/stories?status=nonsense'))).toContain('That filter is not one of the choices');
    });
  });

  describe('preview, and what readers see', () => {
    it('shows staff the reader’s page with a banner, never cached or indexed; readers get nothing', async () => {
      const story = await storyBy(author, { headline: 'Secret Plans for the New Pier' });
      const preview = await author.get(`/admin/stories/${story.id}/preview`);
      expect(preview.status).toBe(200);
      expect(preview.headers.get('cache-control')).toBe('no-store');
      expect(preview.headers.get('x-robots-tag')).toBe('noindex, nofollow');
      const html = await preview.text();
      expect(html).toContain('Preview of version 1 (Draft). Only signed-in newsroom staff can see this page.');
      expect(html).toContain('<h1>Secret Plans for the New Pier</h1>');

      const stranger = await signInAs(site, 'author');
      expect((await stranger.get(`/admin/stories/${story.id}/preview`)).status).toBe(404);
      const visitor = anonymousAgent(site);
      const signedOut = await visitor.get(`/admin/stories/${story.id}/preview`);
      expect(signedOut.status).toBe(303);
      expect(signedOut.headers.get('location')).toMatch(/^\/admin\/sign-in\?next=/);
      expect(await signedOut.text()).not.toContain('Secret Plans');
      const reader = await site.get(`/en/news/${story.code}/${story.slug}`);
      expect(reader.status).toBe(404);
    });

    it('previews any revision', async () => {
      const story = await storyBy(editor, { headline: 'First Headline of the Preview Story' });
      await site.services.storyWorkflow.update(story.id, { headline: 'Second Headline of the Preview Story' }, story.revision, personActor(editor.user));
      const old = await editor.html(`/admin/stories/${story.id}/preview?revision=1`);
      expect(old).toContain('<h1>First Headline of the Preview Story</h1>');
      expect((await editor.get(`/admin/stories/${story.id}/preview?revision=99`)).status).toBe(404);
    });

    it('keeps an embargoed story off the story page, lists, feeds, sitemaps and search until the scheduler releases it', async () => {
      const owner = await signInAs(site, 'owner');
      const embargo = new Date(clock.now().getTime() + 3_600_000).toISOString();
      const story = await storyBy(owner, { headline: 'Embargoed Report on Seabird Numbers', body: [paragraph('Seabird numbers on the islands doubled in ten years, the report says.')], embargoUntil: embargo });
      expect((await owner.post(`/admin/stories/${story.id}/publish`)).headers.get('location')).toBe(`/admin/stories/${story.id}?notice=held-by-embargo`);
      const paths = [`/en/news/${story.code}/${story.slug}`, '/en/', '/en/feed.xml', '/en/feed.atom', '/en/feed.json', '/sitemap.xml', '/sitemaps/news.xml', '/en/search?q=seabird&sort=date'];
      for (const path of paths) {
        const response = await site.get(path);
        const text = await response.text();
        expect(text, path).not.toContain('Embargoed Report on Seabird Numbers');
      }
      expect((await site.get(paths[0] as string)).status).toBe(404);

      clock.set(embargo);
      await new Scheduler({ workflow: site.services.storyWorkflow, clock }).runDue();
      const page = await site.get(paths[0] as string);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Embargoed Report on Seabird Numbers');
    });
  });

  describe('revisions', () => {
    it('lists revisions, compares two readably, and restores one', async () => {
      const story = await storyBy(editor, { headline: 'Museum Extends Opening Hours', body: [paragraph('The museum will open until eight on Thursdays.')] });
      const v2 = await site.services.storyWorkflow.update(story.id, { headline: 'Museum Extends Summer Opening Hours', body: [paragraph('The museum will open until nine on Thursdays.')] }, story.revision, personActor(editor.user));
      const list = decodeHtml(await editor.html(`/admin/stories/${story.id}/revisions`));
      expect(list).toContain('2 revisions, newest first');
      expect(list).toContain(`action="/admin/stories/${story.id}/revisions/1/restore"`);
      expect(list).not.toContain(`action="/admin/stories/${story.id}/revisions/2/restore"`);

      const compare = decodeHtml(await editor.html(`/admin/stories/${story.id}/revisions/compare?a=1&b=2`));
      expect(compare).toContain('<h1>Version 1 compared with version 2</h1>');
      expect(compare).toContain('<ins><span class="visually-hidden">added: </span>Summer </ins>');
      expect(compare).toContain('<del><span class="visually-hidden">removed: </span>eight</del>');
      expect(compare).toContain('<ins><span class="visually-hidden">added: </span>nine</ins>');
      expect((await editor.get(`/admin/stories/${story.id}/revisions/compare?a=1`)).status).toBe(400);

      const restored = await editor.post(`/admin/stories/${story.id}/revisions/1/restore`, { revision: String(v2.revision) });
      expect(restored.status).toBe(303);
      expect(decodeHtml(await editor.html(restored.headers.get('location') ?? ''))).toContain('Revision 1 is restored as the newest version.');
      expect((await storyRow(story.id)).headline).toBe('Museum Extends Opening Hours');
    });
  });

  it('serves the editor’s script with a long cache life', async () => {
    const page = await editor.html('/admin/stories/new');
    const href = /<script src="(\/admin\/assets\/editor\.[0-9a-f]{12}\.js)"/.exec(page)?.[1] ?? '';
    const response = await site.get(href);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await response.text()).length).toBeGreaterThan(100_000);
  });
});

const runVnuTests = toolAvailable('java', hasJava, 'Install a Java runtime (apt-get install -y default-jre-headless); vnu-jar needs Java 11 or newer.');

describe.skipIf(!runVnuTests)('the story pages are valid HTML (Nu Html Checker)', () => {
  it('has no error on the list, the editor, a refused save, revisions, a comparison and a preview', async () => {
    const site = await startTestSite('sqlite');
    const folder = await mkdtemp(join(tmpdir(), 'dateline-story-pages-'));
    try {
      await createUser(site, 'owner');
      await site.services.taxonomy.createSection(commandLineActor, 'en', { name: 'Port' });
      const editor = await signInAs(site, 'editor');
      const story = await site.services.storyWorkflow.createDraft(
        {
          editionCode: 'en',
          headline: 'Harbour Crane Returns After Repairs',
          body: [
            paragraph('The harbour’s oldest crane returned to work on Monday.'),
            { type: 'quote', content: [{ type: 'text', text: 'It lifts like new.' }], cite: 'The harbour master' },
            { type: 'image', src: '/media/crane.jpg', alt: 'The crane', caption: 'Back at work.' },
          ],
          section: 'Port',
          tags: ['Harbour'],
          embargoUntil: '2099-01-01T09:00:00.000Z',
        },
        personActor(editor.user),
      );
      await site.services.storyWorkflow.update(story.id, { headline: 'Harbour Crane Returns After a Year of Repairs' }, story.revision, personActor(editor.user));
      const refused = await editor.post(`/admin/stories/${story.id}`, { revision: '1', headline: 'Stale', bodyText: 'Stale text.' });
      const pages: Array<[string, string]> = [
        ['list', await editor.html('/admin/stories')],
        ['new', await editor.html('/admin/stories/new')],
        ['edit', await editor.html(`/admin/stories/${story.id}`)],
        ['conflict', await refused.text()],
        ['revisions', await editor.html(`/admin/stories/${story.id}/revisions`)],
        ['compare', await editor.html(`/admin/stories/${story.id}/revisions/compare?a=1&b=2`)],
        ['preview', await editor.html(`/admin/stories/${story.id}/preview`)],
      ];
      const files: string[] = [];
      for (const [name, html] of pages) {
        const file = join(folder, `${name}.html`);
        await writeFile(file, html);
        files.push(file);
      }
      expect(runVnu(files).map((m) => `${m.url?.split('/').at(-1)}:${m.lastLine}: ${m.message}`)).toEqual([]);
    } finally {
      await site.close();
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
