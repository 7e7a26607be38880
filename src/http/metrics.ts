import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
}

/**
 * Registers the gauges of a running server (once per process: `main` calls it).
 * @example registerServerGauges({ connections: () => undefined, schedulerLagSeconds: async () => 0, pendingComments: async () => 0 })
 */
export function registerServerGauges(gauges: ServerGauges): void {
  for (const name of ['dateline_database_connections', 'dateline_scheduler_lag_seconds', 'dateline_comments_pending']) metricsRegistry.removeSingleMetric(name);
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
