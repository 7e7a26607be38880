import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { WebhookBacklog } from '../modules/webhooks/index.ts';
import type { PageCacheStats } from './page-cache.ts';

/**
 * The process's one Prometheus registry, served at `/metrics` (or on METRICS_PORT). Other parts register
 * their own metrics here (page cache, event consumers): `new Counter({ …, registers: [metricsRegistry] })`.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Requests answered, by method, route pattern (never the raw URL: one series per route) and status. */
export const httpRequests = new Counter({
  name: 'dateline_http_requests_total',
  help: 'HTTP requests answered, by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'dateline_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const databaseQueryDuration = new Histogram({
  name: 'dateline_database_query_duration_seconds',
  help: 'Time of one database statement, by outcome (ok, error)',
  labelNames: ['outcome'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [metricsRegistry],
});

/** What the running server reports about itself when scraped; each is read at scrape time. */
export interface ServerGauges {
  /** PostgreSQL pool connections; undefined on SQLite. */
  connections(): { total: number; idle: number; waiting: number } | undefined;
  /** How late the most overdue scheduled story is, in seconds (0 when none is overdue). */
  schedulerLagSeconds(): Promise<number>;
  /** Readers' comments waiting for a moderator. */
  pendingComments(): Promise<number>;
  /** The page cache's counters and size (src/http/page-cache.ts). */
  pageCache(): PageCacheStats;
  /** How far this server's change feed is behind the outbox. */
  changeLag(): Promise<{ events: number; seconds: number }>;
  /** Webhook deliveries waiting and given up, and the oldest one's age. */
  webhookBacklog(): Promise<WebhookBacklog>;
}

/**
 * Registers the gauges of a running server (once per process: `main` calls it).
 * @example registerServerGauges({ connections: () => undefined, schedulerLagSeconds: async () => 0, pendingComments: async () => 0, pageCache: () => app.pageCache.stats(), changeLag: () => services.changes.lag(), webhookBacklog: () => services.figures.webhookBacklog() })
 */
export function registerServerGauges(gauges: ServerGauges): void {
  const outcomes = ['hits', 'misses', 'stores', 'evictions', 'invalidations', 'staleDiscards'] as const;
  scrapedGauge('dateline_page_cache_events_total', 'Page cache outcomes since start: hits, misses, stores, evictions (for room), invalidations (by a change), stale discards', 'outcome', () => {
    const stats = gauges.pageCache();
    return Object.fromEntries(outcomes.map((outcome) => [outcome, stats[outcome]]));
  });
  scrapedGauge('dateline_page_cache_bytes', 'Bytes of kept pages (all encodings), and the limit (PAGE_CACHE_MB)', 'of', () => {
    const stats = gauges.pageCache();
    return { kept: stats.bytes, limit: stats.maxBytes };
  });
  scrapedGauge('dateline_page_cache_entries', 'Pages kept in memory', undefined, () => gauges.pageCache().entries);
  scrapedGauge('dateline_change_events_behind', 'Change events committed and not yet delivered to this server', undefined, async () => (await gauges.changeLag()).events);
  scrapedGauge('dateline_change_events_lag_seconds', 'Age of the oldest change event not yet delivered to this server (0 when keeping up)', undefined, async () => (await gauges.changeLag()).seconds);
  scrapedGauge('dateline_database_connections', 'PostgreSQL pool connections, by state (total, idle, waiting for one)', 'state', () => gauges.connections());
  scrapedGauge('dateline_scheduler_lag_seconds', 'How late the most overdue scheduled story is (0 when the scheduler is keeping up)', undefined, () => gauges.schedulerLagSeconds());
  scrapedGauge('dateline_comments_pending', 'Readers’ comments waiting for a moderator', undefined, () => gauges.pendingComments());
  scrapedGauge('dateline_webhook_deliveries', 'Webhook deliveries by state: pending (to send or retry), held (for an endpoint that is off), failed (given up after a day)', 'state', async () => {
    const { pending, held, failed } = await gauges.webhookBacklog();
    return { pending, held, failed };
  });
  scrapedGauge('dateline_webhook_oldest_pending_seconds', 'Age of the oldest pending webhook delivery to an endpoint that is on (0 when none); past a day, nothing is sending them', undefined, async () => (await gauges.webhookBacklog()).oldestPendingSeconds);
}

/** One reading: a number, a number per label value, or nothing (the figure does not apply, as the pool on SQLite). */
type Reading = number | Readonly<Record<string, number>> | undefined;

/**
 * A gauge read when metrics are fetched. It replaces one of the same name, so a server started again in the
 * same process (tests) reports its own figures. A reading that fails is NaN: a scrape never fails for one figure.
 */
function scrapedGauge(name: string, help: string, label: string | undefined, read: () => Reading | Promise<Reading>): void {
  metricsRegistry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    labelNames: label === undefined ? [] : [label],
    registers: [metricsRegistry],
    async collect() {
      const reading = await Promise.resolve()
        .then(read)
        .catch(() => Number.NaN);
      if (typeof reading === 'number') this.set(reading);
      else if (reading !== undefined && label !== undefined) for (const [value, figure] of Object.entries(reading)) this.set({ [label]: value }, figure);
    },
  });
}
