import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { cacheKeys } from '../modules/changes/index.ts';
import type { Services } from '../services.ts';
import { StaticPage } from '../views/pages/static-page.tsx';
import { renderPage } from '../views/render-page.ts';
import { keepPage } from './cached-pages.ts';
import { staticPageView } from './site-identity-presenter.ts';
import type { SitePresenter } from './site-presenter.ts';
import { frameKeys, siteFrame } from './site-routes.ts';

/**
 * An edition's own pages at `/{edition}/{slug}` (docs/decisions/018): kept in memory like every reader page, and
 * dropped when the page, its edition's frame or the list of editions changes. A draft is not there for readers.
 * The site's own routes (`/en/news/…`, `/en/corrections`) are more specific and always win; the page service
 * refuses the slugs they use.
 */
export function registerStaticPageRoutes(app: FastifyInstance, services: Services, presenter: SitePresenter, publicUrl: string): void {
  app.get<{ Params: { edition: string; slug: string } }>('/:edition/:slug', async (request, reply) => {
    const edition = services.editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const page = await services.sitePages.findPublished(edition.code, request.params.slug);
    if (!page) return reply.callNotFound();
    const view = staticPageView(await siteFrame(services, presenter, edition), edition, page, publicUrl);
    keepPage(request, [...frameKeys(edition), cacheKeys.sitePage(edition.code, page.slug)]);
    return reply.code(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'public, no-cache').send(renderPage(h(StaticPage, { view })));
  });
}
