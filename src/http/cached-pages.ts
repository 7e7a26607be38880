import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeFeed } from '../modules/changes/index.ts';
import { PageCache, type CachedPage } from './page-cache.ts';
import { sitePaths } from './site-paths.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a handler whose response may be kept and shared: the keys of what it shows. */
    pageKeys: readonly string[] | undefined;
    /** When the page must be made again whatever happens. */
    pageExpiresAt: number | undefined;
    /** The page cache's ticket taken when the request arrived (PageCache.begin). */
    pageTicket: number;
  }
}

export interface CachedPagesOptions {
  maxBytes: number;
  maxAgeMs: number;
  /** How many dropped pages to make again at once after a change, busiest first. */
  warmLimit?: number;
  /** The services' clock, in milliseconds: expiry (comments closing) follows the same time as the pages. */
  now?: () => number;
}

/** Headers a kept copy must not repeat: they belong to one response, or are set per encoding. */
const PER_RESPONSE_HEADERS = new Set(['content-length', 'content-encoding', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'etag', 'vary', 'x-request-id', 'set-cookie']);
/** Only these queries name a page of their own; anything else (`?utm_source=`, `?x=1`) is made but never kept. */
const CANONICAL_QUERY = /^(?:\?page=[1-9]\d{0,5})?$/;

type Encoding = 'br' | 'gzip' | 'identity';

/** How long a burst of changes is gathered before its pages are made again. */
const WARM_DELAY_MS = 25;

/**
 * Serves reader pages from memory (docs/decisions/009-page-cache-and-change-events.md). A handler marks its
 * response with `keepPage(request, keys)`; the response is then compressed once, kept, and sent from memory
 * to every later request for the same URL until a change event names one of its keys. Conditional GETs get
 * 304. Each kept response carries its keys as `Surrogate-Key` and `Cache-Tag`, for a CDN purged the same way.
 */
