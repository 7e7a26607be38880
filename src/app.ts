import { randomUUID } from 'node:crypto';
import http from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { defaultRequestTimeouts, type AppConfig } from './config/app-config.ts';
import { registerContentApi } from './http/api/content-api-routes.ts';
import { registerOpenApi } from './http/api/openapi.ts';
import { ApiRequestCounts } from './http/api/api-rate-limit.ts';
import { registerCachedPages, type KeptPages } from './http/cached-pages.ts';
import type { PageCache } from './http/page-cache.ts';
import { adminPlugin } from './http/admin/admin-plugin.ts';
import { loadIslandScript } from './http/admin/admin-assets.ts';
import { commentIslandHref, registerCommentRoutes } from './http/comment-routes.ts';
import { registerErrorHandling } from './http/error-handling.ts';
import { registerFeedRoutes } from './http/feed-routes.ts';
import { registerHealthRoutes } from './http/health-routes.ts';
import { registerMediaRoutes } from './http/media-routes.ts';
import { registerObservability } from './http/observability.ts';
import { applySecurityHeaders, securityHeaderPolicy } from './http/security-headers.ts';
import { loadBrandAssets, loadStylesheet, registerAssetRoutes } from './http/site-assets.ts';
import { SitePresenter } from './http/site-presenter.ts';
import { registerSearchRoutes } from './http/search-routes.ts';
import { registerSiteRoutes, storyPageRenderer } from './http/site-routes.ts';
import { registerStaticPageRoutes } from './http/static-page-routes.ts';
import { registerSitemapRoutes } from './http/sitemap-routes.ts';
import type { Services } from './services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Reader pages kept in memory (src/http/cached-pages.ts); its stats feed the metrics. */
    pageCache: PageCache;
    /** Settles once the pages a change dropped have been made again. */
    pagesSettled(): Promise<void>;
  }
}

export interface AppDependencies {
  config: Pick<AppConfig, 'publicUrl' | 'logLevel'> &
    Partial<Pick<AppConfig, 'trustProxy' | 'timeouts' | 'imageOrigins' | 'pageCacheBytes' | 'pageCacheMaxAgeMs' | 'metricsToken' | 'logRequests' | 'apiAnonymousPerMinute'>>;
  services: Services;
  logger?: FastifyServerOptions['logger'];
}

/** Fastify's default: idle keep-alive connections close after this. */
const KEEP_ALIVE_MS = 72_000;

/** The whole HTTP application, without listening: tests and `main` both start from here. */
export async function buildApp({ config, services, logger }: AppDependencies): Promise<FastifyInstance> {
  // Errors Fastify raises before routing (a malformed or over-long URL) get the site's own pages too.
  const frameworkErrors: { send?: (error: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => void } = {};
  const timeouts = config.timeouts ?? defaultRequestTimeouts;
  // Kept reader pages are answered by the server itself, before Fastify's routing and hooks: the path a
  // breaking story's readers take. Everything else goes to Fastify. (`keptPages` is made below, before
  // the server answers anything.)
  const app = Fastify({
    serverFactory: (handler) => {
      const server = http.createServer(
        {
          // Slow clients (a body trickling in a byte at a time) are cut off: see RequestTimeouts. Node checks
          // these every 30 s by default, which would let a 10 s limit run to 40 s.
          headersTimeout: timeouts.headersMs,
          requestTimeout: timeouts.requestMs,
          connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
          keepAliveTimeout: KEEP_ALIVE_MS,
        },
        (request, response) => {
          if (!keptPages.serve(request, response)) handler(request, response);
        },
      );
      server.setTimeout(timeouts.connectionMs);
      return server;
    },
    // Readable lines on a terminal, JSON for log collectors; each line carries the request's id.
    logger: logger ?? { level: config.logLevel, ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty' } } : {}) },
    logController: new LogController({ disableRequestLogging: !config.logRequests }),
    genReqId: () => randomUUID(),
    frameworkErrors: (error, request, reply) => frameworkErrors.send?.(error, request as FastifyRequest, reply as FastifyReply),
    // Story URLs carry slugs in any script; allow long, percent-encoded paths.
    routerOptions: { maxParamLength: 500 },
    return503OnClosing: true,
    // Shutdown drains connections itself (src/http/connection-drainer.ts): 'idle' reset requests not yet read.
    forceCloseConnections: false,
    // request.ip keys comment rate limits and bans: the socket's address unless a proxy is trusted.
    trustProxy: config.trustProxy ?? false,
    // The server's own limits are set where it is made, above; Fastify's copies serve `inject`.
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: KEEP_ALIVE_MS,
  });
  const stylesheet = loadStylesheet();
  const brand = loadBrandAssets();
  const presenter = new SitePresenter(config.publicUrl, stylesheet.href, { logo: brand.logo, iconHref: brand.icon.href });

  const headerPolicy = securityHeaderPolicy(config.publicUrl, config.imageOrigins);
  app.addHook('onSend', async (_request, reply, payload) => {
    applySecurityHeaders(reply, headerPolicy);
    return payload;
  });

  // Changes from this process and every other on the database drop exactly the pages they touch.
  await services.changes.start();
  app.addHook('onClose', async () => services.changes.stop());
  const keptPages: KeptPages = registerCachedPages(app, services.changes, {
    maxBytes: config.pageCacheBytes ?? 256 * 1024 * 1024,
    maxAgeMs: config.pageCacheMaxAgeMs ?? 3_600_000,
    now: () => services.clock.now().getTime(),
  });
  app.decorate('pageCache', keptPages.cache);
  app.decorate('pagesSettled', keptPages.settled);

  // Before any plugin is registered: an awaited plugin copies the error handler in force when it
  // loads, and Fastify's default one would show an unexpected error's message to the reader.
  frameworkErrors.send = registerErrorHandling(app, services, presenter, headerPolicy, keptPages.serveLastGood);

  // Before any route: the OpenAPI document learns each route as it is added.
  await registerOpenApi(app, config.publicUrl);
  registerHealthRoutes(app, services);
  registerObservability(app, { metricsToken: config.metricsToken });
  registerAssetRoutes(app, stylesheet, brand);
  registerMediaRoutes(app, services);
  const commentForm = await loadIslandScript('comment-form');
  const renderStory = storyPageRenderer(services, presenter, commentIslandHref(commentForm));
  registerSiteRoutes(app, services, presenter, renderStory);
  registerStaticPageRoutes(app, services, presenter, config.publicUrl);
  await app.register(async (scope) => registerCommentRoutes(scope, services, commentForm, renderStory, presenter));
  registerFeedRoutes(app, services, presenter);
  registerSitemapRoutes(app, services, presenter);
  await registerSearchRoutes(app, services, presenter);
  // A key has one limit however it is used: the content API and the newsroom's API count its requests together.
  const apiRequestCounts = new ApiRequestCounts();
  await app.register(adminPlugin, { services, config, sitePresenter: presenter, apiRequestCounts });
  await registerContentApi(app, services, { publicUrl: config.publicUrl, anonymousPerMinute: config.apiAnonymousPerMinute ?? 60, stylesheetHref: stylesheet.href, requestCounts: apiRequestCounts });
  return app;
}
