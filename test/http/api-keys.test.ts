import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { createUser, signInAs } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/** Keys as admins make them and integrations use them: shown once, refused once revoked, limited, tied to origins. */
describe.each(testEngines())('API keys on %s', (engine) => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startTestSite(engine, { apiAnonymousPerMinute: 5 });
    await createUser(site, 'owner');
    await site.services.stories.save({ editionCode: 'en', headline: 'Tram Line Opens To The Airport', body: [paragraph('The first tram left at six.')], status: 'published', publishedAt: '2026-02-01T06:00:00.000Z' });
  });

  afterAll(async () => {
    await site?.close();
  });

  /** Makes a key through the newsroom's page, as an admin would; returns the token the page shows once. */
  async function makeKey(form: Record<string, string>): Promise<string> {
    const admin = await signInAs(site, 'admin');
    const response = await admin.post('/admin/settings/api-keys', { scope: 'content', allowedOrigins: '', requestsPerMinute: '600', ...form });
    const html = await response.text();
    expect(response.status, html.slice(0, 300)).toBe(201);
    const token = /dtl_[\w-]{43}/.exec(html)?.[0];
    expect(token).toBeDefined();
    return token ?? '';
  }

  const withKey = (token: string, headers: Record<string, string> = {}) => ({ headers: { authorization: `Bearer ${token}`, ...headers } });

  it('shows a new key’s token once, keeps only its digest, and refuses it once revoked', async () => {
    const token = await makeKey({ name: 'Mobile App' });
    const row = await site.services.database.db.selectFrom('api_keys').selectAll().where('name', '=', 'Mobile App').executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const admin = await signInAs(site, 'admin');
    const listing = await admin.html('/admin/settings/api-keys');
    expect(listing).toContain('Mobile App');
    expect(listing).not.toContain(token);

    expect((await site.get('/api/v1/stories?edition=en', withKey(token))).status).toBe(200);
    const revoked = await admin.post(`/admin/settings/api-keys/${row.id}/revoke`);
    expect(revoked.status).toBe(200);
    const refused = await site.get('/api/v1/stories?edition=en', withKey(token));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ title: 'Unauthorized', code: 'API_KEY_INVALID', status: 401 });
    const audit = await site.services.database.db.selectFrom('audit_log').select('action').where('subject_type', '=', 'api_key').where('subject_id', '=', String(row.id)).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it('refuses an editor, who may not manage keys, and makes nothing', async () => {
    const editor = await signInAs(site, 'editor');
    const before = await site.services.database.db.selectFrom('api_keys').select('id').execute();
    const response = await editor.post('/admin/settings/api-keys', { name: 'Sneaky', scope: 'content', allowedOrigins: '', requestsPerMinute: '60' });
    expect(response.status).toBe(403);
    expect(await site.services.database.db.selectFrom('api_keys').select('id').execute()).toEqual(before);
  });

  it('names the field to fix when a key is described wrongly', async () => {
    const admin = await signInAs(site, 'admin');
    const response = await admin.post('/admin/settings/api-keys', { name: 'Partner', scope: 'content', allowedOrigins: 'ftp://files.example', requestsPerMinute: '60' });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('<p id="key-origins-error" class="field-error">Allowed origins: &quot;ftp://files.example&quot; is not an origin like https://app.example');
  });

  it('tells each caller its limit in RateLimit headers, and answers 429 problem details past it', async () => {
    const token = await makeKey({ name: 'Tight Partner', requestsPerMinute: '3' });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await site.get('/api/v1/editions', withKey(token));
      statuses.push(last.status);
      if (i === 0) {
        expect(last.headers.get('ratelimit-limit')).toBe('3');
        expect(last.headers.get('ratelimit-remaining')).toBe('2');
        expect(Number(last.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last?.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last?.json()).toMatchObject({ title: 'Too Many Requests', code: 'RATE_LIMITED', status: 429 });
    // Another key has its own count.
    const other = await makeKey({ name: 'Other Partner', requestsPerMinute: '3' });
    expect((await site.get('/api/v1/editions', withKey(other))).status).toBe(200);
  });

  it('limits an admin key on the newsroom’s API too, counting its content API requests with them; a session is not limited', async () => {
    const { user: desk } = await createUser(site, 'editor', { displayName: 'Busy Script' });
    const { token } = await site.services.apiKeys.create(commandLineActor, { name: 'Busy script', scope: 'admin', allowedOrigins: [], requestsPerMinute: 3, actsAsUserId: desk.id });
    const content = await site.get('/api/v1/editions', withKey(token));
    expect(content.headers.get('ratelimit-remaining')).toBe('2');
    const first = await site.get('/api/admin/me', withKey(token));
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect((await site.get('/api/admin/me', withKey(token))).status).toBe(200);
    const refused = await site.get('/api/admin/media', withKey(token));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ title: 'Too Many Requests', code: 'RATE_LIMITED', status: 429 });
    // Past the limit on one API, the same key is past it on the other.
    expect((await site.get('/api/v1/editions', withKey(token))).status).toBe(429);

    const admin = await signInAs(site, 'admin');
    for (let i = 0; i < 4; i++) {
      const me = await admin.get('/api/admin/me');
      expect(me.status).toBe(200);
      expect(me.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('answers without a key at the lower anonymous limit', async () => {
    const first = await site.get('/api/v1/editions');
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('5');
  });

  it('lets a browser call from the origins its key lists, and no other', async () => {
    const token = await makeKey({ name: 'Partner Widget', allowedOrigins: 'https://widget.example\nhttps://news.partner.example' });
    const preflight = await site.get('/api/v1/stories?edition=en', { method: 'OPTIONS', headers: { origin: 'https://widget.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://widget.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');

    const allowed = await site.get('/api/v1/stories?edition=en', withKey(token, { origin: 'https://widget.example' }));
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://widget.example');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');

    const elsewhere = await site.get('/api/v1/stories?edition=en', withKey(token, { origin: 'https://evil.example' }));
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect(await elsewhere.json()).toMatchObject({ title: 'Forbidden', code: 'ORIGIN_NOT_ALLOWED' });

    const unlisted = await site.get('/api/v1/stories?edition=en', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets staff automation create, update, publish and schedule stories with an admin key that acts as a person', async () => {
    const { user: desk } = await createUser(site, 'editor', { displayName: 'Wire Desk Robot' });
    const { token } = await site.services.apiKeys.create(commandLineActor, { name: 'Wire desk', scope: 'admin', allowedOrigins: [], requestsPerMinute: 600, actsAsUserId: desk.id });
    const api = (method: string, path: string, body?: unknown) =>
      site.get(path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });

    const created = await api('POST', '/api/admin/stories', { fields: { editionCode: 'en', headline: 'Wire: Markets Open Higher' }, body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Shares rose at the open.' }] }] } });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id, revision } = (await created.json()) as { id: number; revision: number };
    const updated = await api('PUT', `/api/admin/stories/${id}/draft`, { expectedRevision: revision, fields: { headline: 'Wire: Markets Open Sharply Higher' }, body: null });
    expect(updated.status, await updated.clone().text()).toBe(200);
    const published = await api('POST', `/api/admin/stories/${id}/publish`);
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ outcome: 'published', status: 'published' });

    const story = await site.services.database.db.selectFrom('stories').select(['code', 'created_by']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(story.created_by).toBe(desk.id);
    const readers = await site.get(`/api/v1/stories/en/${story.code}?fields=headline`);
    expect(await readers.json()).toEqual({ headline: 'Wire: Markets Open Sharply Higher' });
    const audit = await site.services.database.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('action', '=', 'story.published').where('subject_id', '=', String(id)).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(desk.id);

    const later = await api('POST', '/api/admin/stories', { fields: { editionCode: 'en', headline: 'Wire: Budget Speech At Noon' }, body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The minister speaks at noon.' }] }] } });
    const laterId = ((await later.json()) as { id: number }).id;
    const scheduled = await api('POST', `/api/admin/stories/${laterId}/schedule`, { at: '2099-01-01T12:00:00Z' });
    expect(scheduled.status, await scheduled.clone().text()).toBe(200);
    expect(await scheduled.json()).toMatchObject({ outcome: 'scheduled', status: 'scheduled', scheduledAt: '2099-01-01T12:00:00.000Z' });
    const badInstant = await api('POST', `/api/admin/stories/${laterId}/schedule`, { at: 'tomorrow' });
    expect(badInstant.status).toBe(400);
    expect(await badInstant.json()).toMatchObject({ code: 'PARAMETER_INVALID', field: 'at' });
  });

  it('refuses a content key, a revoked key and a key for an author where the author may not act', async () => {
    const story = await site.services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'Someone Else’s Draft', body: [paragraph('Not theirs.')] }, commandLineActor);
    const content = await makeKey({ name: 'Reader App' });
    const asContent = await site.get(`/api/admin/stories/${story.id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${content}` } });
    expect(asContent.status).toBe(403);
    expect(await asContent.json()).toMatchObject({ title: 'Forbidden', code: 'API_KEY_SCOPE' });

    const { user: author } = await createUser(site, 'author');
    const { token } = await site.services.apiKeys.create(commandLineActor, { name: 'Author script', scope: 'admin', allowedOrigins: [], requestsPerMinute: 600, actsAsUserId: author.id });
    const asAuthor = await site.get(`/api/admin/stories/${story.id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    // An author's own rights decide, as on the newsroom's pages: someone else's draft is not theirs to see.
    expect(asAuthor.status).toBe(404);
    expect(await asAuthor.json()).toMatchObject({ title: 'Not Found', code: 'STORY_NOT_FOUND' });
    const row = await site.services.database.db.selectFrom('stories').select('status').where('id', '=', story.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');

    const unknown = await site.get(`/api/admin/stories/${story.id}/publish`, { method: 'POST', headers: { authorization: 'Bearer dtl_not-a-real-key' } });
    expect(unknown.status).toBe(401);
  });
});
