import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SitemapService, writeSitemap, type SitemapSource } from '../modules/sitemaps/index.ts';
import { cacheKeys } from '../modules/changes/index.ts';
import type { Services } from '../services.ts';
import { keepPage } from './cached-pages.ts';
import { isClientCopyCurrent } from './conditional-get.ts';
import type { SitePresenter } from './site-presenter.ts';
import { sitePaths } from './site-paths.ts';

/** The index and the news sitemap follow publishing closely; a past month's sitemap hardly ever changes. */
const FRESH_SITEMAP_CACHE = 'public, max-age=300, stale-while-revalidate=600';
const MONTH_SITEMAP_CACHE = 'public, max-age=3600, stale-while-revalidate=86400';
const ROBOTS_CACHE = 'public, max-age=86400';

/** `en-2020-11.xml`, `en-2020-11-2.xml`: the inverse of sitePaths.monthSitemap. */
const MONTH_FILE = /^(.+)-(\d{4}-\d{2})(?:-([2-9]|[1-9]\d{1,5}))?\.xml$/;

/** robots.txt, the sitemap index, and the sitemaps it names (sitePaths has their addresses). */
export function registerSitemapRoutes(app: FastifyInstance, services: Services, presenter: SitePresenter): void {
  const sitemaps = new SitemapService(services.storyQueries, services.editions, presenter.sitemapUrls(), undefined, services.media, services.sitePages);

  async function send(request: FastifyRequest, reply: FastifyReply, source: SitemapSource | undefined, cache: string) {
    if (!source) return reply.callNotFound();
    reply.header('cache-control', cache);
    if (isClientCopyCurrent(request, reply, source)) return reply.code(304).send();
    keepPage(request, [cacheKeys.site, cacheKeys.sitemaps]);
    return reply.header('content-type', 'application/xml; charset=utf-8').send(await writeSitemap(source.document));
  }

  app.get(sitePaths.robots, async (request, reply) => {
    keepPage(request, [cacheKeys.site]);
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', ROBOTS_CACHE)
      .send(['User-agent: *', 'Allow: /', '', `Sitemap: ${presenter.absolute(sitePaths.sitemapIndex)}`, ''].join('\n'));
  });

  app.get(sitePaths.sitemapIndex, async (request, reply) => send(request, reply, await sitemaps.index(), FRESH_SITEMAP_CACHE));
  // With no story in the last two days there is no news sitemap: the protocol has no empty urlset, and the index omits it.
  app.get(sitePaths.newsSitemap, async (request, reply) => send(request, reply, await sitemaps.news(), FRESH_SITEMAP_CACHE));
  app.get(sitePaths.pagesSitemap, async (request, reply) => send(request, reply, await sitemaps.pages(), FRESH_SITEMAP_CACHE));
  app.get<{ Params: { file: string } }>('/sitemaps/:file', async (request, reply) => {
    const match = MONTH_FILE.exec(request.params.file);
    if (!match) return reply.callNotFound();
    const [, editionCode = '', month = '', page] = match;
    return send(request, reply, await sitemaps.month(editionCode, month, page === undefined ? 1 : Number(page)), MONTH_SITEMAP_CACHE);
  });
}
