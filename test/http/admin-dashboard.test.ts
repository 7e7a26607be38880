import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor, personActor } from '../../src/modules/accounts/account-types.ts';
import type { EditableStory } from '../../src/modules/newsroom/index.ts';
import { pendingComment } from '../support/admin-route-cases.ts';
import { createUser, signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/** The newsroom's dashboard and the note that sends a story back to its author, over real HTTP. */

const START = '2025-03-14T09:00:00.000Z';

/** The dashboard panel with this id, as markup. */
function panel(html: string, id: string): string {
  const start = html.indexOf(`<section class="dashboard-panel" id="${id}"`);
  if (start === -1) return '';
  return html.slice(start, html.indexOf('</section>', start));
}

describe.each(testEngines())('the newsroom dashboard on %s', (engine) => {
  let site: TestSite;
  const clock = new ManualClock(START);
  let editor: SignedInAgent;
  let author: SignedInAgent;
  let moderator: SignedInAgent;
  let seq = 0;

  async function storyBy(agent: SignedInAgent, overrides: Record<string, unknown> = {}): Promise<EditableStory> {
    return site.services.storyWorkflow.createDraft(
      {
        editionCode: 'en',
        headline: `Harbour Ferry Timetable Changes ${++seq}`,
        body: [paragraph('The harbour ferry runs every twenty minutes from Monday.')],
        ...overrides,
      },
      personActor(agent.user),
    );
  }

  beforeAll(async () => {
    site = await startTestSite(engine, { clock });
    await site.services.editions.ensure('fa');
    await createUser(site, 'owner');
    [editor, author, moderator] = await Promise.all([signInAs(site, 'editor'), signInAs(site, 'author'), signInAs(site, 'moderator')]);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('shows an editor the whole desk: counts, links, scheduled times in the edition’s zone, pending comments', async () => {
    const reviewed = await storyBy(author, { headline: 'Library Extends Opening Hours' });
    await site.services.storyWorkflow.submit(reviewed.id, personActor(author.user));
    const persian = await storyBy(editor, { editionCode: 'fa', headline: 'بازگشایی کتابخانه مرکزی' });
    await site.services.storyWorkflow.schedule(persian.id, '2025-03-20T06:30:00.000Z', personActor(editor.user));
    const published = await storyBy(editor, { headline: 'Tram Line Opens to the Airport' });
    await site.services.storyWorkflow.publish(published.id, personActor(editor.user));
    await storyBy(editor, { headline: 'Editor’s Own Unfinished Draft' });
    await pendingComment(site);

    const html = decodeHtml(await editor.html('/admin'));
    expect(visibleText(html)).toContain('Every story in the newsroom.');
    const inReview = panel(html, 'in-review');
    expect(inReview).toContain(`href="/admin/stories/${reviewed.id}"`);
    expect(inReview).toContain('Library Extends Opening Hours');
    expect(inReview).toMatch(/<span class="dashboard-count">1 story<\/span>/);
    expect(inReview).toContain('href="/admin/stories?status=in_review"');
    const scheduled = panel(html, 'scheduled');
    // 06:30 UTC is 10:00 in Tehran (UTC+03:30).
    expect(scheduled).toContain('goes live 20 Mar 2025, 10:00 (Asia/Tehran)');
    expect(scheduled).toContain('dir="auto"');
    expect(panel(html, 'recently-published')).toContain('Tram Line Opens to the Airport');
    expect(panel(html, 'my-drafts')).toContain('Editor’s Own Unfinished Draft');
    expect(panel(html, 'my-drafts')).not.toContain('Library Extends Opening Hours');
    const comments = panel(html, 'pending-comments');
    expect(comments).toMatch(/<span class="dashboard-count">\d+ comments?<\/span>/);
    expect(comments).toContain('Matrix Reader on “Matrix Story Number');
    expect(comments).toContain('href="/admin/comments?status=pending"');
  });

  it('has New story and View site at hand, and does not repeat the navigation as cards', async () => {
    const html = await editor.html('/admin');
    expect(html).toContain('<a href="/admin/stories/new" class="button button-small">New story</a>');
    expect(html).toContain('<a href="/" class="quick-link">View site</a>');
    expect(html).not.toContain('section-cards');
    // The links are on every newsroom page, not only the dashboard.
    expect(await editor.html('/admin/stories')).toContain('<a href="/" class="quick-link">View site</a>');
  });

  it('shows an author their own stories only, and no comment queue', async () => {
    const other = await storyBy(editor, { headline: 'Someone Else’s Story In Review' });
    await site.services.storyWorkflow.submit(other.id, personActor(editor.user));
    const own = await storyBy(author, { headline: 'Author’s Piece Awaiting Review' });
    await site.services.storyWorkflow.submit(own.id, personActor(author.user));

    const html = decodeHtml(await author.html('/admin'));
    expect(visibleText(html)).toContain('Your own stories.');
    expect(panel(html, 'in-review')).toContain('Author’s Piece Awaiting Review');
    expect(html).not.toContain('Someone Else’s Story In Review');
    expect(html).not.toContain('id="pending-comments"');
  });

  it('shows a moderator the pending comments and no story panels, and no New story link', async () => {
    const html = await moderator.html('/admin');
    expect(html).toContain('id="pending-comments"');
    expect(html).not.toContain('id="in-review"');
    expect(html).not.toContain('id="my-drafts"');
    expect(html).not.toContain('New story');
    expect(html).toContain('View site');
  });

  describe('back to draft with a note', () => {
    it('keeps the note with the step, audits it, and shows it to the author on the story and the dashboard', async () => {
      const story = await storyBy(author, { headline: 'Budget Vote Delayed Again' });
      await site.services.storyWorkflow.submit(story.id, personActor(author.user));
      const note = 'Needs a second source for the <figures> & a quote from the council.';
      const response = await editor.post(`/admin/stories/${story.id}/to-draft`, { note });
      expect(response.status).toBe(303);

      const row = await site.services.database.db.selectFrom('story_returns').selectAll().where('story_id', '=', story.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ note, from_status: 'in_review', returned_by: editor.user.id });
      const audit = await site.services.audit.query({ action: 'story.returned_to_draft' });
      const entry = audit.items.find((e) => e.subject?.id === String(story.id));
      expect(entry?.details).toMatchObject({ note, from: 'in_review' });

      const page = await author.html(`/admin/stories/${story.id}`);
      expect(page).toContain('Needs a second source for the &lt;figures> &amp; a quote from the council.');
      expect(decodeHtml(page)).toContain(`Sent back to draft by ${editor.user.displayName}, 14 Mar 2025, 09:00 (UTC)`);
      const dashboard = await author.html('/admin');
      const drafts = panel(dashboard, 'my-drafts');
      expect(drafts).toContain('Budget Vote Delayed Again');
      expect(drafts).toContain('Needs a second source for the &lt;figures> &amp; a quote from the council.');

      // Submitted again, the note has done its job.
      await site.services.storyWorkflow.submit(story.id, personActor(author.user));
      expect(await author.html(`/admin/stories/${story.id}`)).not.toContain('Needs a second source');
    });

    it('refuses an over-long note on its field and leaves the story in review', async () => {
      const story = await storyBy(author);
      await site.services.storyWorkflow.submit(story.id, personActor(author.user));
      const response = await editor.post(`/admin/stories/${story.id}/to-draft`, { note: 'x'.repeat(2001) });
      expect(response.status).toBe(422);
      const html = decodeHtml(await response.text());
      expect(html).toContain('href="#return-note"');
      expect(html).toContain('Keep the note to the author under 2,000 characters.');
      const row = await site.services.database.db.selectFrom('stories').select('status').where('id', '=', story.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('in_review');
    });
  });

  describe('the editor’s wording and Delete on live stories', () => {
    it('says when a scheduled story goes live instead of calling it live', async () => {
      const story = await storyBy(editor);
      await site.services.storyWorkflow.schedule(story.id, '2025-03-15T12:00:00.000Z', commandLineActor);
      const html = decodeHtml(await editor.html(`/admin/stories/${story.id}`));
      expect(html).toContain('This story is scheduled: it goes live 15 Mar 2025, 12:00 (UTC).');
      expect(html).not.toContain('This story is live');
    });

    it('makes Delete on a published story secondary and refuses it until the box is ticked', async () => {
      const story = await storyBy(editor);
      await site.services.storyWorkflow.publish(story.id, commandLineActor);
      const html = await editor.html(`/admin/stories/${story.id}`);
      const deleteForm = html.slice(html.indexOf(`action="/admin/stories/${story.id}/delete"`));
      expect(deleteForm).toMatch(/<input type="checkbox" id="confirm-delete" name="confirm" value="yes" required/);
      expect(deleteForm).toMatch(/<button type="submit" class="button button-secondary">Delete<\/button>/);

      const refused = await editor.post(`/admin/stories/${story.id}/delete`);
      expect(refused.status).toBe(422);
      expect(decodeHtml(await refused.text())).toContain('Tick the box to confirm: deleting takes the story off the site.');
      const unchanged = await site.services.database.db.selectFrom('stories').select(['status', 'deleted_at']).where('id', '=', story.id).executeTakeFirstOrThrow();
      expect(unchanged).toEqual({ status: 'published', deleted_at: null });

      expect((await editor.post(`/admin/stories/${story.id}/delete`, { confirm: 'yes' })).status).toBe(303);
      const deleted = await site.services.database.db.selectFrom('stories').select(['status', 'deleted_at']).where('id', '=', story.id).executeTakeFirstOrThrow();
      expect(deleted.status).toBe('unpublished');
      expect(deleted.deleted_at).not.toBeNull();
    });
  });
});
