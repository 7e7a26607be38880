import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FEED_FORMATS, FEED_MEDIA_TYPES, FeedService, type FeedFormat, type FeedScope } from '../modules/feeds/index.ts';
import { cacheKeys } from '../modules/changes/index.ts';
import type { Services } from '../services.ts';
import { renderStoryBodyHtml } from '../views/render-story-body-html.ts';
import { keepPage } from './cached-pages.ts';
import { redirectIfRenamed } from './renamed-addresses.ts';
import { isClientCopyCurrent } from './conditional-get.ts';
import type { SitePresenter } from './site-presenter.ts';
import { FEED_FILE_NAMES } from './site-paths.ts';

/**
 * Feed readers poll; five minutes keeps a publish prompt while sparing the server, and conditional GETs
 * make most polls a 304 anyway.
 */
const FEED_CACHE = 'public, max-age=300, stale-while-revalidate=600';

type ScopeKind = FeedScope['kind'];

/**
 * RSS, Atom and JSON Feed for every edition, section, tag and author: `/{edition}/feed.xml`,
 * `/{edition}/section/{slug}/feed.atom`, `/{edition}/author/{slug}/feed.json` … (sitePaths.feed builds them).
 */
export function registerFeedRoutes(app: FastifyInstance, services: Services, presenter: SitePresenter): void {
  // Made here at boot: feeds render story bodies with the views' block renderer, which only the HTTP layer may wire in.
  const feeds = new FeedService(services.storyQueries, renderStoryBodyHtml);

  const handler = (kind: ScopeKind, format: FeedFormat) => async (request: FastifyRequest<{ Params: { edition: string; slug?: string } }>, reply: FastifyReply) => {
    const edition = services.editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const scope: FeedScope = kind === 'edition' ? { kind } : { kind, slug: request.params.slug ?? '' };
    const source = await feeds.load(edition, scope, presenter.feedLinks(edition, scope));
    if (!source) {
      const renamed = scope.kind === 'edition' ? undefined : await redirectIfRenamed(services.taxonomy, request, reply, scope.kind, edition.code, scope.slug);
      return renamed ?? reply.callNotFound();
    }
    reply.header('cache-control', FEED_CACHE);
    if (isClientCopyCurrent(request, reply, source)) return reply.code(304).send();
    const e = edition.code;
    const scopeKey = scope.kind === 'edition' ? cacheKeys.latest(e) : scope.kind === 'section' ? cacheKeys.section(e, scope.slug) : scope.kind === 'tag' ? cacheKeys.tag(e, scope.slug) : cacheKeys.author(e, scope.slug);
    keepPage(request, [cacheKeys.edition(e), scopeKey, ...source.stories.flatMap((story) => [cacheKeys.story(e, story.code), cacheKeys.storyUpdated(e, story.code)])]);
    return reply.header('content-type', `${FEED_MEDIA_TYPES[format]}; charset=utf-8`).send(feeds.write(source, format));
  };

  for (const format of FEED_FORMATS) {
    const file = FEED_FILE_NAMES[format];
    app.get(`/:edition/${file}`, handler('edition', format));
    app.get(`/:edition/section/:slug/${file}`, handler('section', format));
    app.get(`/:edition/tag/:slug/${file}`, handler('tag', format));
    app.get(`/:edition/author/:slug/${file}`, handler('author', format));
  }
}
