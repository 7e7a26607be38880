import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { WebhookDeliverer } from '../../src/jobs/webhook-deliverer.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createMigratedTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Webhooks made from the change events and sent to a real receiver on loopback (with private targets
 * allowed, as WEBHOOK_ALLOW_PRIVATE=1 does): signed, retried, kept in order per story, not lost across a
 * restart, never sent twice by two app servers (docs/decisions/020-webhooks.md).
 */
describe.each(testEngines())('webhooks on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;
  let receiver: WebhookReceiver;
  let clock: ManualClock;

  async function open(): Promise<void> {
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle, { clock, passwordCost: 'test-only', webhookAllowPrivate: true, ownHosts: ['dateline.test'] });
  }

  function deliverer(timeoutMs = 2000): WebhookDeliverer {
    return new WebhookDeliverer({
      webhooks: services.webhooks,
      links: { storyUrl: (edition, code, slug) => `https://dateline.test/${edition}/news/${code}/${slug}` },
      send: { ...services.webhookTargets, timeoutMs },
    });
  }

  async function subscribe(events: string[] = ['story.published', 'story.updated', 'story.unpublished', 'story.corrected', 'comment.approved']) {
    return services.webhooks.create(commandLineActor, { url: receiver.url, description: 'The apps team', events, isEnabled: true });
  }

  async function publish(headline: string, code?: number) {
    return services.stories.save({ editionCode: 'en', code, headline, body: [paragraph(`${headline}: the first report.`)], status: 'published', publishedAt: '2025-03-14T08:00:00.000Z' });
  }

  beforeEach(async () => {
    clock = new ManualClock('2025-03-14T09:00:00.000Z');
    database = await createMigratedTestDatabase(engine);
    receiver = await startWebhookReceiver();
    await open();
  });

  afterEach(async () => {
    await receiver.close();
    await handle.close();
    await database.drop();
  });

  it('signs each delivery so that the Standard Webhooks verifier accepts it, with the story in the body', async () => {
    const { secret } = await subscribe();
    const story = await publish('Ferry Service Resumes After Storm');
    // Receivers refuse stale timestamps: this attempt is made now.
    clock.set(new Date());
    const outcomes = await deliverer().runDue();

    expect(outcomes.map((o) => o.status)).toEqual([204]);
    const [delivered] = receiver.received;
    expect(delivered?.headers['webhook-id']).toMatch(/^msg_\d+$/);
    expect(delivered?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = new Webhook(secret).verify(delivered?.body ?? '', delivered?.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
    expect(verified.type).toBe('story.published');
    expect(verified.data).toMatchObject({ edition: 'en', code: story.code, headline: 'Ferry Service Resumes After Storm', url: `https://dateline.test/en/news/${story.code}/ferry-service-resumes-after-storm` });
    // A tampered body fails the same verifier.
    expect(() => new Webhook(secret).verify(`${delivered?.body} `, delivered?.headers as Record<string, string>)).toThrow();

    const [row] = await services.webhooks.listDeliveries((await services.webhooks.list())[0]?.id ?? 0);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 1, responseStatus: 204, eventType: 'story.published' });
  });

  it('sends only the events an endpoint chose, made from corrections and approved comments too', async () => {
    await subscribe(['story.corrected', 'comment.approved']);
    const story = await publish('Council Approves New Bridge');
    await services.corrections.addNote(commandLineActor, { editionCode: 'en', code: story.code, kind: 'correction', text: 'An earlier version gave the wrong cost.' });
    const formToken = services.comments.formToken('en', story.code);
    clock.advance({ seconds: 30 });
    const posted = await services.comments.post({ editionCode: 'en', storyCode: story.code, name: 'Ada', email: 'ada@readers.test', body: 'About time this bridge was built.', honeypot: '', formToken, addressHash: 'address-ada' });
    await services.comments.moderate(commandLineActor, [posted.id], 'approve');
    await deliverer().runDue();

    expect(receiver.received.map((r) => r.json.type)).toEqual(['story.corrected', 'comment.approved']);
    expect(receiver.received[0]?.json.data).toMatchObject({ code: story.code, note: { text: 'An earlier version gave the wrong cost.' } });
    expect(receiver.received[1]?.json.data).toMatchObject({ code: story.code, commentId: posted.id });
  });

  it('retries after a 500 and after a timeout, with growing delays, then delivers', async () => {
    await subscribe();
    await publish('Storm Closes Coastal Road');
    receiver.answerNext(500, 'hang');
    const job = deliverer(300);

    expect((await job.runDue()).map((o) => o.status)).toEqual([500]);
    // Not due again before its delay.
    expect(await job.runDue()).toEqual([]);
    clock.advance({ seconds: 10 });
    const [timedOut] = await job.runDue();
    expect(timedOut?.error).toBe('timeout:0.3');
    clock.advance({ seconds: 10 });
    expect(await job.runDue()).toEqual([]);
    clock.advance({ seconds: 10 });
    expect((await job.runDue()).map((o) => o.status)).toEqual([204]);

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const [row] = await services.webhooks.listDeliveries((await services.webhooks.list())[0]?.id ?? 0);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 3, responseStatus: 204 });
  });

  it('keeps a story’s events in order: a later one waits until the earlier has succeeded', async () => {
    await subscribe();
    const first = await publish('Harbour Fire Under Control');
    await publish('Harbour Fire Under Control, Says Chief', first.code);
    const other = await publish('Schools Reopen on Monday');
    receiver.answerNext(503);
    const job = deliverer();

    await job.runDue();
    // The other story's event is not held up; this story's update waits for its publication.
    expect(receiver.accepted.map((r) => [r.json.type, r.json.data.code])).toEqual([['story.published', other.code]]);
    clock.advance({ minutes: 1 });
    await job.runDue();
    expect(receiver.accepted.map((r) => [r.json.type, r.json.data.code])).toEqual([
      ['story.published', other.code],
      ['story.published', first.code],
      ['story.updated', first.code],
    ]);
  });

  it('gives up after a day, and turns off an endpoint that failed all day, with an audit entry', async () => {
    const { endpoint } = await subscribe();
    await publish('Airport Strike Enters Third Day');
    receiver.answerAlways(500);
    const job = deliverer();
    for (let hour = 0; hour <= 26; hour++) {
      await job.runDue();
      clock.advance({ hours: 1 });
    }
    const [row] = await services.webhooks.listDeliveries(endpoint.id);
    expect(row?.status).toBe('failed');
    expect(row?.attempts).toBeGreaterThan(8);
    const after = await services.webhooks.get(endpoint.id);
    expect(after.isEnabled).toBe(false);
    expect(after.disabledReason).toBe('answered:500');
    const audit = await services.audit.query({ action: 'webhook.disabled' });
    expect(audit.items.map((e) => e.subject)).toEqual([{ type: 'webhook', id: String(endpoint.id) }]);

    // Sent again by hand once it is back on: it arrives.
    await services.webhooks.update(commandLineActor, endpoint.id, { url: endpoint.url, description: endpoint.description, events: endpoint.events, isEnabled: true });
    await services.webhooks.redeliver(commandLineActor, endpoint.id, row?.id ?? 0);
    receiver.answerAlways(200);
    await job.runDue();
    expect(receiver.received.length).toBeGreaterThan(9);
    expect(receiver.accepted.map((r) => r.json.type)).toEqual(['story.published']);
  });

  it('loses nothing across a restart: deliveries pending when the app stopped arrive after it starts again', async () => {
    await subscribe();
    await publish('Bridge Opens to Traffic');
    await publish('Museum Extends Opening Hours');
    // The receiver is away: the first attempts fail, and the app stops with both deliveries waiting to be retried.
    receiver.answerNext(502, 502);
    const running = deliverer();
    running.start();
    await expect.poll(() => receiver.received.length).toBe(2);
    await running.stop();
    expect(receiver.accepted).toEqual([]);
    await handle.close();

    await open();
    clock.advance({ minutes: 5 });
    const restarted = deliverer();
    restarted.start();
    await expect.poll(() => receiver.accepted.map((r) => r.json.data.headline), { timeout: 5000 }).toEqual(['Bridge Opens to Traffic', 'Museum Extends Opening Hours']);
    await restarted.stop();
  });

  it('never sends one attempt twice when two app servers deliver at once', async () => {
    await subscribe();
    for (const headline of ['Rail Fares Rise', 'Library Wins Award', 'Port Expands', 'Festival Dates Set', 'New Mayor Sworn In', 'Tram Line Approved']) await publish(headline);
    const secondHandle = await openDatabase(parseDatabaseUrl(database.url));
    try {
      const second = await createServices(secondHandle, { clock, passwordCost: 'test-only', webhookAllowPrivate: true });
      const other = new WebhookDeliverer({ webhooks: second.webhooks, send: second.webhookTargets });
      await Promise.all([deliverer().runDue(), other.runDue(), deliverer().runDue()]);
    } finally {
      await secondHandle.close();
    }
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });
});
