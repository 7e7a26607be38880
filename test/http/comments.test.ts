import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor, personActor } from '../../src/modules/accounts/account-types.ts';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import { commentLimits } from '../../src/modules/comments/index.ts';
import { testEngines } from '../support/engines.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { signInAs } from '../support/admin-agent.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * Readers posting comments over HTTP, with and without scripting (a form POST and a JSON request), and
 * every abuse check trying the forbidden thing: the page shows attack strings inert or the post is refused,
 * and nothing else on the page changes.
 */

const ATTACKS = [
  '<script>alert("x")</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">click</a> javascript:alert(2)',
  '"><svg onload=alert(1)>',
  'Invoice \u202Egpj.exe and \u2066isolated\u2069 text',
  '&lt;b&gt;entity&lt;/b&gt; & <b>bold</b>',
  'https://example.org/"onmouseover="alert(1)',
];

describe.each(testEngines())('readers’ comments over HTTP on %s', (engine) => {
  let site: TestSite;
  const clock = new ManualClock('2025-03-14T09:00:00.000Z');
  let story: { id: number; code: number; path: string };
  let made = 0;

  async function newStory(): Promise<{ id: number; code: number; path: string }> {
    made++;
    const saved = await site.services.stories.save(
      {
        editionCode: 'en',
        headline: `Harbour Council Votes on the Ferry Timetable, Part ${made}`,
        body: [paragraph('The council met on Tuesday to decide the winter timetable.')],
        status: 'published',
        publishedAt: '2025-03-13T08:00:00.000Z',
      },
      clock.now(),
    );
    return { id: saved.id, code: saved.code, path: `/en/news/${saved.code}/${saved.slug}` };
  }

  async function formToken(path: string): Promise<string> {
    const html = await (await site.get(path)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(token, 'the form carries a token').toBeDefined();
    return token ?? '';
  }

  interface PostOptions {
    json?: boolean;
    token?: string;
    wait?: boolean;
    from?: string;
  }

  /** Serves the form, lets a person's typing time pass, and posts it. */
  async function postComment(target: { code: number; path: string }, fields: Record<string, string>, options: PostOptions = {}): Promise<Response> {
    const token = options.token ?? (await formToken(target.path));
    if (options.wait !== false) clock.advance({ seconds: 5 });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (options.json) headers.accept = 'application/json';
    if (options.from) headers['x-forwarded-for'] = options.from;
    return site.get(`/en/news/${target.code}/comments`, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ _csrf: token, name: 'Ana Ruiz', email: 'ana@example.org', website: '', ...fields }),
    });
  }

  /** The comment form of a page, as the reader sees it. */
  function commentForm(html: string): string {
    const start = html.indexOf('<form class="comment-form"');
    expect(start, 'the page has a comment form').toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</form>', start) + '</form>'.length);
  }

  async function commentsSection(path: string): Promise<string> {
    const html = await (await site.get(path)).text();
    return html.slice(html.indexOf('<section class="comments"'), html.indexOf('</section>', html.indexOf('<section class="comments"')));
  }

  async function count(status?: string): Promise<number> {
    let query = site.services.database.db.selectFrom('comments').select((eb) => eb.fn.countAll<number | string>().as('n'));
    if (status) query = query.where('status', '=', status as 'pending');
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  async function moderator(role: Role = 'moderator') {
    const added = await site.services.users.addUser(commandLineActor, { email: `${role}-${made++}@comments.test`, role, password: 'a long enough password here' });
    return personActor(added.user, null);
  }

  beforeAll(async () => {
    site = await startTestSite(engine, { clock });
  });
  afterAll(async () => {
    await site?.close();
  });
  beforeEach(async () => {
    // A fresh rate-limit window and a fresh story for every test.
    clock.advance({ minutes: 5 });
    story = await newStory();
  });

  it('posts a comment without scripting: a 303 back to the story, which says it awaits moderation', async () => {
    const response = await postComment(story, { body: 'The winter timetable leaves the early ferry out.' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${story.path}?comment=pending#comments`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const section = await commentsSection(`${story.path}?comment=pending`);
    expect(section).toContain('your comment will appear once a moderator has approved it.');
    expect(section).toContain('<p class="comment-count">0 comments</p>');
    expect(section).not.toContain('early ferry');
  });

  it('shows an approved comment and counts it, after a moderator approves it', async () => {
    const response = await postComment(story, { body: 'Thank you for the\nclear report.' }, { json: true });
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { id: number; status: string; message: string };
    expect(answer.status).toBe('pending');
    expect(answer.message).toContain('once a moderator has approved it');
    await site.services.comments.moderate(await moderator(), [answer.id], 'approve');
    const section = await commentsSection(story.path);
    expect(section).toContain('<p class="comment-count">1 comment</p>');
    expect(section).toContain('Thank you for the<br/>clear report.');
    expect(section).toContain('Ana Ruiz');
  });

  it('publishes at once on a post-moderated story, and never shows the email', async () => {
    await site.services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    const response = await postComment(story, { body: 'Published straight away, see https://example.org/timetable.' });
    expect(response.headers.get('location')).toMatch(new RegExp(`^${story.path}\\?comment=published#comment-\\d+$`));
    const html = await (await site.get(story.path)).text();
    expect(html).toContain('<a href="https://example.org/timetable" rel="nofollow ugc noopener">https://example.org/timetable</a>.');
    expect(html).not.toContain('ana@example.org');
    const feed = await (await site.get('/en/feed.xml')).text();
    expect(feed).not.toContain('ana@example.org');
  });

  it('shows attack strings as inert text and changes nothing else on the page', async () => {
    await site.services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    const outside = (html: string) => html.replace(/<section class="comments"[\s\S]*?<\/section>/u, '');
    const before = outside(await (await site.get(story.path)).text());
    let n = 0;
    for (const attack of ATTACKS) {
      clock.advance({ minutes: 2 });
      const response = await postComment(story, { name: `Tester ${n++} <b>`, body: attack });
      expect(response.headers.get('location'), attack).toContain('comment=published');
    }
    const html = await (await site.get(story.path)).text();
    expect(outside(html)).toBe(before);
    const section = html.slice(html.indexOf('<ol class="comment-list">'), html.indexOf('</ol>', html.lastIndexOf('<li class="comment"')));
    // Real tags start with `<`; the readers' `<` arrive escaped, so any tag here is one we wrote.
    expect(section).not.toMatch(/<(script|img|svg|b)[\s>]/iu);
    expect(section).not.toMatch(/<[a-z][^<>]*\son[a-z]+=/iu);
    expect(section).not.toContain('href="javascript:');
    expect(section).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>');
    expect(section).toContain('&amp;lt;b&amp;gt;entity');
    expect(section).toContain('Tester 0 &lt;b>');
    expect(section).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/u);
    expect(section).toContain('Invoice gpj.exe');
  });

  it('takes broken UTF-8 as inert text', async () => {
    await site.services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    const token = await formToken(story.path);
    clock.advance({ seconds: 5 });
    const response = await site.get(`/en/news/${story.code}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(token)}&name=Broken&email=b%40example.org&website=&body=%FF%FEbad%C3%28bytes`,
    });
    expect(response.status).toBe(303);
    const section = await commentsSection(story.path);
    // The form parser leaves undecodable escapes as they came: shown as text, never decoded into markup.
    expect(section).toMatch(/(%FF%FE|\uFFFD\uFFFD)bad(%C3%28|\uFFFD\()bytes/u);
    const list = section.slice(section.indexOf('<ol class="comment-list">'), section.indexOf('<form'));
    expect(list).not.toMatch(/<(script|img|svg)[\s>]/iu);
  });

  it('refuses a 1 MB body unread', async () => {
    const before = await count();
    const response = await postComment(story, { body: 'x'.repeat(1024 * 1024) });
    expect(response.status).toBe(413);
    expect(await count()).toBe(before);
  });

  it('refuses empty, whitespace-only and too-long comments with the page itself, the text still in the form', async () => {
    const before = await count();
    for (const [body, message] of [
      ['', 'Write a comment before sending it.'],
      ['   \n\t \u200b ', 'Write a comment before sending it.'],
      ['y'.repeat(commentLimits.bodyMaxLength + 1), 'Your comment is too long.'],
    ] as const) {
      clock.advance({ minutes: 2 });
      const response = await postComment(story, { body });
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const form = commentForm(await response.text());
      expect(form).toContain(`<p id="comment-error" class="comment-message comment-message-error" role="alert">${message}</p>`);
      expect(form).toContain(`dir="auto" aria-describedby="comment-counter comment-error" aria-invalid="true" autofocus>${body}</textarea>`);
      expect(form).toContain('value="Ana Ruiz"');
      expect(form).toContain('value="ana@example.org"');
    }
    clock.advance({ minutes: 2 });
    const json = await postComment(story, { body: ' ' }, { json: true });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { detail: string }).detail).toBe('Write a comment before sending it.');
    expect(await count()).toBe(before);
    // A link to an outcome still shows its message, as old links and cached pages expect.
    expect(await commentsSection(`${story.path}?comment=empty`)).toContain('Write a comment before sending it.');
  });

  it('gives a refused post back to its sender only, as inert text, with a fresh form that then goes through', async () => {
    await site.services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    expect((await postComment(story, { body: 'Said <b>once</b> & for all.' }, { json: true })).status).toBe(201);
    clock.advance({ minutes: 2 });
    const name = 'Tester <script>alert(1)</script>';
    const refused = await postComment(story, { name, body: 'Said <b>once</b> & for all.' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const html = await refused.text();
    const form = commentForm(html);
    expect(form).toContain('role="alert">You have already posted this comment.</p>');
    expect(form).toContain('value="Tester &lt;script>alert(1)&lt;/script>"');
    expect(form).toContain('>Said &lt;b>once&lt;/b> &amp; for all.</textarea>');
    expect(html).not.toMatch(/<script>alert/u);
    // The shared, cacheable page never holds what one reader typed.
    const shared = await (await site.get(story.path)).text();
    expect(shared).not.toContain('Tester &lt;script>');
    expect(shared).not.toContain('ana@example.org');
    // The reader edits the text in the page they got and sends it again with that page's token.
    const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const again = await postComment(story, { body: 'Said twice, then.' }, { token });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toContain('comment=published');
  });

  it('marks the field to fix, and keeps a reply a reply', async () => {
    const db = site.services.database.db;
    await site.services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    const parent = (await (await postComment(story, { body: 'The first word.' }, { json: true })).json()) as { id: number };
    clock.advance({ minutes: 2 });
    const response = await postComment(story, { email: 'not an email', body: 'A reply worth keeping.', parent: String(parent.id) });
    expect(response.status).toBe(400);
    const form = commentForm(await response.text());
    expect(form).toContain('Enter an email address like name@example.org.');
    expect(form).toMatch(/id="comment-email"[^>]*value="not an email" aria-describedby="comment-email-hint comment-error" aria-invalid="true" autofocus/u);
    expect(form).not.toMatch(/id="comment-body"[^>]*aria-invalid/u);
    expect(form).toContain(`<input type="hidden" name="parent" value="${parent.id}"/>`);
    expect(form).toContain('Reply to Ana Ruiz');
    expect(Number((await db.selectFrom('comments').select((eb) => eb.fn.countAll<number | string>().as('n')).where('story_id', '=', story.id).executeTakeFirstOrThrow()).n)).toBe(1);
  });

  it('gives the text back to copy when comments closed while the reader typed', async () => {
    const token = await formToken(story.path);
    await site.services.comments.setStoryPolicy(commandLineActor, story.id, 'closed');
    const response = await postComment(story, { body: 'Typed before it closed.' }, { token });
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).not.toContain('<form class="comment-form"');
    expect(html).toContain('Comments on this story are closed.');
    expect(html).toContain('<label for="comment-unsent">Your comment, not sent: copy it to keep it</label>');
    expect(html).toContain('readonly');
    expect(html).toContain('>Typed before it closed.</textarea>');
  });

  it('refuses the honeypot, a form sent too fast, and a missing, forged or other story’s token', async () => {
    const before = await count();
    const other = await newStory();
    const honeypot = await postComment(story, { body: 'Bot text', website: 'http://spam.example' }, { json: true });
    expect(honeypot.status).toBe(400);
    // The island's fresh token, taken as the reader starts writing, times the writing.
    const fresh = (await (await site.get(`/en/news/${story.code}/comment-form`)).json()) as { token: string };
    const tooFast = await postComment(story, { body: 'Typed in no time' }, { json: true, wait: false, token: fresh.token });
    expect(tooFast.status).toBe(400);
    expect(((await tooFast.json()) as { code: string }).code).toBe('TOO_FAST');
    for (const token of ['', 'forged.token', await formToken(other.path)]) {
      const response = await postComment(story, { body: 'Cross-site post' }, { json: true, token });
      expect(response.status, token).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('FORM_EXPIRED');
    }
    clock.advance({ hours: 25 });
    const stale = await formToken(story.path);
    clock.advance({ hours: 25 });
    expect((await postComment(story, { body: 'From yesterday’s tab' }, { json: true, token: stale })).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('limits comments per address: 429 with Retry-After for scripts, a message for forms', async () => {
    for (let i = 0; i < commentLimits.perAddressPerWindow; i++) {
      const response = await postComment(story, { body: `Point number ${i} about the ferry.` }, { json: true });
      expect(response.status).toBe(201);
    }
    const refused = await postComment(story, { body: 'One more point.' }, { json: true });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(((await refused.json()) as { detail: string }).detail).toBe('You are commenting too fast: wait a minute and try again.');
    const form = await postComment(story, { body: 'And from the form.' });
    expect(form.status).toBe(429);
    expect(form.headers.get('retry-after')).toBe('60');
    const page = commentForm(await form.text());
    expect(page).toContain('role="alert">You are commenting too fast: wait a minute and try again.</p>');
    expect(page).toContain('>And from the form.</textarea>');
    clock.advance({ minutes: 2 });
    expect((await postComment(story, { body: 'A minute later.' }, { json: true })).status).toBe(201);
  });

  it('ignores X-Forwarded-For unless the site trusts a proxy, so a client cannot pick its address', async () => {
    for (let i = 0; i < commentLimits.perAddressPerWindow; i++) {
      expect((await postComment(story, { body: `Spoofed ${i}.` }, { json: true, from: `203.0.113.${i}` })).status).toBe(201);
    }
    expect((await postComment(story, { body: 'Spoofed again.' }, { json: true, from: '198.51.100.99' })).status).toBe(429);
  });

  it('refuses duplicates, too many links, and banned emails', async () => {
    expect((await postComment(story, { body: 'Same words twice.' }, { json: true })).status).toBe(201);
    expect((await postComment(story, { body: 'Same  words twice.' }, { json: true })).status).toBe(409);
    const links = await postComment(story, { body: 'https://a.example https://b.example https://c.example' }, { json: true });
    expect(links.status).toBe(400);
    expect(((await links.json()) as { code: string }).code).toBe('TOO_MANY_LINKS');
    await site.services.comments.banEmail(await moderator('editor'), 'Troll@Example.org', 'abuse');
    const banned = await postComment(story, { body: 'I am back.', email: 'troll@example.org' }, { json: true });
    expect(banned.status).toBe(403);
    expect(((await banned.json()) as { detail: string }).detail).toBe('Your comment could not be accepted.');
  });

  it('closes comments by policy and after the story’s days, removing the form', async () => {
    await site.services.comments.setStoryPolicy(commandLineActor, story.id, 'closed');
    expect(await commentsSection(story.path)).toContain('Comments on this story are closed.');
    expect(await commentsSection(story.path)).not.toContain('<form');
    const token = /name="_csrf" value="([^"]+)"/.exec(await (await site.get('/en/news/' + story.code)).text());
    expect(token).toBeNull();
    await site.services.comments.setStoryPolicy(commandLineActor, story.id, null, 3);
    const now = clock.now();
    clock.set('2025-03-13T09:00:00.000Z');
    expect(await commentsSection(story.path)).toContain('<form');
    clock.set('2025-03-16T09:00:00.000Z');
    expect(await commentsSection(story.path)).toContain('Comments on this story are closed.');
    // Time only moves forward for the other tests' rate-limit windows.
    clock.set(now);
  });

  it('pages long threads, newest or oldest first, with replies one level deep', async () => {
    const db = site.services.database.db;
    const rows = Array.from({ length: 120 }, (_, i) => ({
      story_id: story.id,
      parent_id: null,
      author_name: `Reader ${i}`,
      email: `r${i}@example.org`,
      email_hash: `e${i}`,
      address_hash: 'a',
      body: `Comment number ${i}`,
      body_hash: `b${i}`,
      status: 'approved' as const,
      held_reason: null,
      created_at: new Date(Date.UTC(2025, 2, 13, 9, 0, i)).toISOString(),
      moderated_at: null,
      moderated_by: null,
      edited_at: null,
    }));
    await db.insertInto('comments').values(rows).execute();
    const first = await commentsSection(story.path);
    expect((first.match(/<li class="comment"/g) ?? []).length).toBe(commentLimits.pageSize);
    expect(first).toContain('Comment number 119');
    expect(first).toContain(`href="${story.path}?comments=2#comments"`);
    const oldest = await commentsSection(`${story.path}?order=oldest&comments=3`);
    expect(oldest).toContain('Comment number 119');
    expect(oldest).not.toContain('Comment number 99<');
    expect((await site.get(`${story.path}?comments=4`)).status).toBe(404);
    expect((await site.get(`${story.path}?comments=abc`)).status).toBe(400);

    const parent = await db.selectFrom('comments').select('id').where('story_id', '=', story.id).where('author_name', '=', 'Reader 119').executeTakeFirstOrThrow();
    const replyForm = await commentsSection(`${story.path}?reply=${parent.id}`);
    expect(replyForm).toContain('Reply to Reader 119');
    expect(replyForm).toContain(`name="parent" value="${parent.id}"`);
    await site.services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    const reply = await postComment(story, { body: 'A reply to the newest.', parent: String(parent.id) }, { json: true });
    expect(reply.status).toBe(201);
    const { id: replyId } = (await reply.json()) as { id: number };
    const nested = await postComment(story, { body: 'A reply to a reply.', parent: String(replyId) }, { json: true });
    expect(nested.status).toBe(400);
    const page = await commentsSection(story.path);
    expect(page).toMatch(/<ol class="comment-replies"><li class="comment" id="comment-\d+">[\s\S]*A reply to the newest\./u);
  });

  it('lets a moderator approve from the queue in bulk, with the story in context, and counts it', async () => {
    const first = (await (await postComment(story, { body: 'Queue item one.' }, { json: true })).json()) as { id: number };
    const second = (await (await postComment(story, { body: 'Queue item two.', email: 'two@example.org' }, { json: true })).json()) as { id: number };
    const agent = await signInAs(site, 'moderator');
    const queue = await agent.html(`/admin/comments?status=pending&story=${story.id}`);
    expect(queue).toContain('Queue item one.');
    // Moderators tell commenters apart by a masked email; no page shows a whole address.
    expect(queue).toContain('t…@example.org');
    expect(queue).not.toContain('two@example.org');
    expect(queue).toContain(`href="${story.path}#comments"`);
    const token = await agent.csrfToken();
    const response = await agent.request('/admin/comments/moderate', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['_csrf', token], ['id', String(first.id)], ['id', String(second.id)], ['action', 'approve'], ['back', `/admin/comments?status=pending&story=${story.id}`]]),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/comments?status=pending&story=${story.id}&done=approve`);
    const section = await commentsSection(story.path);
    expect(section).toContain('<p class="comment-count">2 comments</p>');
    expect(section).toContain('Queue item two.');
    const audit = await site.services.audit.query({ action: 'comment.approved' });
    expect(audit.items.filter((e) => e.actor?.id === agent.user.id).map((e) => e.subject?.id).sort()).toEqual([String(first.id), String(second.id)].sort());
  });

  it('refuses the queue and its actions to authors and contributors, changing nothing', async () => {
    const { id } = (await (await postComment(story, { body: 'Not for authors.' }, { json: true })).json()) as { id: number };
    for (const role of ['author', 'contributor'] as const) {
      const agent = await signInAs(site, role);
      expect((await agent.get('/admin/comments')).status).toBe(403);
      expect((await agent.post('/admin/comments/moderate', { id: String(id), action: 'approve' })).status).toBe(403);
    }
    const row = await site.services.database.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('speaks the edition’s language after a form post (fa, right to left)', async () => {
    await site.services.editions.ensure('fa');
    const saved = await site.services.stories.save(
      { editionCode: 'fa', headline: 'جلسه شورای بندر', body: [paragraph('شورا سه‌شنبه تشکیل جلسه داد.')], status: 'published', publishedAt: '2025-03-13T08:00:00.000Z' },
      clock.now(),
    );
    const path = `/fa/news/${saved.code}/${saved.slug}`;
    const html = await (await site.get(`${encodeURI(path)}?comment=pending`)).text();
    expect(html).toContain('سپاس: نظر شما پس از تأیید ناظر نمایش داده می‌شود.');
    expect(html).toContain('ارسال نظر');
    // The script's network-error message comes with the page, in the edition's language.
    expect(html).toContain('data-failed-text="نظر شما ارسال نشد: اتصال خود را بررسی کنید و دوباره تلاش کنید."');
  });

  it('shows times in the moderation queue on the story’s edition’s clock', async () => {
    await site.services.editions.ensure('fa');
    const saved = await site.services.stories.save(
      { editionCode: 'fa', headline: 'ساعت صف نظرها', body: [paragraph('متن خبر.')], status: 'published', publishedAt: '2025-03-13T08:00:00.000Z' },
      clock.now(),
    );
    await site.services.database.db
      .insertInto('comments')
      .values({
        story_id: saved.id,
        parent_id: null,
        author_name: 'Sara',
        email: 'sara@example.org',
        email_hash: 'queue-clock',
        address_hash: 'queue-clock',
        body: 'Posted at 09:05 UTC.',
        body_hash: 'queue-clock',
        status: 'pending',
        held_reason: null,
        created_at: '2025-03-14T09:05:00.000Z',
        moderated_at: null,
        moderated_by: null,
        edited_at: null,
      })
      .execute();
    const agent = await signInAs(site, 'moderator');
    const queue = await agent.html(`/admin/comments?status=pending&story=${saved.id}`);
    expect(queue).toContain('<time datetime="2025-03-14T12:35:00+03:30">14 Mar 2025, 12:35 (Asia/Tehran)</time>');
    expect(queue).not.toContain('09:05 UTC</time>');
  });
});
