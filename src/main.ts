import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { AppConfig } from './config/app-config.ts';
import { openDatabase } from './db/open-database.ts';
import { ConnectionDrainer } from './http/connection-drainer.ts';
import { databaseQueryDuration, registerServerGauges } from './http/metrics.ts';
import { metricsText } from './http/observability.ts';
import { Scheduler } from './jobs/scheduler.ts';
import { WebhookDeliverer } from './jobs/webhook-deliverer.ts';
import { sitePaths } from './http/site-paths.ts';
import { loadDemoContent } from './modules/demo/load-demo-content.ts';
import { createServices, migrationSteps } from './services.ts';
import { DatelineError } from './errors/dateline-error.ts';

export class StartupError extends DatelineError {
  constructor(message: string, options?: ErrorOptions) {
    super('STARTUP_FAILED', message, { cause: options?.cause });
  }
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Resolves when the server has shut down after SIGTERM or SIGINT. */
  closed: Promise<void>;
}

/**
 * Opens the database, builds the app and listens. On SIGTERM or SIGINT: stop accepting, answer what arrived
 * (with `Connection: close`), let the scheduler finish its step, destroy what remains after
 * `shutdownTimeoutMs`, close the database.
 */
export async function startServer(
  config: AppConfig,
  options: { demoIfEmpty?: boolean; createIfMissing?: boolean; log?: (line: string) => void } = {},
): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.error(line));
  const database = await openDatabase(config.database, {
    createIfMissing: options.createIfMissing ?? true,
    migrationSteps,
    onQuery: (ms, isError) => databaseQueryDuration.observe({ outcome: isError ? 'error' : 'ok' }, ms / 1000),
  });
  let app: FastifyInstance | undefined;
  let scheduler: Scheduler | undefined;
  let deliverer: WebhookDeliverer | undefined;
  let metricsServer: Server | undefined;
  try {
    // Background work (following other servers' changes) says when it fails, at most once a minute.
    let lastBackgroundErrorAt = 0;
    const services = await createServices(database, {
      onBackgroundError: (error) => {
        if (Date.now() - lastBackgroundErrorAt < 60_000) return;
        lastBackgroundErrorAt = Date.now();
        log(`dateline: following changes failed (retrying): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      },
      webhookAllowPrivate: config.webhookAllowPrivate,
      ownHosts: [new URL(config.publicUrl).host],
    });
    if (options.demoIfEmpty) {
      if (!(await services.figures.hasStories())) {
        log('dateline: empty database, loading demo content…');
        const summary = await loadDemoContent(services);
        log(`dateline: loaded ${summary.stories} demo stories in editions ${summary.editions.join(', ')}`);
      }
    }
    app = await buildApp({ config, services });
    // Publishes scheduled stories: once at start, catching up on what fell due while the server was down,
    // then every few seconds. Stopped before the database closes, so no publication is cut in half.
    scheduler = new Scheduler({ workflow: services.storyWorkflow, clock: services.clock, logger: app.log });
    // Sends webhooks from the change events; deliveries wait in the database, so a restart loses none.
    deliverer = new WebhookDeliverer({
      webhooks: services.webhooks,
      changes: services.changes,
      links: { storyUrl: (edition, code, slug) => `${config.publicUrl}${sitePaths.story(edition, code, slug)}` },
      send: services.webhookTargets,
      logger: app.log,
    });
    try {
      await app.listen({ host: config.host, port: config.port });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const where = `${config.host}:${config.port}`;
      if (code === 'EADDRINUSE') throw new StartupError(`cannot listen on ${where}: the port is already in use (set PORT or --port)`);
      if (code === 'EACCES') throw new StartupError(`cannot listen on ${where}: permission denied (ports below 1024 need privileges)`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new StartupError(`cannot listen on ${where}: no such address on this machine (check HOST or --host)`);
      throw new StartupError(`cannot listen on ${where}: ${(error as Error).message}`);
    }
    scheduler.start();
    deliverer.start();
    // Without this code nobody can take the fresh site over through /admin/setup.
    const setupCode = await services.setupCode.find();
    if (setupCode) log(`dateline: no account yet: open ${config.publicUrl}/admin/setup and enter the set-up code ${setupCode} (or add an owner with: dateline user add --role owner)`);
    const pageCache = app.pageCache;
    registerServerGauges({
      connections: () => database.connectionStats(),
      schedulerLagSeconds: () => services.figures.schedulerLagSeconds(),
      pendingComments: () => services.figures.pendingComments(),
      pageCache: () => pageCache.stats(),
      changeLag: () => services.changes.lag(),
      webhookBacklog: () => services.figures.webhookBacklog(),
    });
    if (config.metricsPort !== undefined) metricsServer = await listenForMetrics(config.host, config.metricsPort);
  } catch (error) {
    metricsServer?.close();
    await scheduler?.stop().catch(() => {});
    await deliverer?.stop().catch(() => {});
    await app?.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }

  const running = app;
  const runningScheduler = scheduler;
  const runningDeliverer = deliverer;
  const drainer = new ConnectionDrainer(running.server);
  const address = running.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const closed = new Promise<void>((resolve) => {
    let closing = false;
    const shutDown = (signal: string) => {
      if (closing) return;
      closing = true;
      log(`dateline: ${signal} received, finishing requests in flight…`);
      const deadlineMs = config.shutdownTimeoutMs;
      const drained = drainer.drain({ deadlineMs, idleGraceMs: Math.min(2000, deadlineMs / 4) }).then(({ destroyed }) => {
        if (destroyed > 0) log(`dateline: closed ${destroyed} connection(s) still open after ${deadlineMs} ms`);
      });
      metricsServer?.close();
      void Promise.all([drained, runningScheduler.stop().catch(() => {}), runningDeliverer.stop().catch(() => {})])
        .then(() => running.close())
        .then(() => database.close())
        .catch((error: unknown) => log(`dateline: error while stopping: ${(error as Error).message}`))
        .finally(() => {
          process.off('SIGTERM', onTerm);
          process.off('SIGINT', onInt);
          log('dateline: stopped');
          resolve();
        });
    };
    const onTerm = () => shutDown('SIGTERM');
    const onInt = () => shutDown('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  return { app: running, url, closed };
}

/** `/metrics` alone, without a token, on a port of its own (METRICS_PORT): for a scraper on the inside network. */
async function listenForMetrics(host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    metricsText().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    throw new StartupError(`cannot serve metrics on ${host}:${port}: ${(error as Error).message} (set METRICS_PORT)`);
  }
  return server;
}
