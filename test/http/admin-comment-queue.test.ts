import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The comment moderation queue as a busy desk uses it, over HTTP: tabs with counts, filters by edition and
 * story (by headline), Approve first, bans only after a page that asks, one clock for every time on a page.
 */
describe.each(testEngines())('the comment queue on %s', (engine) => {
  let site: TestSite;
  const clock = new ManualClock('2025-04-02T10:00:00.000Z');
  let moderator: SignedInAgent;
  let made = 0;
  let english: { id: number };
  let persian: { id: number };

  async function story(editionCode: string, headline: string) {
    return site.services.stories.save(
      { editionCode, headline, body: [paragraph('Text of the story.')], status: 'published', publishedAt: '2025-04-01T08:00:00.000Z' },
      clock.now(),
    );
  }

  async function comment(storyId: number, status: 'pending' | 'approved' | 'spam', body: string): Promise<number> {
    made++;
    const row = await site.services.database.db
      .insertInto('comments')
      .values({
        story_id: storyId,
        parent_id: null,
        author_name: `Reader ${made}`,
        email: `reader-${made}@example.org`,
        email_hash: `queue-email-${made}`,
        address_hash: `queue-address-${made}`,
        body,
        body_hash: `queue-body-${made}`,
        status,
        held_reason: null,
        created_at: '2025-04-02T09:05:00.000Z',
        moderated_at: null,
        moderated_by: null,
        edited_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    site = await startTestSite(engine, { clock });
    await site.services.editions.ensure('fa');
    english = await story('en', 'Ferry Timetable Changes for the Summer');
    persian = await story('fa', 'تغییر برنامه کشتی‌ها');
    await comment(english.id, 'pending', 'English pending one.');
    await comment(english.id, 'pending', 'English pending two.');
    await comment(english.id, 'approved', 'English approved.');
    await comment(persian.id, 'pending', 'نظر در انتظار.');
    await comment(persian.id, 'spam', 'Buy now.');
    moderator = await signInAs(site, 'moderator');
  });

  afterAll(async () => {
    await site?.close();
  });

  it('counts every tab under the same filters and marks the current one', async () => {
    const html = decodeHtml(await moderator.html('/admin/comments'));
    expect(html).toMatch(/<a href="\/admin\/comments\?status=pending" aria-current="page">Pending <span class="tab-count">3<\/span>/);
    expect(html).toMatch(/<a href="\/admin\/comments\?status=approved">Approved <span class="tab-count">1<\/span>/);
    expect(html).toMatch(/<a href="\/admin\/comments\?status=spam">Spam <span class="tab-count">1<\/span>/);

    const fa = decodeHtml(await moderator.html('/admin/comments?status=pending&edition=fa'));
    expect(fa).toMatch(/Pending <span class="tab-count">1<\/span>/);
    expect(fa).toMatch(/Approved <span class="tab-count">0<\/span>/);
    expect(fa).toContain('نظر در انتظار.');
    expect(fa).not.toContain('English pending one.');
    // Tabs keep the filter.
    expect(fa).toContain('href="/admin/comments?status=spam&edition=fa"');
  });

  it('offers stories by headline, not by id, and filters by one', async () => {
    const html = decodeHtml(await moderator.html('/admin/comments'));
    expect(html).toContain(`<option value="${english.id}">Ferry Timetable Changes for the Summer (2)</option>`);
    expect(html).not.toContain('Story id');
    const filtered = decodeHtml(await moderator.html(`/admin/comments?status=pending&story=${english.id}`));
    expect(filtered).toContain(`<option value="${english.id}" selected>Ferry Timetable Changes for the Summer (2)</option>`);
    expect(filtered).not.toContain('نظر در انتظار.');
  });

  it('shows every time on one clock: UTC across editions, the edition’s when narrowed to one', async () => {
    const all = decodeHtml(await moderator.html('/admin/comments'));
    expect(visibleText(all)).toContain('Times are in UTC.');
    expect(all.match(/<time datetime="[^"]+">[^<]+<\/time>/g)?.every((t) => t.includes('(UTC)'))).toBe(true);
    const fa = decodeHtml(await moderator.html('/admin/comments?edition=fa'));
    expect(visibleText(fa)).toContain('Times are in Asia/Tehran.');
    expect(fa).toContain('<time datetime="2025-04-02T12:35:00+03:30">2 Apr 2025, 12:35 (Asia/Tehran)</time>');
  });

  it('makes Approve the primary action, the other verdicts secondary, and Ban a link to a question', async () => {
    const html = await moderator.html(`/admin/comments?status=pending&story=${english.id}`);
    expect(html).toMatch(/<button type="submit" class="button button-small">Approve<span class="visually-hidden">: Reader \d+<\/span><\/button>/);
    expect(html).toMatch(/<button type="submit" class="button button-small button-secondary">Reject/);
    expect(html).toMatch(/<button type="submit" class="button button-small button-secondary">Mark as spam/);
    expect(html).not.toMatch(/<button[^>]*>Ban/);
    expect(html).toMatch(/<a class="ban-link" href="\/admin\/comments\/\d+\/ban\?back=/);
    // The bulk form carries the session's token.
    expect(html).toMatch(/<form method="post" action="\/admin\/comments\/moderate" id="bulk-form"[^>]*><input type="hidden" name="_csrf" value="[^"]+"/);
  });

  it('bans only from the confirmation page; a direct post is shown the question and bans nobody', async () => {
    const id = await comment(english.id, 'pending', 'Rude words here.');
    const bansBefore = await site.services.database.db.selectFrom('comment_bans').select('id').execute();

    const question = decodeHtml(await moderator.html(`/admin/comments/${id}/ban?back=${encodeURIComponent('/admin/comments?status=pending')}`));
    expect(question).toContain('<h1>Ban this comment’s author?</h1>');
    expect(question).toContain('Rude words here.');
    expect(question).toContain('Ferry Timetable Changes for the Summer');
    expect(question).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect(question).toContain('<a href="/admin/comments?status=pending">Cancel, back to the queue</a>');

    const direct = await moderator.post(`/admin/comments/${id}/ban`, { kind: 'email', back: '/admin/comments' });
    expect(direct.status).toBe(303);
    expect(direct.headers.get('location')).toBe(`/admin/comments/${id}/ban?kind=email&back=%2Fadmin%2Fcomments`);
    expect(await site.services.database.db.selectFrom('comment_bans').select('id').execute()).toEqual(bansBefore);

    const confirmed = await moderator.post(`/admin/comments/${id}/ban`, { kind: 'email', back: '/admin/comments', confirm: 'yes' });
    expect(confirmed.headers.get('location')).toBe('/admin/comments?done=banned');
    expect((await site.services.database.db.selectFrom('comment_bans').select('id').execute()).length).toBe(bansBefore.length + 1);
    const audit = await site.services.audit.query({ action: 'comment.ban_added' });
    expect(audit.items.some((e) => e.actor?.id === moderator.user.id)).toBe(true);
  });

  it('answers 404 for the question about a comment that does not exist', async () => {
    expect((await moderator.get('/admin/comments/999999/ban')).status).toBe(404);
  });

  it('refuses a bulk action without the CSRF token and changes nothing', async () => {
    const id = await comment(english.id, 'pending', 'Still pending.');
    const response = await moderator.post('/admin/comments/moderate', { id: String(id), action: 'approve' }, { csrf: 'none' });
    expect(response.status).toBe(403);
    const row = await site.services.database.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('refuses the question page to authors', async () => {
    const id = await comment(english.id, 'pending', 'Not for authors.');
    const author = await signInAs(site, 'author');
    expect((await author.get(`/admin/comments/${id}/ban`)).status).toBe(403);
  });
});
