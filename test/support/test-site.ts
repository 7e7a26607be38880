import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import type { Clock } from '../../src/modules/clock/clock.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, type Engine, type TestDatabase } from './engines.ts';

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
  /** When uploads make their variants (default `none`: on first request, so tests stay deterministic). */
  mediaWarm?: 'background' | 'none' | 'await';
}

/** A real server on a random loopback port, on a fresh database of the given engine. */
export async function startTestSite(engine: Engine, options: TestSiteOptions = {}): Promise<TestSite> {
  const database = await createTestDatabase(engine);
  const handle = await openDatabase(parseDatabaseUrl(database.url));
  const services = await createServices(handle, { clock: options.clock, mediaWarm: options.mediaWarm ?? 'none' });
  const app = await buildApp({ config: { publicUrl: options.publicUrl ?? 'http://dateline.test', logLevel: 'silent', trustProxy: options.trustProxy ?? false }, services, logger: false });
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
