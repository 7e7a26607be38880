import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { AppConfig } from './config/app-config.ts';
import { adminPlugin } from './http/admin/admin-plugin.ts';
import { loadIslandScript } from './http/admin/admin-assets.ts';
import { commentIslandHref, registerCommentRoutes } from './http/comment-routes.ts';
import { registerErrorHandling } from './http/error-handling.ts';
import { registerFeedRoutes } from './http/feed-routes.ts';
import { registerMediaRoutes } from './http/media-routes.ts';
import { applySecurityHeaders } from './http/security-headers.ts';
import { loadBrandAssets, loadStylesheet, registerAssetRoutes } from './http/site-assets.ts';
import { SitePresenter } from './http/site-presenter.ts';
import { registerSearchRoutes } from './http/search-routes.ts';
import { registerSiteRoutes, storyPageRenderer } from './http/site-routes.ts';
import { registerSitemapRoutes } from './http/sitemap-routes.ts';
import type { Services } from './services.ts';

export interface AppDependencies {
  config: Pick<AppConfig, 'publicUrl' | 'logLevel'> & Partial<Pick<AppConfig, 'trustProxy'>>;
  services: Services;
  logger?: FastifyServerOptions['logger'];
}

/** The whole HTTP application, without listening: tests and `main` both start from here. */
export async function buildApp({ config, services, logger }: AppDependencies): Promise<FastifyInstance> {
  // Errors Fastify raises before routing (a malformed or over-long URL) get the site's own pages too.
  const frameworkErrors: { send?: (error: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => void } = {};
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    frameworkErrors: (error, request, reply) => frameworkErrors.send?.(error, request as FastifyRequest, reply as FastifyReply),
    // Story URLs carry slugs in any script; allow long, percent-encoded paths.
    routerOptions: { maxParamLength: 500 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // request.ip keys comment rate limits and bans: the socket's address unless a proxy is trusted.
    trustProxy: config.trustProxy ?? false,
  });
  const stylesheet = loadStylesheet();
  const brand = loadBrandAssets();
  const presenter = new SitePresenter(config.publicUrl, stylesheet.href, { logo: brand.logo, iconHref: brand.icon.href });

  // Each process holds the editions in memory; a change made through another app server arrives within seconds.
  app.addHook('onRequest', async () => services.editions.refreshIfStale());

  app.addHook('onSend', async (_request, reply, payload) => {
    applySecurityHeaders(reply);
    return payload;
  });

  // Before any plugin is registered: an awaited plugin copies the error handler in force when it
  // loads, and Fastify's default one would show an unexpected error's message to the reader.
  frameworkErrors.send = registerErrorHandling(app, services, presenter);

  app.get('/healthz', async (_request, reply) => {
    await services.database.db.selectFrom('editions').select('code').limit(1).execute();
    return reply.header('cache-control', 'no-store').send({ status: 'ok', engine: services.database.engine });
  });

  registerAssetRoutes(app, stylesheet, brand);
  registerMediaRoutes(app, services);
  const commentForm = await loadIslandScript('comment-form');
  const renderStory = storyPageRenderer(services, presenter, commentIslandHref(commentForm));
  registerSiteRoutes(app, services, presenter, renderStory);
  await app.register(async (scope) => registerCommentRoutes(scope, services, commentForm, renderStory));
  registerFeedRoutes(app, services, presenter);
  registerSitemapRoutes(app, services, presenter);
  await registerSearchRoutes(app, services, presenter);
  await app.register(adminPlugin, { services, config, sitePresenter: presenter });
  return app;
}
