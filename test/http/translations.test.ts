import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { sitePaths } from '../../src/http/site-paths.ts';
import { commandLineActor, personActor } from '../../src/modules/accounts/account-types.ts';
import type { EditableStory } from '../../src/modules/newsroom/index.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * Translations as a workflow (docs/decisions/022) over real HTTP: "Translate into…", the original beside the
 * translator's editor, "out of date" with what changed, "Mark as current", the translations view, and the
 * readers' note through the page cache.
 */

const START = '2025-06-02T08:00:00.000Z';
const NOTE_FA = 'اصل این خبر، در English، پس از ترجمه به‌روز شده است.';

describe.each(testEngines())('translations on %s', (engine) => {
  let site: TestSite;
  const clock = new ManualClock(START);
  let editor: SignedInAgent;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  let moderator: SignedInAgent;
  let seq = 0;

  /** A published English story, as an editor writes and publishes it. */
  async function publishedSource(headline = `Harbour Bridge Closes For Repairs ${++seq}`): Promise<EditableStory> {
    const draft = await site.services.storyWorkflow.createDraft(
      {
        editionCode: 'en',
        headline,
        body: [paragraph('The harbour bridge closes on Monday for three weeks of repairs.'), paragraph('Ferries run every twenty minutes meanwhile.')],
        authors: ['Mina Rahimi'],
      },
      personActor(editor.user),
    );
    return (await site.services.storyWorkflow.publish(draft.id, personActor(editor.user))).story;
  }

  /** Translates over HTTP as `agent`; returns the new story's id from the redirect. */
  async function translateOverHttp(agent: SignedInAgent, sourceId: number, edition: string): Promise<number> {
    const response = await agent.post(`/admin/stories/${sourceId}/translate`, { edition });
    expect(response.status).toBe(303);
    const match = /^\/admin\/stories\/(\d+)\?notice=translated$/.exec(response.headers.get('location') ?? '');
    expect(match).not.toBeNull();
    return Number(match?.[1]);
  }

  async function link(storyId: number) {
    return site.services.database.db.selectFrom('story_translations').selectAll().where('story_id', '=', storyId).executeTakeFirst();
  }

  async function changeSource(source: EditableStory, changes: { headline?: string; body?: ReturnType<typeof paragraph>[] }) {
    const current = await site.services.storyWorkflow.getForEditing(source.id, commandLineActor);
    return site.services.storyWorkflow.update(source.id, changes, current.revision, personActor(editor.user));
  }

  async function setNoteSetting(edition: string, isOn: boolean) {
    const response = await admin.post(`/admin/settings/editions/${edition}`, isOn ? { staleTranslationNote: 'on' } : {});
    expect(response.status).toBe(303);
  }

  beforeAll(async () => {
    site = await startTestSite(engine, { clock });
    await site.services.editions.ensure('fa');
    await site.services.editions.ensure('es');
    [editor, admin, author, moderator] = await Promise.all([signInAs(site, 'editor'), signInAs(site, 'admin'), signInAs(site, 'author'), signInAs(site, 'moderator')]);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('translates a story into another edition: a draft there with the same code, tied to the source and its revision', async () => {
    const source = await publishedSource();
    const editorPage = await editor.html(`/admin/stories/${source.id}`);
    // Only the editions that lack the story are offered.
    expect(editorPage).toContain('<option value="fa"');
    expect(editorPage).not.toContain('<option value="en"');

    const id = await translateOverHttp(editor, source.id, 'fa');
    const translation = await site.services.storyWorkflow.getForEditing(id, commandLineActor);
    expect(translation).toMatchObject({ editionCode: 'fa', code: source.code, status: 'draft', headline: source.headline, authors: ['Mina Rahimi'] });
    expect(translation.owner?.id).toBe(editor.user.id);
    expect(await link(id)).toMatchObject({ source_story_id: source.id, source_revision: source.revision, created_by: editor.user.id });

    const audit = await site.services.database.db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('action', '=', 'story.translated').where('subject_id', '=', String(id)).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(editor.user.id);
    expect(JSON.parse(audit.details)).toMatchObject({ edition: 'fa', code: source.code, sourceEdition: 'en', sourceRevision: source.revision });

    // The translator's editor shows the original beside it, in the original's own language and direction.
    const page = await editor.html(`/admin/stories/${id}?notice=translated`);
    expect(page).toContain('<html lang="en" dir="ltr"');
    expect(page).toMatch(/<section class="translation-source"[^>]*>[\s\S]*<article class="translation-source-text" lang="en" dir="ltr">/);
    expect(decodeHtml(page)).toContain('The harbour bridge closes on Monday for three weeks of repairs.');
    expect(page).toMatch(/<input[^>]*name="headline"[^>]*lang="fa"[^>]*dir="rtl"|<input[^>]*lang="fa"[^>]*dir="rtl"[^>]*name="headline"/);
    expect(visibleText(page)).toContain('The translation draft is made');
    expect(visibleText(page)).not.toContain('Out of date');
  });

  it('refuses to translate into an edition that already has the story, with a message naming it, and creates nothing', async () => {
    const source = await publishedSource();
    await translateOverHttp(editor, source.id, 'fa');
    const before = await site.services.database.db.selectFrom('stories').select('id').where('code', '=', source.code).execute();

    const again = await editor.post(`/admin/stories/${source.id}/translate`, { edition: 'fa' });
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain(`فارسی already has story ${source.code}: open it there instead of translating again.`);
    // Nor into its own edition.
    const own = await editor.post(`/admin/stories/${source.id}/translate`, { edition: 'en' });
    expect(own.status).toBe(422);
    expect(visibleText(await own.text())).toContain('Choose another edition to translate into.');

    const after = await site.services.database.db.selectFrom('stories').select('id').where('code', '=', source.code).execute();
    expect(after).toHaveLength(before.length);
    // The menu no longer offers the edition that has it.
    expect(await editor.html(`/admin/stories/${source.id}`)).not.toContain('<option value="fa"');
  });

  it('flags the translation out of date when the source gets a new revision, with what changed in the source', async () => {
    const source = await publishedSource();
    const id = await translateOverHttp(editor, source.id, 'fa');
    const listBefore = await editor.html('/admin/stories?edition=fa');
    expect(listBefore).toContain(`id="story-${id}"`);
    expect(rowOf(listBefore, id)).not.toContain('status-out-of-date');

    await changeSource(source, { body: [paragraph('The harbour bridge closes on Tuesday for four weeks of repairs.'), paragraph('Ferries run every twenty minutes meanwhile.')] });

    expect(rowOf(await editor.html('/admin/stories?edition=fa'), id)).toContain('Out of date');
    const page = await editor.html(`/admin/stories/${id}`);
    const text = visibleText(page);
    expect(text).toContain('The original changed after this translation');
    expect(text).toContain(`This translation matches version ${source.revision} of the original, which is now at version ${source.revision + 1}.`);
    // The diff of the source, word by word, in the source's language.
    expect(page).toMatch(/<del><span class="visually-hidden">[^<]*<\/span>Monday<\/del>/);
    expect(page).toMatch(/<ins><span class="visually-hidden">[^<]*<\/span>Tuesday<\/ins>/);
    expect(page).toContain('class="diff-text" lang="en" dir="ltr"');
    expect(page).toContain(`action="/admin/stories/${id}/translation/current"`);
  });

  it('marks a translation current: the source’s revision is recorded, audited, and the flag clears', async () => {
    const source = await publishedSource();
    const id = await translateOverHttp(editor, source.id, 'fa');
    const changed = await changeSource(source, { headline: `${source.headline} Delayed` });

    // Without the form's token nothing changes.
    expect((await editor.post(`/admin/stories/${id}/translation/current`, {}, { csrf: 'wrong' })).status).toBe(403);
    expect((await link(id))?.source_revision).toBe(source.revision);

    const response = await editor.post(`/admin/stories/${id}/translation/current`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/stories/${id}?notice=marked-current`);
    expect(await link(id)).toMatchObject({ source_revision: changed.revision, checked_by: editor.user.id });
    const audit = await site.services.database.db.selectFrom('audit_log').select('details').where('action', '=', 'story.translation_checked').where('subject_id', '=', String(id)).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ from: source.revision, to: changed.revision, sourceEdition: 'en' });

    const page = visibleText(await editor.html(`/admin/stories/${id}?notice=marked-current`));
    expect(page).toContain('The translation is marked current.');
    expect(page).not.toContain('The original changed after this translation');
    expect(rowOf(await editor.html('/admin/stories?edition=fa'), id)).not.toContain('status-out-of-date');
  });

  it('lists in the translations view the stories missing or out of date in the other edition, with links to translate or open them', async () => {
    const missing = await publishedSource('Fishing Fleet Returns Early');
    const current = await publishedSource('Lighthouse Keeper Retires');
    const stale = await publishedSource('Ferry Timetable Changes');
    const currentId = await translateOverHttp(editor, current.id, 'es');
    const staleId = await translateOverHttp(editor, stale.id, 'es');
    await changeSource(stale, { headline: 'Ferry Timetable Changes Again' });

    const page = await editor.html('/admin/translations?from=en&to=es');
    const text = visibleText(page);
    expect(page).toContain(`id="translation-${missing.code}"`);
    expect(rowOf(page, missing.code, 'translation')).toContain(`action="/admin/stories/${missing.id}/translate"`);
    expect(rowOf(page, missing.code, 'translation')).toContain('Not translated');
    expect(rowOf(page, stale.code, 'translation')).toContain(`href="/admin/stories/${staleId}"`);
    expect(rowOf(page, stale.code, 'translation')).toContain('Out of date');
    expect(page).not.toContain(`id="translation-${current.code}"`);
    expect(page).not.toContain(`href="/admin/stories/${currentId}"`);
    expect(text).toContain('Ferry Timetable Changes Again');

    // The view's button makes the translation.
    const made = await editor.post(`/admin/stories/${missing.id}/translate`, { edition: 'es' });
    expect(made.status).toBe(303);
    expect(await editor.html('/admin/translations?from=en&to=es')).not.toContain(`id="translation-${missing.code}"`);

    const same = await editor.get('/admin/translations?from=en&to=en');
    expect(same.status).toBe(400);
    expect(visibleText(await same.text())).toContain('Choose two different editions.');
  });

  it('shows readers the note only with the edition’s setting on, and drops it through the page cache when marked current', async () => {
    const source = await publishedSource();
    const id = await translateOverHttp(editor, source.id, 'fa');
    const published = (await site.services.storyWorkflow.publish(id, personActor(editor.user))).story;
    const path = sitePaths.story('fa', published.code, published.slug);
    const read = async () => {
      const response = await site.get(path);
      expect(response.status).toBe(200);
      return response.text();
    };

    // Current: no note, and the page is kept.
    expect(await read()).not.toContain('class="translation-note"');
    expect(site.app.pageCache.peek(path)).toBeDefined();

    // Out of date, but the edition does not show the note.
    await changeSource(source, { headline: `${source.headline} Postponed` });
    expect(await read()).not.toContain('class="translation-note"');

    // The setting turned on: the kept page is dropped, and the note links to the original.
    await setNoteSetting('fa', true);
    const withNote = await read();
    expect(decodeHtml(withNote)).toContain(NOTE_FA);
    const original = await site.services.storyWorkflow.getForEditing(source.id, commandLineActor);
    expect(withNote).toContain(`href="${sitePaths.story('en', original.code, original.slug)}" hreflang="en"`);
    expect(site.app.pageCache.peek(path)).toBeDefined();

    // Marked current: the page is dropped again and the note is gone.
    expect((await editor.post(`/admin/stories/${id}/translation/current`)).status).toBe(303);
    expect(site.app.pageCache.peek(path)).toBeUndefined();
    expect(await read()).not.toContain('class="translation-note"');

    // A new revision of the source brings it back, as an event every app server reads: it names the page's key.
    const revised = await changeSource(source, { body: [paragraph('The harbour bridge reopens a week late.')] });
    const event = await site.services.database.db
      .selectFrom('change_events')
      .select(['keys', 'edition_code', 'story_code'])
      .where('kind', '=', 'story.translation_changed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ edition_code: 'fa' });
    expect(Number(event.story_code)).toBe(source.code);
    expect(JSON.parse(event.keys)).toEqual([`page:fa:${source.code}`]);
    expect(decodeHtml(await read())).toContain(NOTE_FA);
    expect(revised.revision).toBeGreaterThan(original.revision);

    // The setting turned off: gone from the kept page too.
    await setNoteSetting('fa', false);
    expect(await read()).not.toContain('class="translation-note"');
  });

  it('flags a translation out of date when an import brings a new version of its source', async () => {
    const imported = await site.services.storyWorkflow.importStory({
      editionCode: 'en',
      headline: 'Tide Tables For The Winter',
      body: [paragraph('High water is at dawn all week.')],
      status: 'published',
      publishedAt: '2025-06-01T06:00:00.000Z',
    });
    const id = await translateOverHttp(editor, imported.id, 'fa');
    expect(rowOf(await editor.html('/admin/stories?edition=fa'), id)).not.toContain('status-out-of-date');

    await site.services.storyWorkflow.importStory({ editionCode: 'en', code: imported.code, headline: 'Tide Tables For The Winter', body: [paragraph('High water is at noon all week.')], status: 'published', publishedAt: '2025-06-01T06:00:00.000Z' });

    expect(rowOf(await editor.html('/admin/stories?edition=fa'), id)).toContain('Out of date');
    const page = await editor.html(`/admin/stories/${id}`);
    expect(page).toMatch(/<del><span class="visually-hidden">[^<]*<\/span>dawn<\/del>/);
    expect(page).toMatch(/<ins><span class="visually-hidden">[^<]*<\/span>noon<\/ins>/);
  });

  it('refuses people without the right with 403, and changes nothing', async () => {
    const source = await publishedSource();
    // A moderator may not write stories.
    const refused = await moderator.post(`/admin/stories/${source.id}/translate`, { edition: 'fa' });
    expect(refused.status).toBe(403);
    expect(await site.services.database.db.selectFrom('stories').select('id').where('code', '=', source.code).where('edition_code', '=', 'fa').executeTakeFirst()).toBeUndefined();
    expect((await moderator.get('/admin/translations')).status).toBe(403);
    // Nor may an author open the translations view of every edition's stories.
    expect((await author.get('/admin/translations')).status).toBe(403);

    // An author's own translation, once live in an edition where authors do not publish, is the desk's to mark current.
    const id = await site.services.storyWorkflow.translate(source.id, 'fa', commandLineActor);
    await site.services.database.db.updateTable('stories').set({ created_by: author.user.id }).where('id', '=', id).execute();
    await site.services.storyWorkflow.publish(id, commandLineActor);
    await changeSource(source, { headline: `${source.headline} Reopens` });
    const before = await link(id);
    const forbidden = await author.post(`/admin/stories/${id}/translation/current`);
    expect(forbidden.status).toBe(403);
    expect(await link(id)).toEqual(before);
    const audits = await site.services.database.db.selectFrom('audit_log').select('id').where('action', '=', 'story.translation_checked').where('subject_id', '=', String(id)).execute();
    expect(audits).toEqual([]);

    // A story not made by "Translate into…" has nothing to be current with.
    const plain = await site.services.storyWorkflow.createDraft({ editionCode: 'fa', headline: 'خبر بی‌اصل', body: [paragraph('متنی بدون اصل.')] }, personActor(editor.user));
    const notTranslation = await editor.post(`/admin/stories/${plain.id}/translation/current`);
    expect(notTranslation.status).toBe(409);
    expect(visibleText(await notTranslation.text())).toContain('This story was not made by “Translate into…”');
  });
});

/** The HTML of one table row, by its id (`story-12`, `translation-898945`). */
function rowOf(html: string, id: number, prefix = 'story'): string {
  const start = html.indexOf(`id="${prefix}-${id}"`);
  if (start < 0) return '';
  return html.slice(start, html.indexOf('</tr>', start));
}
