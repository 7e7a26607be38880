import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
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
}

/**
 * Registers the gauges of a running server (once per process: `main` calls it).
 * @example registerServerGauges({ connections: () => undefined, schedulerLagSeconds: async () => 0, pendingComments: async () => 0, pageCache: () => app.pageCache.stats(), changeLag: () => services.changes.lag() })
 */
export function registerServerGauges(gauges: ServerGauges): void {
  for (const name of [
    'dateline_database_connections',
    'dateline_scheduler_lag_seconds',
    'dateline_comments_pending',
    'dateline_page_cache_events_total',
    'dateline_page_cache_bytes',
    'dateline_page_cache_entries',
    'dateline_change_events_behind',
    'dateline_change_events_lag_seconds',
  ]) {
    metricsRegistry.removeSingleMetric(name);
  }
  new Gauge({
    name: 'dateline_page_cache_events_total',
    help: 'Page cache outcomes since start: hits, misses, stores, evictions (for room), invalidations (by a change), stale discards',
    labelNames: ['outcome'] as const,
    registers: [metricsRegistry],
    collect() {
      const stats = gauges.pageCache();
      for (const outcome of ['hits', 'misses', 'stores', 'evictions', 'invalidations', 'staleDiscards'] as const) this.set({ outcome }, stats[outcome]);
    },
  });
  new Gauge({
    name: 'dateline_page_cache_bytes',
    help: 'Bytes of kept pages (all encodings), and the limit (PAGE_CACHE_MB)',
    labelNames: ['of'] as const,
    registers: [metricsRegistry],
    collect() {
      const stats = gauges.pageCache();
      this.set({ of: 'kept' }, stats.bytes);
      this.set({ of: 'limit' }, stats.maxBytes);
    },
  });
  new Gauge({
    name: 'dateline_page_cache_entries',
    help: 'Pages kept in memory',
    registers: [metricsRegistry],
    collect() {
      this.set(gauges.pageCache().entries);
    },
  });
  new Gauge({
    name: 'dateline_change_events_behind',
    help: 'Change events committed and not yet delivered to this server',
    registers: [metricsRegistry],
    async collect() {
      this.set((await gauges.changeLag().catch(() => ({ events: Number.NaN }))).events);
    },
  });
  new Gauge({
    name: 'dateline_change_events_lag_seconds',
    help: 'Age of the oldest change event not yet delivered to this server (0 when keeping up)',
    registers: [metricsRegistry],
    async collect() {
      this.set((await gauges.changeLag().catch(() => ({ seconds: Number.NaN }))).seconds);
    },
  });
  new Gauge({
    name: 'dateline_database_connections',
    help: 'PostgreSQL pool connections, by state (total, idle, waiting for one)',
    labelNames: ['state'] as const,
    registers: [metricsRegistry],
    collect() {
      const stats = gauges.connections();
      if (!stats) return;
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  new Gauge({
    name: 'dateline_scheduler_lag_seconds',
    help: 'How late the most overdue scheduled story is (0 when the scheduler is keeping up)',
    registers: [metricsRegistry],
    async collect() {
      this.set(await gauges.schedulerLagSeconds().catch(() => Number.NaN));
    },
  });
  new Gauge({
    name: 'dateline_comments_pending',
    help: 'Readers’ comments waiting for a moderator',
    registers: [metricsRegistry],
    async collect() {
      this.set(await gauges.pendingComments().catch(() => Number.NaN));
    },
  });
}
