import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

/**
 * The files readers download: `/media/{id}/{crop}-{width}-{key}.{avif|webp|jpg}`. The key hashes everything
 * the bytes depend on, so a URL never changes meaning and is cached for a year; a variant not made yet is
 * made on this first request and stored for every app server (docs/decisions/012-pictures.md).
 */
export function registerMediaRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { id: string; name: string } }>('/media/:id/:name', async (request, reply) => {
    const id = /^[1-9]\d{0,9}$/u.test(request.params.id) ? Number(request.params.id) : undefined;
    const variant = id === undefined ? undefined : await services.media.findVariant(id, request.params.name);
    if (!variant) {
      return reply.code(404).header('cache-control', 'no-store').header('content-type', 'text/plain; charset=utf-8').send('No such picture.');
    }
    return reply
      .header('content-type', variant.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('content-length', variant.bytes.length)
      .send(variant.bytes);
  });
}
