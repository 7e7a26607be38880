import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { Services } from '../services.ts';
import { MessagePage } from '../views/pages/message-page.tsx';
import { renderPage } from '../views/render-page.ts';
import { applySecurityHeaders, type SecurityHeaderPolicy } from './security-headers.ts';
import type { SitePresenter } from './site-presenter.ts';

/**
 * A problem body for API callers (RFC 9457): the stable code as `title`, what to fix as `detail`, and any
 * extension members (`parameter`, `field`) after them. Every API refusal is sent through here.
 */
export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, extensions: Record<string, unknown> = {}) {
  return reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').header('cache-control', 'no-store').send({
    ...extensions,
    type: `about:blank`,
    title: code,
    status,
    detail,
  });
}

/**
 * An error that means "not now" (the database busy, stalled or unreachable) rather than "broken": it carries
 * statusCode 503 and how long to wait. Callers get 503 with `Retry-After`, never a generic 500.
 */
export function unavailability(error: unknown): { retryAfterSeconds: number; code: string } | undefined {
  const candidate = error as { statusCode?: unknown; retryAfterSeconds?: unknown; code?: unknown } | null;
  if (candidate?.statusCode !== 503) return undefined;
  return {
    retryAfterSeconds: typeof candidate.retryAfterSeconds === 'number' ? candidate.retryAfterSeconds : 5,
    code: typeof candidate.code === 'string' ? candidate.code : 'SERVICE_UNAVAILABLE',
  };
}

/** What a caller is told while the database cannot answer (the reader's page says it in their language). */
export const UNAVAILABLE_DETAIL = 'the site cannot reach its database just now; please try again in a few seconds';

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').includes('application/json');
}

/**
 * Readers get the site's own 404 and error pages in their edition's language; API callers get problem JSON.
 * Unexpected errors are logged with their details and shown to nobody.
 */
export function registerErrorHandling(
  app: FastifyInstance,
  services: Services,
  presenter: SitePresenter,
  headerPolicy: SecurityHeaderPolicy,
  /** A reader's page the database cannot make now: its last good copy, if one is kept (src/http/cached-pages.ts). */
  serveLastGood: (request: FastifyRequest, reply: FastifyReply) => boolean = () => false,
): (error: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => void {
  async function sendPage(request: FastifyRequest, reply: FastifyReply, status: number, kind: 'not-found' | 'error' | 'bad-request', detail?: string) {
    const prefix = request.url.split('/')[1] ?? '';
    const edition = services.editions.find(prefix) ?? services.editions.find('en') ?? services.editions.list()[0];
    if (!edition) return reply.code(status).type('text/plain; charset=utf-8').send(detail ?? 'Not found');
    let sections: Awaited<ReturnType<typeof services.storyQueries.listSections>> = [];
    if (kind !== 'error') sections = await services.storyQueries.listSections(edition.code).catch(() => []);
    const view = presenter.messagePage(presenter.frame(edition, services.editions.list(), sections), edition, kind, detail);
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    applySecurityHeaders(reply, headerPolicy);
    return reply.send(renderPage(h(MessagePage, { view })));
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (wantsJson(request)) return sendProblem(reply, 404, 'NOT_FOUND', `no resource at ${request.method} ${request.url}`);
    return sendPage(request, reply, 404, 'not-found');
  });

  function handleError(error: Error & { statusCode?: number; code?: string }, request: FastifyRequest, reply: FastifyReply) {
    const unavailable = unavailability(error);
    if (unavailable) {
      if (serveLastGood(request, reply)) {
        request.log.warn({ err: error }, 'database unavailable: served the last good copy of the page');
        return;
      }
      request.log.warn({ err: error }, 'request refused: database unavailable');
      reply.header('retry-after', String(unavailable.retryAfterSeconds));
      if (wantsJson(request)) {
        applySecurityHeaders(reply, headerPolicy);
        return sendProblem(reply, 503, unavailable.code, UNAVAILABLE_DETAIL);
      }
      return sendPage(request, reply, 503, 'error');
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'request failed');
    const detail = status === 500 ? undefined : publicDetail(error);
    if (wantsJson(request)) {
      applySecurityHeaders(reply, headerPolicy);
      return sendProblem(reply, status, status === 500 ? 'INTERNAL_ERROR' : (error.code ?? 'BAD_REQUEST'), detail ?? 'something went wrong on our side; it has been logged');
    }
    return sendPage(request, reply, status, status === 404 ? 'not-found' : status === 500 ? 'error' : 'bad-request', detail);
  }

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => handleError(error, request, reply));

  return (error, request, reply) => {
    void handleError(error, request, reply);
  };
}

/** Fastify's own messages for malformed requests name internals; readers get a plain sentence. */
function publicDetail(error: Error & { code?: string }): string {
  if (error.code === 'FST_ERR_BAD_URL') return 'The address is malformed.';
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return 'The address is too long.';
  return error.message;
}
