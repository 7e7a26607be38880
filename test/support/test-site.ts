import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { RequestTimeouts } from '../../src/config/app-config.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseTimeouts } from '../../src/db/open-database.ts';
import type { Clock } from '../../src/modules/clock/clock.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createMigratedTestDatabase, type Engine, type TestDatabase } from './engines.ts';

export interface TestSite {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  engine: Engine;
  services: Services;
  app: FastifyInstance;
  database: TestDatabase;
  /** GET a path on the real server, redirects not followed. */
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface TestSiteOptions {
  /** The site's configured public address (default `http://dateline.test`); https makes cookies Secure. */
  publicUrl?: string;
  /** "Now" for the site's services (publishing, scheduling); a `ManualClock` lets a test move time. */
  clock?: Clock;
  /** Take the client address from `X-Forwarded-For`, so a test can post from many addresses (TRUST_PROXY). */
  trustProxy?: boolean;
  /** Other origins whose images pages may show (IMAGE_ORIGINS); none by default. */
  imageOrigins?: string[];
  /** Limits on slow clients (default: the production defaults). */
  timeouts?: RequestTimeouts;
  /** The database's waits (default: as configured by the environment, i.e. the production defaults). */
  databaseTimeouts?: DatabaseTimeouts;
  /** The bearer token `/metrics` asks for (METRICS_TOKEN); without one it answers 404. */
  metricsToken?: string;
  /** A database made by the test (on a cluster of its own); the site drops it on close. */
  database?: TestDatabase;
  /** Content API requests a minute without a key (API_ANONYMOUS_PER_MINUTE; default 60). */
  apiAnonymousPerMinute?: number;
  /** When uploads make their variants (default `none`: on first request, so tests stay deterministic). */
  mediaWarm?: 'background' | 'none' | 'await';
}

/** A real server on a random loopback port, on a fresh database of the given engine (migrated: a copy of the run's template). */
export async function startTestSite(engine: Engine, options: TestSiteOptions = {}): Promise<TestSite> {
  const database = options.database ?? (await createMigratedTestDatabase(engine));
  const handle = await openDatabase(parseDatabaseUrl(database.url), { timeouts: options.databaseTimeouts });
  // Test sites hash throwaway passwords at argon2id's minimum cost; test/integration/accounts.test.ts checks the real one.
  const services = await createServices(handle, { clock: options.clock, mediaWarm: options.mediaWarm ?? 'none', passwordCost: 'test-only' });
  const app = await buildApp({
    config: {
      publicUrl: options.publicUrl ?? 'http://dateline.test',
      logLevel: 'silent',
      trustProxy: options.trustProxy ?? false,
      timeouts: options.timeouts,
      imageOrigins: options.imageOrigins,
      metricsToken: options.metricsToken,
      apiAnonymousPerMinute: options.apiAnonymousPerMinute,
    },
    services,
    logger: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    engine,
    services,
    app,
    database,
    get: (path, init) => fetch(`${url}${path}`, { redirect: 'manual', ...init }),
    close: async () => {
      await services.media.settle();
      await app.close();
      await handle.close();
      await database.drop();
    },
  };
}

export interface SecondServer {
  url: string;
  services: Services;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Another app server on the same database, in this process, with its own connections and page cache. */
export async function startSecondServer(databaseUrl: string, options: { publicUrl?: string } = {}): Promise<SecondServer> {
  const handle = await openDatabase(parseDatabaseUrl(databaseUrl));
  const services = await createServices(handle);
  const app = await buildApp({ config: { publicUrl: options.publicUrl ?? 'http://dateline.test', logLevel: 'silent' }, services, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    services,
    app,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}
