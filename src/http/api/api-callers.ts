import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKey, ApiKeyService } from '../../modules/api-keys/index.ts';
import { problemOf, sendProblem } from '../error-handling.ts';
import { apiKeyCaller, registerApiRateLimit, type ApiRequestCounts } from './api-rate-limit.ts';

/** Who is calling the content API: a key, or an anonymous address. */
export interface ApiCaller {
  key?: ApiKey;
  /** Requests a minute this caller may make. */
  limit: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiCaller: ApiCaller | undefined;
  }
}

export interface ApiCallerOptions {
  apiKeys: ApiKeyService;
  publicUrl: string;
  /** Requests a minute from one address without a key; 0 refuses them. */
  anonymousPerMinute: number;
  /** Each caller's requests this minute, shared with the newsroom's API. */
  requestCounts: ApiRequestCounts;
}

/** Headers a browser script may read from a cross-origin answer. */
const EXPOSED_HEADERS = 'ETag, Last-Modified, Link, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After';

/**
 * Keys, CORS and rate limits for one scope of routes (docs/decisions/019-content-api-and-keys.md):
 * - `Authorization: Bearer dtl_…` names the key; a wrong or revoked one is refused (401), never treated as no key;
 * - without a key the API answers at the anonymous limit, per address;
 * - a browser may call from an origin the key lists (`Access-Control-Allow-Origin` echoes it); any other origin
 *   with that key is refused (403), so a key copied out of one site's script is useless on another's;
 * - each key (or address) gets its own limit per minute, told in `RateLimit-*` headers; past it, 429.
 *   The count is kept in each app server's memory: behind N servers a caller may get up to N times its limit.
 */
export async function registerApiCallers(app: FastifyInstance, options: ApiCallerOptions): Promise<void> {
  const ownOrigin = new URL(options.publicUrl).origin;
  app.decorateRequest('apiCaller', undefined);

  app.addHook('onRequest', async (request, reply) => {
    const token = bearerToken(request);
    if (token === undefined) {
      if (options.anonymousPerMinute === 0) return sendProblem(reply, problemOf('API_KEY_REQUIRED', 'send a key: Authorization: Bearer dtl_…'));
      request.apiCaller = { limit: options.anonymousPerMinute };
      return;
    }
    const resolved = await options.apiKeys.resolve(token);
    if (!resolved) return sendProblem(reply, problemOf('API_KEY_INVALID', 'the key is unknown or was revoked: ask the newsroom’s admins for one'));
    request.apiCaller = { key: resolved.key, limit: resolved.key.requestsPerMinute };
    const origin = request.headers.origin;
    if (origin === undefined || origin === ownOrigin) return;
    if (!resolved.key.allowedOrigins.includes(origin)) {
      return sendProblem(reply, problemOf('ORIGIN_NOT_ALLOWED', `this key may not be used from ${origin.slice(0, 100)}: the newsroom lists the origins each key may be used from`));
    }
    reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED_HEADERS).header('vary', 'Origin');
  });

  await registerApiRateLimit(app, {
    counts: options.requestCounts,
    limitOf: (request) => request.apiCaller?.limit ?? options.anonymousPerMinute,
    callerOf: (request) => (request.apiCaller?.key ? apiKeyCaller(request.apiCaller.key.id) : `address:${request.ip}`),
  });

  // A browser asks before sending `Authorization` from another origin; the key itself is not shown to this
  // question, so any origin some live key lists is answered, and the request that follows is checked against its key.
  app.options('/*', { config: { rateLimit: false }, schema: { hide: true } }, async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && (await options.apiKeys.isOriginListed(origin))) {
      reply
        .header('access-control-allow-origin', origin)
        .header('access-control-allow-methods', 'GET, HEAD')
        .header('access-control-allow-headers', 'Authorization, If-None-Match, If-Modified-Since')
        .header('access-control-max-age', '600')
        .header('vary', 'Origin');
    }
    return reply.code(204).header('cache-control', 'no-store').send();
  });
}

/** The token of `Authorization: Bearer …`: undefined without the header, empty when it is not a bearer token. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? '';
}

