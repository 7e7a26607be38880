import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StoryQueries } from '../modules/stories/story-queries.ts';
import type { TaxonomyService } from '../modules/taxonomy/index.ts';

/**
 * Sends a reader who followed an old address of a renamed or merged section, tag or author (its page or
 * its feeds) on to the current one with a 301, keeping the rest of the address; undefined when the slug
 * was never anyone's, and the caller answers 404.
 * @example return (await redirectIfRenamed(taxonomy, request, reply, 'tag', 'en', slug)) ?? notFound()
 */
export async function redirectIfRenamed(
  taxonomy: TaxonomyService,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: 'section' | 'tag' | 'author',
  editionCode: string,
  slug: string,
): Promise<FastifyReply | undefined> {
  const current = await taxonomy.currentSlug(kind, editionCode, slug);
  if (current === undefined) return undefined;
  const queryAt = request.url.indexOf('?');
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : request.url.slice(queryAt);
  // Every such route is /{edition}/{kind}/{slug}[/{feed file}]: the slug is the fourth segment.
  const segments = path.split('/');
  if (segments[2] !== kind || segments.length < 4) return undefined;
  segments[3] = encodeURIComponent(current);
  return reply.redirect(`${segments.join('/')}${query}`, 301);
}

/**
 * Sends a reader who followed a story's address on the site it was imported from (a WordPress permalink,
 * a Ghost URL: `/2013/01/11/markup/`) on to the story's address here with a 301; undefined when the path was
 * never a story's. Paths are compared as sent, without the query; a trailing slash is optional.
 * @example app.setNotFoundHandler(async (request, reply) => (await redirectIfMovedIn(storyQueries, request, reply)) ?? notFound())
 */
export async function redirectIfMovedIn(stories: StoryQueries, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const queryAt = request.url.indexOf('?');
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  if (path.length > 1000 || path === '/') return undefined;
  const story = await stories.findByOldAddress(path.endsWith('/') ? [path, path.slice(0, -1)] : [path, `${path}/`]);
  if (!story) return undefined;
  return reply.redirect(`/${story.editionCode}/news/${story.code}/${encodeURIComponent(story.slug)}`, 301);
}
