import fastifyRateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const RATE_WINDOW_MS = 60_000;
/** Callers remembered at once; past it the one idle longest is forgotten (and starts a fresh minute). */
const MAX_CALLERS = 10_000;

/**
 * Requests each API caller made in its current minute, in this server's memory. One count serves the content
 * API and the newsroom's API alike, so an admin key that reads content and files stories has one limit, not
 * one per API. Behind N servers a caller may reach N times its limit (docs/decisions/019-content-api-and-keys.md).
 */
export class ApiRequestCounts {
  private readonly windows = new Map<string, { count: number; startedAt: number }>();

  /** Counts one request of `caller` and answers how many it made in its window, and how long the window still runs. */
  count(caller: string, windowMs: number, now = Date.now()): { current: number; ttl: number } {
    const open = this.windows.get(caller);
    const window = open && open.startedAt + windowMs > now ? open : { count: 0, startedAt: now };
    window.count += 1;
    // Map order is insertion order: set again, the caller moves to the end, and the first entry is the idlest.
    this.windows.delete(caller);
    this.windows.set(caller, window);
    if (this.windows.size > MAX_CALLERS) this.windows.delete(this.windows.keys().next().value ?? caller);
    return { current: window.count, ttl: window.startedAt + windowMs - now };
  }
}

/** How a key is counted, on whichever API it is used. */
export function apiKeyCaller(keyId: number): string {
  return `key:${keyId}`;
}

export interface ApiRateLimitOptions {
  counts: ApiRequestCounts;
  /** Who is counted: `key:{id}` for a key, `address:{ip}` without one. */
  callerOf: (request: FastifyRequest) => string;
  /** Requests a minute the caller may make. */
  limitOf: (request: FastifyRequest) => number;
  /** Requests not counted at all (the newsroom's own pages, signed in with a session). */
  isExempt?: (request: FastifyRequest) => boolean;
}

/**
 * A limit per caller on every route of the scope, after the hooks that say who the caller is: `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` on every answer (the IETF draft's names); past the limit, 429 with
 * `Retry-After`, answered as `RATE_LIMITED` problem details by the site's error handling.
 */
export async function registerApiRateLimit(app: FastifyInstance, options: ApiRateLimitOptions): Promise<void> {
  const { counts } = options;
  const SharedCounts = class implements FastifyRateLimitStore {
    incr(caller: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, windowMs: number): void {
      callback(null, counts.count(caller, windowMs));
    }
    child(): FastifyRateLimitStore {
      return this;
    }
  };
  await app.register(fastifyRateLimit, {
    global: true,
    enableDraftSpec: true,
    timeWindow: RATE_WINDOW_MS,
    store: SharedCounts,
    max: (request) => options.limitOf(request),
    keyGenerator: (request) => options.callerOf(request),
    ...(options.isExempt ? { allowList: (request: FastifyRequest) => options.isExempt?.(request) ?? false } : {}),
    // Checked after the scope's own hooks (a route's hooks run after its scope's): a refused key costs nothing.
    hook: 'onRequest',
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`more than ${context.max} requests a minute: wait ${context.after} (Retry-After) or ask for a key with a higher limit`), { statusCode: 429, code: 'RATE_LIMITED' }),
  });
}