export function registerCachedPages(app: FastifyInstance, changes: ChangeFeed, options: CachedPagesOptions): KeptPages {
  const cache = new PageCache({ maxBytes: options.maxBytes, maxAgeMs: options.maxAgeMs, now: options.now });
  const warmLimit = options.warmLimit ?? 8;
  let isClosing = false;

  app.decorateRequest('pageKeys', undefined);
  app.decorateRequest('pageExpiresAt', undefined);
  app.decorateRequest('pageTicket', 0);

  let isServing = true;
  /** Answers a request from memory when its page is kept; false otherwise (the app then makes it). */
  const serve = (request: IncomingMessage, response: ServerResponse): boolean => {
    if (!isServing || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    const page = cache.find(request.url ?? '');
    if (!page) return false;
    writeKeptPage(request, response, page);
    return true;
  };

  // The server answers kept pages before Fastify sees them (`KeptPages.serve`, src/app.ts); this hook
  // serves requests that do not come through the server (`inject`) and takes each request's ticket.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    request.pageTicket = cache.begin();
    if (!isServing || !cache.peek(request.url)) return;
    reply.hijack();
    if (!serve(request.raw, reply.raw)) throw new Error('a kept page went away between two lines');
  });
  // A server shutting down answers through Fastify, which tells clients to close their connections.
  app.addHook('preClose', async () => {
    isServing = false;
  });

  // Registered after the security headers' hook, so that the kept copy carries them.
  app.addHook('onSend', async (request, reply, payload) => {
    const keys = request.pageKeys;
    if (!keys || reply.statusCode !== 200 || request.method !== 'GET' || !isCanonicalUrl(request.url) || reply.hasHeader('set-cookie')) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : undefined;
    if (!body) return payload;
    const page = await cache.store(request.url, request.pageTicket, { status: 200, headers: keptHeaders(reply), body, keys, expiresAt: request.pageExpiresAt });
    const { status, headers, body: chosen } = representationOf(request.raw, page);
    reply.code(status).headers(headers);
    if (status === 304) reply.removeHeader('content-encoding');
    return chosen;
  });

  // A response to a change is sent only once this server's caches have seen it: whoever pressed Publish
  // sees their story on the next page they open.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') {
      // A database that cannot answer now leaves it to the poller; the response goes out as it is.
      await changes.catchUp().catch((error: unknown) => request.log.warn({ err: error }, 'could not read the change events back'));
    }
    return payload;
  });

  // Pages to make again after changes. A burst of changes (an import) is gathered first, so that only the
  // pages still wanted at its end are made, once each.
  const toWarm = new Map<string, number>();
  let warmTimer: NodeJS.Timeout | undefined;
  // Settles when no page is waiting to be made again: tests and operators' checks wait for it.
  let settled: Promise<void> = Promise.resolve();
  let settle: (() => void) | undefined;

  const unsubscribe = changes.subscribe((events) => {
    const dropped = cache.invalidate(events.flatMap((e) => e.keys));
    if (isClosing) return;
    // Only readers' pages are made again ahead of time: a kept API answer (`api /api/v1/…`) is no address to ask for.
    for (const page of dropped) if (page.hits > 0 && page.url.startsWith('/')) toWarm.set(page.url, Math.max(page.hits, toWarm.get(page.url) ?? 0));
    for (const event of events) {
      const slug = event.subject.slug;
      // The page of a story that just went live is about to be read by everyone: first in line.
      if (event.editionCode && event.storyCode !== null && typeof slug === 'string' && event.subject.isPublic === true) {
        toWarm.set(sitePaths.story(event.editionCode, event.storyCode, slug), Number.MAX_SAFE_INTEGER);
      }
    }
    if (toWarm.size > 0 && !warmTimer) {
      if (!settle) settled = new Promise((resolve) => (settle = resolve));
      warmTimer = setTimeout(() => void warm(), WARM_DELAY_MS);
      warmTimer.unref();
    }
  });
  app.addHook('onClose', async () => {
    isClosing = true;
    if (warmTimer) clearTimeout(warmTimer);
    unsubscribe();
    settle?.();
  });

  /** Makes the busiest dropped pages again, and the page of a story that just went live, before readers ask. */
  async function warm(): Promise<void> {
    const urls = [...toWarm.entries()].sort((a, b) => b[1] - a[1]).slice(0, warmLimit).map(([url]) => url);
    toWarm.clear();
    try {
      for (const url of urls) {
        if (isClosing) return;
        await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } }).catch(() => {
          // A page that cannot be made now is made by its next reader.
        });
      }
    } finally {
      warmTimer = undefined;
      if (toWarm.size > 0 && !isClosing) {
        warmTimer = setTimeout(() => void warm(), WARM_DELAY_MS);
        warmTimer.unref();
      } else {
        settle?.();
        settle = undefined;
      }
    }
  }

  /** Answers with the last good copy of the page asked for, marked stale, when there is one. */
  const serveLastGood = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const page = cache.findLastGood(request.url);
    if (!page) return false;
    reply.hijack();
    const { status, headers, body } = representationOf(request.raw, page);
    // Nobody may keep it: a good page replaces it as soon as the database answers.
    reply.raw.writeHead(status, { ...headers, 'cache-control': 'no-store', warning: '110 - "Response is Stale"', 'x-dateline-stale': '1' });
    reply.raw.end(status === 304 || request.method === 'HEAD' ? undefined : body);
    return true;
  };

  return { cache, settled: () => settled, serve, serveLastGood };
}

/** The kept pages of an app: the cache, a promise that settles once dropped pages are made again, and the server's fast path. */
export interface KeptPages {
  cache: PageCache;
  settled(): Promise<void>;
  serve(request: IncomingMessage, response: ServerResponse): boolean;
  /** For a database that cannot answer: the last good copy of the page, marked stale (false when none). */
  serveLastGood(request: FastifyRequest, reply: FastifyReply): boolean;
}

