import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The newsroom's comment settings over HTTP: section and story policies, bans and banned words. Each
 * change shows on the reader's side (a closed section refuses comments, a post-moderated one shows them at
 * once, an unbanned email posts again, a removed word no longer holds), is audited, and is refused —
 * changing nothing — to the roles that may not make it.
 */
describe.each(testEngines())('comment settings on %s', (engine) => {
  let site: TestSite;
  const clock = new ManualClock('2025-04-02T10:00:00.000Z');
  let made = 0;
  let story: { id: number; code: number; path: string; sectionId: number; sectionName: string };

  async function newStory(sectionName = `Harbour ${++made}`) {
    const saved = await site.services.stories.save(
      {
        editionCode: 'en',
        headline: `Ferry Timetable Changes for the Summer, Report ${++made}`,
        body: [paragraph('The summer timetable adds an early crossing.')],
        status: 'published',
        publishedAt: '2025-04-01T08:00:00.000Z',
        section: { name: sectionName },
      },
      clock.now(),
    );
    const row = await site.services.database.db.selectFrom('stories').select('section_id').where('id', '=', saved.id).executeTakeFirstOrThrow();
    return { id: saved.id, code: saved.code, path: `/en/news/${saved.code}/${saved.slug}`, sectionId: row.section_id ?? 0, sectionName };
  }

  /** Serves the form, lets typing time pass, and posts as a script would: the answer's status says it all. */
  async function readerPosts(target: { code: number; path: string }, fields: Record<string, string> = {}): Promise<Response> {
    const html = await (await site.get(target.path)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    clock.advance({ seconds: 5 });
    return site.get(`/en/news/${target.code}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ _csrf: token, name: 'Rosa Díaz', email: `rosa-${++made}@example.org`, body: `A thought on the timetable, ${made}.`, website: '', ...fields }),
    });
  }

  /** What a refused change must leave as it was. */
  async function settingsSnapshot(): Promise<string> {
    const db = site.services.database.db;
    const [sections, stories, bans, words, audit] = await Promise.all([
      db.selectFrom('sections').select(['id', 'comment_policy', 'comment_close_days']).orderBy('id').execute(),
      db.selectFrom('stories').select(['id', 'comment_policy', 'comment_close_days']).orderBy('id').execute(),
      db.selectFrom('comment_bans').select(['id', 'kind', 'value_hash']).orderBy('id').execute(),
      db.selectFrom('banned_words').select('word').orderBy('word').execute(),
      db.selectFrom('audit_log').select('id').orderBy('id').execute(),
    ]);
    return JSON.stringify({ sections, stories, bans, words, audit });
  }

  async function follow(agent: SignedInAgent, response: Response): Promise<string> {
    expect(response.status, (await response.clone().text()).slice(0, 300)).toBe(303);
    return agent.html(response.headers.get('location') ?? '');
  }

  beforeAll(async () => {
    site = await startTestSite(engine, { clock });
  });
  afterAll(async () => {
    await site?.close();
  });
  beforeEach(async () => {
    // A fresh rate-limit window for every test.
    clock.advance({ minutes: 5 });
    story = await newStory();
  });

  it('lets an editor post-moderate a section: its stories show comments at once; audited', async () => {
    const editor = await signInAs(site, 'editor');
    const before = await editor.html('/admin/comments/settings');
    expect(before).toContain(`<th scope="row" lang="en" dir="auto">${story.sectionName}</th>`);
    expect(before).toContain('Pre-moderated (the default), never closing');
    const page = await follow(editor, await editor.post(`/admin/comments/settings/sections/${story.sectionId}`, { policy: 'post_moderated', closeDays: '' }));
    expect(page).toContain(`Comment settings saved for ${story.sectionName}.`);
    expect(page).toContain('Post-moderated, never closing');

    const posted = await readerPosts(story, { body: 'Shown straight away.' });
    expect(posted.status).toBe(201);
    expect(((await posted.json()) as { status: string }).status).toBe('approved');
    expect(await (await site.get(story.path)).text()).toContain('Shown straight away.');

    const audit = await site.services.audit.query({ action: 'comment.settings_changed' });
    const entry = audit.items.find((e) => e.subject?.type === 'section' && e.subject.id === String(story.sectionId));
    expect(entry?.actor?.id).toBe(editor.user.id);
    expect(entry?.details).toEqual({ from: { policy: null, closeDays: null }, to: { policy: 'post_moderated', closeDays: null } });
  });

  it('closes a section: its stories lose the form and refuse comments; and auto-closes after its days', async () => {
    const admin = await signInAs(site, 'admin');
    await follow(admin, await admin.post(`/admin/comments/settings/sections/${story.sectionId}`, { policy: 'closed', closeDays: '' }));
    const html = await (await site.get(story.path)).text();
    expect(html).toContain('Comments on this story are closed.');
    expect(html).not.toContain('<form class="comment-form"');
    expect((await readerPosts(story)).status).toBe(403);

    const other = await newStory();
    await follow(admin, await admin.post(`/admin/comments/settings/sections/${other.sectionId}`, { policy: '', closeDays: '3' }));
    expect(await admin.html('/admin/comments/settings')).toContain('Pre-moderated (the default), closing 3 days after publication');
    // Published on 1 April: open on the 3rd, closed on the 5th.
    const now = clock.now();
    clock.set('2025-04-03T10:00:00.000Z');
    expect(await (await site.get(other.path)).text()).toContain('<form class="comment-form"');
    clock.set('2025-04-05T10:00:00.000Z');
    expect(await (await site.get(other.path)).text()).toContain('Comments on this story are closed.');
    // Time only moves forward for the other tests' rate-limit windows.
    clock.set(now);
  });

  it('refuses bad settings with the page again, keeping what was typed, and changes nothing', async () => {
    const editor = await signInAs(site, 'editor');
    const before = await settingsSnapshot();
    for (const [form, field, message] of [
      [{ policy: 'post_moderated', closeDays: 'soon' }, 'close-days', 'Enter a whole number of days from 1 to 3,650, or nothing.'],
      [{ policy: 'post_moderated', closeDays: '0' }, 'close-days', 'Enter a whole number of days from 1 to 3,650, or nothing.'],
      [{ policy: 'everything goes', closeDays: '' }, 'policy', 'Choose one of the policies.'],
    ] as const) {
      const response = await editor.post(`/admin/comments/settings/sections/${story.sectionId}`, form);
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain(`<a href="#section-${story.sectionId}-${field}">${message}</a>`);
      if (field === 'close-days') expect(html).toContain(`value="${form.closeDays}"`);
    }
    const banned = await editor.post('/admin/comments/bans', { email: 'not-quite@an-email', reason: 'typo' });
    expect(banned.status).toBe(422);
    const html = await banned.text();
    expect(html).toContain('Enter an email address like name@example.org.');
    expect(html).not.toContain('not-quite@an-email');
    expect(html).toContain('value="typo"');
    expect(await settingsSnapshot()).toBe(before);
  });

  it('shows moderators the settings without the policy forms, and refuses them a policy change', async () => {
    const moderator = await signInAs(site, 'moderator');
    const page = await moderator.html('/admin/comments/settings');
    expect(page).toContain('Editors and admins set these; moderators see them here.');
    expect(page).not.toContain('action="/admin/comments/settings/sections/');
    const before = await settingsSnapshot();
    expect((await moderator.post(`/admin/comments/settings/sections/${story.sectionId}`, { policy: 'post_moderated', closeDays: '' })).status).toBe(403);
    expect((await moderator.get(`/admin/stories/${story.id}/comments`)).status).toBe(403);
    expect((await moderator.post(`/admin/stories/${story.id}/comments`, { policy: 'closed', closeDays: '' })).status).toBe(403);
    expect(await settingsSnapshot()).toBe(before);
    // Signing in is audited: the others sign in before the snapshot.
    const others = [await signInAs(site, 'author'), await signInAs(site, 'contributor')];
    const beforeOthers = await settingsSnapshot();
    for (const agent of others) {
      expect((await agent.get('/admin/comments/settings')).status).toBe(403);
      expect((await agent.post('/admin/comments/banned-words', { word: 'sneaky' })).status).toBe(403);
    }
    expect(await settingsSnapshot()).toBe(beforeOthers);
  });

  it('refuses a change without the form’s CSRF token, changing nothing', async () => {
    const editor = await signInAs(site, 'editor');
    const before = await settingsSnapshot();
    expect((await editor.post(`/admin/comments/settings/sections/${story.sectionId}`, { policy: 'closed', closeDays: '' }, { csrf: 'none' })).status).toBe(403);
    expect((await editor.post(`/admin/stories/${story.id}/comments`, { policy: 'closed', closeDays: '' }, { csrf: 'wrong' })).status).toBe(403);
    expect((await editor.post('/admin/comments/banned-words/remove', { word: 'anything' }, { csrf: 'none' })).status).toBe(403);
    expect(await settingsSnapshot()).toBe(before);
  });

  it('lists bans by kind, reason, time and person — never the email or its hash — and an unbanned email posts again', async () => {
    const moderator = await signInAs(site, 'moderator');
    const email = 'loud.reader@example.org';
    await follow(moderator, await moderator.post('/admin/comments/bans', { email: 'Loud.Reader@Example.org', reason: 'Abuse in three threads' }));
    const refused = await readerPosts(story, { email });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('BANNED');

    const page = await moderator.html('/admin/comments/settings');
    const ban = await site.services.database.db.selectFrom('comment_bans').select(['id', 'value_hash']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const row = page.slice(page.indexOf(`<tr id="ban-${ban.id}">`), page.indexOf('</tr>', page.indexOf(`<tr id="ban-${ban.id}">`)));
    expect(row).toContain('<th scope="row">Email</th>');
    expect(row).toContain('Abuse in three threads');
    expect(row).toContain(moderator.user.displayName);
    expect(row).toMatch(/<time datetime="2025-04-0\dT[\d:.]+Z">2025-04-0\d \d\d:\d\d<\/time>/u);
    expect(page.toLowerCase()).not.toContain(email);
    expect(page).not.toContain(ban.value_hash);

    const lifted = await follow(moderator, await moderator.post(`/admin/comments/bans/${ban.id}/remove`));
    expect(lifted).toContain('Ban lifted: they may comment again.');
    expect(lifted).not.toContain(`<tr id="ban-${ban.id}">`);
    clock.advance({ minutes: 2 });
    expect((await readerPosts(story, { email })).status).toBe(201);
    const audit = await site.services.audit.query({ action: 'comment.ban_removed' });
    expect(audit.items[0]).toMatchObject({ subject: { type: 'comment_ban', id: String(ban.id) }, details: { kind: 'email' }, actor: { id: moderator.user.id } });
    // Lifting it again: there is no such ban any more.
    expect((await moderator.post(`/admin/comments/bans/${ban.id}/remove`)).status).toBe(404);
  });

  it('holds comments with a banned word until the word is removed', async () => {
    await site.services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    const moderator = await signInAs(site, 'moderator');
    const added = await follow(moderator, await moderator.post('/admin/comments/banned-words', { word: 'Timetablegate' }));
    expect(added).toContain('Banned word added.');
    expect(added).toContain('<span dir="auto">timetablegate</span>');
    const held = await readerPosts(story, { body: 'This is timetablegate all over again.' });
    expect(((await held.json()) as { status: string }).status).toBe('pending');

    const removed = await follow(moderator, await moderator.post('/admin/comments/banned-words/remove', { word: 'timetablegate' }));
    expect(removed).toContain('Banned word removed.');
    expect(removed).not.toContain('<span dir="auto">timetablegate</span>');
    const passed = await readerPosts(story, { body: 'Timetablegate, part two.' });
    expect(((await passed.json()) as { status: string }).status).toBe('approved');
    const audit = await site.services.audit.query({ action: 'comment.banned_word_removed' });
    expect(audit.items[0]).toMatchObject({ details: { word: 'timetablegate' }, actor: { id: moderator.user.id } });
    expect((await moderator.post('/admin/comments/banned-words/remove', { word: 'timetablegate' })).status).toBe(404);
  });

  it('sets one story’s own policy over its section’s, from the story’s comment page', async () => {
    const editor = await signInAs(site, 'editor');
    await site.services.comments.setSectionPolicy(commandLineActor, story.sectionId, 'post_moderated', 10);
    const page = await editor.html(`/admin/stories/${story.id}/comments`);
    expect(page).toContain('Ferry Timetable Changes for the Summer');
    expect(page).toContain(`href="/admin/comments?status=pending&amp;story=${story.id}"`);
    expect(page).toContain(`href="${story.path}"`);
    expect(page).toContain('Now: comments are open, post-moderated, closing 10 days after publication.');
    expect(page).toContain(`Section ${story.sectionName}: Post-moderated, closing 10 days after publication.`);
    expect(page).toContain('<option value selected>The section’s: post-moderated</option>');
    expect(page).toContain('Empty: the section’s (10 days).');

    const saved = await follow(editor, await editor.post(`/admin/stories/${story.id}/comments`, { policy: 'closed', closeDays: '' }));
    expect(saved).toContain('Comment settings saved for this story.');
    expect(saved).toContain('Now: comments are closed.');
    expect((await readerPosts(story)).status).toBe(403);
    // A sibling in the same section is untouched.
    const sibling = await newStory(story.sectionName);
    expect((await readerPosts(sibling)).status).toBe(201);

    await follow(editor, await editor.post(`/admin/stories/${story.id}/comments`, { policy: 'first_time', closeDays: '2' }));
    const settings = await site.services.comments.settingsFor('en', story.code);
    expect(settings).toMatchObject({ policy: 'first_time', closeDays: 2 });
    const audit = await site.services.audit.query({ action: 'comment.settings_changed' });
    expect(audit.items[0]).toMatchObject({ subject: { type: 'story', id: String(story.id) }, details: { from: { policy: 'closed', closeDays: null }, to: { policy: 'first_time', closeDays: 2 } } });

    const invalid = await editor.post(`/admin/stories/${story.id}/comments`, { policy: 'first_time', closeDays: '99999' });
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain('<a href="#story-close-days">Enter a whole number of days from 1 to 3,650, or nothing.</a>');
    expect((await editor.get('/admin/stories/999999/comments')).status).toBe(404);
  });

  it('links the queue to the settings, and a filtered queue to its story’s settings for those who may change them', async () => {
    const editor = await signInAs(site, 'editor');
    const moderator = await signInAs(site, 'moderator');
    const filtered = `/admin/comments?status=pending&story=${story.id}`;
    expect(await editor.html(filtered)).toContain(`<a href="/admin/stories/${story.id}/comments">This story’s comment settings</a>`);
    const forModerator = await moderator.html(filtered);
    expect(forModerator).toContain('<a href="/admin/comments/settings">Comment settings, bans and banned words</a>');
    expect(forModerator).not.toContain(`/admin/stories/${story.id}/comments`);
  });
});
