import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { registerServerGauges } from '../../src/http/metrics.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { testEngines } from '../support/engines.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

const SCRAPE_TOKEN = 'webhook-scrape-token';

/** Operators see the webhook deliverer's backlog on /metrics: what waits, what was given up, and for how long. */
describe.each(testEngines())('webhook figures on /metrics on %s', (engine) => {
  let site: TestSite;
  const clock = new ManualClock('2026-05-04T09:00:00.000Z');

  beforeAll(async () => {
    site = await startTestSite(engine, { clock, metricsToken: SCRAPE_TOKEN });
    // As src/main.ts registers them for a running server.
    registerServerGauges({
      connections: () => undefined,
      schedulerLagSeconds: () => site.services.figures.schedulerLagSeconds(),
      pendingComments: () => site.services.figures.pendingComments(),
      pageCache: () => site.app.pageCache.stats(),
      changeLag: () => site.services.changes.lag(),
      webhookBacklog: () => site.services.figures.webhookBacklog(),
    });
  });

  afterAll(async () => {
    await site?.close();
  });

  /** The webhook figures of one scrape, by series. */
  async function scrape(): Promise<Record<string, number>> {
    const response = await site.get('/metrics', { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    return Object.fromEntries([...text.matchAll(/^(dateline_webhook_[\w{}="]+) (\S+)$/gmu)].map((m) => [m[1] ?? '', Number(m[2])]));
  }

  async function subscribe(name: string) {
    const { endpoint } = await site.services.webhooks.create(commandLineActor, { url: `https://${name}.example.com/dateline`, description: name, events: ['story.published'], isEnabled: true });
    return endpoint;
  }

  async function publishAndFanOut(headline: string): Promise<void> {
    await site.services.stories.save({ editionCode: 'en', headline, body: [paragraph(`${headline}: the first report.`)], status: 'published', publishedAt: clock.now().toISOString() });
    await site.services.webhooks.enqueueNewEvents();
  }

  it('counts pending, held and failed deliveries, and tells the age of the oldest pending one', async () => {
    expect(await scrape()).toEqual({
      'dateline_webhook_deliveries{state="pending"}': 0,
      'dateline_webhook_deliveries{state="held"}': 0,
      'dateline_webhook_deliveries{state="failed"}': 0,
      dateline_webhook_oldest_pending_seconds: 0,
    });

    const apps = await subscribe('apps');
    const partner = await subscribe('partner');
    await publishAndFanOut('Tram Drivers Vote To Strike');
    clock.advance({ seconds: 90 });
    expect(await scrape()).toMatchObject({ 'dateline_webhook_deliveries{state="pending"}': 2, dateline_webhook_oldest_pending_seconds: 90 });

    // A day later both are tried for the last time: the partner's answers, the apps team's fails for good.
    clock.advance({ hours: 25 });
    const claims = await site.services.webhooks.claimDue(10, 60_000);
    expect(claims).toHaveLength(2);
    const deliveries = await site.services.database.db.selectFrom('webhook_deliveries').select(['id', 'endpoint_id']).execute();
    for (const claim of claims) {
      const isApps = deliveries.find((d) => d.id === claim.id)?.endpoint_id === apps.id;
      await site.services.webhooks.recordOutcome(claim, isApps ? { isSuccess: false, status: 500, excerpt: null, error: 'answered:500' } : { isSuccess: true, status: 204, excerpt: null, error: null });
    }

    // The partner turns its endpoint off: what is made for it meanwhile waits, and is no sign of a stuck job.
    await publishAndFanOut('Strike Called Off After Late Talks');
    await site.services.webhooks.update(commandLineActor, partner.id, { url: partner.url, description: partner.description, events: partner.events, isEnabled: false });
    clock.advance({ hours: 2 });
    expect(await scrape()).toEqual({
      'dateline_webhook_deliveries{state="pending"}': 1,
      'dateline_webhook_deliveries{state="held"}': 1,
      'dateline_webhook_deliveries{state="failed"}': 1,
      dateline_webhook_oldest_pending_seconds: 7200,
    });
  });
});
