import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The webhooks pages over real HTTP: an admin registers an endpoint and sees its secret once, reads its
 * deliveries, sends one again and makes a new secret; a private address is refused on the form; an
 * endpoint the system turned off is announced; an editor is refused everything.
 */
describe.each(testEngines())('the webhooks pages on %s', (engine) => {
  let site: TestSite;
  let admin: SignedInAgent;
  let editor: SignedInAgent;
  let persianAdmin: SignedInAgent;
  let seq = 0;

  beforeAll(async () => {
    site = await startTestSite(engine);
    await signInAs(site, 'owner');
    [admin, editor, persianAdmin] = await Promise.all([signInAs(site, 'admin'), signInAs(site, 'editor'), signInAs(site, 'admin')]);
    expect((await persianAdmin.post('/admin/account', { newsroomLanguage: 'fa' })).status).toBe(303);
  });

  afterAll(async () => {
    await site?.close();
  });

  async function addEndpoint(url = `https://hooks.example.org/in-${++seq}`) {
    const response = await admin.post('/admin/settings/webhooks', { url, description: 'The apps team', 'event.story.published': 'on', 'event.story.corrected': 'on', enabled: 'on' });
    const html = decodeHtml(await response.text());
    const endpoint = (await site.services.webhooks.list()).find((e) => e.url === url);
    return { response, html, endpoint };
  }

  it('registers an endpoint, shows its secret once, and lists it from the Settings page', async () => {
    expect(await admin.html('/admin/settings')).toContain('href="/admin/settings/webhooks"');
    const { response, html, endpoint } = await addEndpoint('https://hooks.example.org/apps');
    expect(response.status).toBe(201);
    expect(html).toContain('The endpoint was added.');
    const secret = /<code class="secret">(whsec_[A-Za-z0-9+/=]+)<\/code>/.exec(html)?.[1];
    expect(secret).toBeDefined();
    expect(endpoint?.events).toEqual(['story.published', 'story.corrected']);

    const page = decodeHtml(await admin.html(`/admin/settings/webhooks/${endpoint?.id}`));
    expect(page).not.toContain(secret ?? 'no secret');
    expect(page).toContain('Nothing sent yet.');
    const list = decodeHtml(await admin.html('/admin/settings/webhooks'));
    expect(list).toContain('https://hooks.example.org/apps');
    expect(list).toContain('Story published, Correction added');
    const audit = await site.services.audit.query({ action: 'webhook.created' });
    expect(audit.items.some((e) => e.subject?.id === String(endpoint?.id))).toBe(true);
  });

  it('refuses private addresses and an endpoint with no events, saying which field is wrong', async () => {
    const before = (await site.services.webhooks.list()).length;
    for (const url of ['http://10.0.0.5/hook', 'http://127.0.0.1:8080/', 'http://169.254.169.254/latest', 'http://[::1]/', 'http://localhost/hook']) {
      const response = await admin.post('/admin/settings/webhooks', { url, description: '', 'event.story.published': 'on', enabled: 'on' });
      expect(response.status, url).toBe(422);
      const html = decodeHtml(await response.text());
      expect(html).toContain('This address cannot receive webhooks:');
      expect(html).toContain('href="#webhook-url"');
    }
    const none = await admin.post('/admin/settings/webhooks', { url: 'https://hooks.example.org/quiet', description: '', enabled: 'on' });
    expect(none.status).toBe(422);
    expect(decodeHtml(await none.text())).toContain('Choose at least one event to send.');
    expect(await site.services.webhooks.list()).toHaveLength(before);
  });

  it('shows each delivery’s status, time, response and attempts, and sends one again by hand', async () => {
    const { endpoint } = await addEndpoint();
    const id = endpoint?.id ?? 0;
    await site.services.stories.save({ editionCode: 'en', headline: 'Tide Tables Published for Spring', body: [paragraph('High water at noon.')], status: 'published', publishedAt: '2025-03-14T08:00:00.000Z' });
    await site.services.webhooks.enqueueNewEvents();
    // Other endpoints of this site get the story too: this test answers for its own.
    const claim = (await site.services.webhooks.claimDue(20, 60_000)).find((c) => c.url === endpoint?.url);
    expect(claim).toBeDefined();
    // The receiver answered 500 on its last try of the day: the delivery has failed.
    await site.services.database.db.updateTable('webhook_deliveries').set({ give_up_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', claim?.id ?? 0).execute();
    await site.services.webhooks.recordOutcome(claim ?? { id: 0, leaseToken: '', attempt: 1 }, { isSuccess: false, status: 500, excerpt: 'busy', error: 'answered:500' });

    const page = decodeHtml(await admin.html(`/admin/settings/webhooks/${id}`));
    expect(page).toContain('1 delivery, newest first');
    expect(page).toMatch(/<td>Story published<\/td><td>Failed<\/td><td><time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d<\/time><\/td><td><time[^>]*>[^<]+<\/time><\/td><td>500<\/td><td class="numeric">1<\/td>/);

    const again = await admin.post(`/admin/settings/webhooks/${id}/deliveries/${claim?.id}/redeliver`);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/admin/settings/webhooks/${id}?notice=redelivered`);
    const [delivery] = await site.services.webhooks.listDeliveries(id);
    expect(delivery?.status).toBe('pending');
    expect(decodeHtml(await admin.html(`/admin/settings/webhooks/${id}?notice=redelivered`))).toContain('The delivery will be sent again in a moment.');
  });

  it('makes a new secret on demand, shown once', async () => {
    const { html } = await addEndpoint();
    const first = /<code class="secret">([^<]+)<\/code>/.exec(html)?.[1];
    const id = (await site.services.webhooks.list()).at(-1)?.id;
    const rotated = decodeHtml(await (await admin.post(`/admin/settings/webhooks/${id}/rotate-secret`)).text());
    const second = /<code class="secret">([^<]+)<\/code>/.exec(rotated)?.[1];
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(rotated).toContain('For a day deliveries are signed with the old one as well');
  });

  it('turns off an endpoint failing for a whole day, announces it in each admin’s language, and clears the notice when an admin turns it on', async () => {
    const { endpoint } = await addEndpoint('https://hooks.example.org/flaky');
    const id = endpoint?.id ?? 0;
    await site.services.stories.save({ editionCode: 'en', headline: 'Ferry Timetable Changes for Summer', body: [paragraph('Boats every hour.')], status: 'published', publishedAt: '2025-03-15T08:00:00.000Z' });
    await site.services.webhooks.enqueueNewEvents();
    const claim = (await site.services.webhooks.claimDue(20, 60_000)).find((c) => c.url === endpoint?.url);
    expect(claim).toBeDefined();
    // It has been failing since long ago: this failure is the one past a whole day.
    await site.services.database.db.updateTable('webhook_endpoints').set({ failing_since: '2000-01-01T00:00:00.000Z' }).where('id', '=', id).execute();
    await site.services.webhooks.recordOutcome(claim ?? { id: 0, leaseToken: '', attempt: 1 }, { isSuccess: false, status: null, excerpt: null, error: 'timeout:10' });
    expect((await site.services.webhooks.list()).find((e) => e.id === id)).toMatchObject({ isEnabled: false, disabledReason: 'timeout:10' });

    const list = decodeHtml(await admin.html('/admin/settings/webhooks'));
    expect(list).toContain('role="alert"');
    expect(list).toMatch(/https:\/\/hooks\.example\.org\/flaky was turned off on \d{1,2} \w{3} \d{4}, \d\d:\d\d \(UTC\) after failing for a whole day \(last: no answer within 10 s\)\. Check the receiver, then turn it on again\./u);
    expect(decodeHtml(await admin.html(`/admin/settings/webhooks/${id}`))).toContain('<td>none – no answer within 10 s</td>');
    const persian = visibleText(await persianAdmin.html('/admin/settings/webhooks'));
    expect(persian).toMatch(/https:\/\/hooks\.example\.org\/flaky در [۰-۹]+ \S+ [۰-۹]{4}، [۰-۹]+:[۰-۹]{2} \(UTC\) پس از یک روز کامل خطا خاموش شد \(آخرین خطا: در ۱۰ ثانیه پاسخی نیامد\)\./u);

    const saved = await admin.post(`/admin/settings/webhooks/${id}`, { url: 'https://hooks.example.org/flaky', description: 'Back', 'event.story.published': 'on', enabled: 'on' });
    expect(saved.status).toBe(303);
    expect(decodeHtml(await admin.html('/admin/settings/webhooks'))).not.toContain('https://hooks.example.org/flaky was turned off');
  });

  it('refuses an editor every webhooks page and form', async () => {
    const { endpoint } = await addEndpoint();
    expect((await editor.get('/admin/settings/webhooks')).status).toBe(403);
    expect((await editor.get(`/admin/settings/webhooks/${endpoint?.id}`)).status).toBe(403);
    expect((await editor.post(`/admin/settings/webhooks/${endpoint?.id}/rotate-secret`)).status).toBe(403);
    expect((await editor.post('/admin/settings/webhooks', { url: 'https://hooks.example.org/sneaky', 'event.story.published': 'on', enabled: 'on' })).status).toBe(403);
    expect((await site.services.webhooks.list()).some((e) => e.url.endsWith('/sneaky'))).toBe(false);
  });

  it('answers an unknown endpoint with the newsroom’s not-found page', async () => {
    const response = await admin.get('/admin/settings/webhooks/999999');
    expect(response.status).toBe(404);
    expect(decodeHtml(await response.text())).toContain('There is no such webhook endpoint.');
  });
});
