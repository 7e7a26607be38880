import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AppConfig } from './config/app-config.ts';
import { registerErrorHandling } from './http/error-handling.ts';
import { loadStylesheet, registerAssetRoutes } from './http/site-assets.ts';
import { SitePresenter } from './http/site-presenter.ts';
import { registerSiteRoutes } from './http/site-routes.ts';
import type { Services } from './services.ts';

export interface AppDependencies {
  config: Pick<AppConfig, 'publicUrl' | 'logLevel'>;
  services: Services;
  logger?: FastifyServerOptions['logger'];
}

/** The whole HTTP application, without listening: tests and `main` both start from here. */
export async function buildApp({ config, services, logger }: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    // Story URLs carry slugs in any script; allow long, percent-encoded paths.
    routerOptions: { maxParamLength: 500 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const stylesheet = loadStylesheet();
  const presenter = new SitePresenter(config.publicUrl, stylesheet.href);

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', "default-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'");
      reply.header('x-frame-options', 'SAMEORIGIN');
    }
    return payload;
  });

  app.get('/healthz', async (_request, reply) => {
    await services.database.db.selectFrom('editions').select('code').limit(1).execute();
    return reply.header('cache-control', 'no-store').send({ status: 'ok', engine: services.database.engine });
  });

  registerAssetRoutes(app, stylesheet);
  registerSiteRoutes(app, services, presenter);
  registerErrorHandling(app, services, presenter);
  return app;
}