/**
 * Marks this response as a page every reader may share, showing what `keys` name (src/modules/changes/
 * cache-keys.ts). Never for a response that holds anything personal.
 */
export function keepPage(request: FastifyRequest, keys: Iterable<string>, expiresAt?: number): void {
  request.pageKeys = [...new Set(keys)];
  request.pageExpiresAt = expiresAt;
}

/**
 * Sends a kept response through Fastify rather than from the server's fast path, so that the route's hooks
 * (an API key's CORS and rate-limit headers) still run: the encoding the client takes best, or 304.
 */
export function sendKeptResponse(request: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  const { status, headers, body } = representationOf(request.raw, page);
  reply.code(status).headers(headers);
  return status === 304 ? reply.send() : reply.send(body);
}

function isCanonicalUrl(url: string): boolean {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : url.slice(queryAt);
  if (!CANONICAL_QUERY.test(query) || query === '?page=1') return false;
  // One spelling per page: `%D8%A8` and `%d8%a8` would otherwise be kept twice.
  try {
    return encodeURI(decodeURI(path)) === path;
  } catch {
    return false;
  }
}

function keptHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || PER_RESPONSE_HEADERS.has(name.toLowerCase())) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/** Each kept page's headers per encoding, made on its first hit rather than on every one. */
const preparedHeaders = new WeakMap<CachedPage, Record<Encoding, Record<string, string>>>();

function headersOf(page: CachedPage, encoding: Encoding): Record<string, string> {
  let prepared = preparedHeaders.get(page);
  if (!prepared) {
    const shared = {
      ...page.headers,
      vary: 'Accept-Encoding',
      'surrogate-key': page.keys.map(encodeURIComponent).join(' '),
      'cache-tag': page.keys.map(encodeURIComponent).join(','),
    };
    prepared = {
      br: { ...shared, etag: `"${page.digest}-br"`, 'content-encoding': 'br', 'content-length': String(page.br.length) },
      gzip: { ...shared, etag: `"${page.digest}-gz"`, 'content-encoding': 'gzip', 'content-length': String(page.gzip.length) },
      identity: { ...shared, etag: `"${page.digest}"`, 'content-length': String(page.identity.length) },
    };
    preparedHeaders.set(page, prepared);
  }
  return prepared[encoding];
}

/** The response for a kept page: the encoding the client takes best, or 304 when its copy is current. */
function representationOf(request: IncomingMessage, page: CachedPage): { status: number; headers: Record<string, string>; body: Buffer } {
  const encoding = negotiate(request.headers['accept-encoding']);
  const headers = headersOf(page, encoding);
  if (isClientCopyCurrent(request, page)) return { status: 304, headers: withoutBodyHeaders(headers), body: Buffer.alloc(0) };
  return { status: page.status, headers, body: encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.identity };
}

function writeKeptPage(request: IncomingMessage, response: ServerResponse, page: CachedPage): void {
  const { status, headers, body } = representationOf(request, page);
  response.writeHead(status, headers);
  response.end(status === 304 || request.method === 'HEAD' ? undefined : body);
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _type, 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers;
  return rest;
}

/** RFC 9110 §13.1.2 (`If-None-Match`, any encoding of the same body) and §13.1.3 (`If-Modified-Since`). */
function isClientCopyCurrent(request: IncomingMessage, page: CachedPage): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => {
      const value = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '').replace(/-(?:br|gz)$/, '');
      return value === '*' || value === page.digest;
    });
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined || page.lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(page.lastModified);
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

/** The best encoding the client accepts (`br`, then `gzip`), by `Accept-Encoding` and its q-values. */
export function negotiate(header: string | undefined): Encoding {
  if (!header) return 'identity';
  let best: Encoding = 'identity';
  let bestRank = 0;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) <= 0) continue;
    const rank = name === 'br' ? 2 : name === 'gzip' ? 1 : 0;
    if (rank > bestRank) {
      best = name === 'br' ? 'br' : 'gzip';
      bestRank = rank;
    }
  }
  return best;
}
