import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { DatelineError } from '../errors/dateline-error.ts';
import { statusOf, type ErrorCode } from '../errors/error-codes.ts';
import type { Services } from '../services.ts';
import { MessagePage } from '../views/pages/message-page.tsx';
import { renderPage } from '../views/render-page.ts';
import { applySecurityHeaders, type SecurityHeaderPolicy } from './security-headers.ts';
import type { SitePresenter } from './site-presenter.ts';
import { redirectIfMovedIn } from './renamed-addresses.ts';

/**
 * What a caller is told about a refusal or a failure: the one shape every error becomes before it is answered,
 * as problem JSON or as a page. `detail` is always safe to show the caller.
 */
export interface Problem {
  status: number;
  code: ErrorCode;
  detail: string;
  /** The form field or input to fix, when one is to blame. */
  field?: string;
  /** Several inputs to fix at once. */
  errors?: readonly { field: string; detail: string }[];
  /** When to try again (`Retry-After`). */
  retryAfterSeconds?: number;
  /** Members for clients that act on them (a conflict names the newer version); only what the caller may see. */
  extensions?: Record<string, unknown>;
}

/** What a caller is told while the database cannot answer (the reader's page says it in their language). */
export const UNAVAILABLE_DETAIL = 'the site cannot reach its database just now; please try again in a few seconds';

const INTERNAL_DETAIL = 'something went wrong on our side; it has been logged';

/** The database could not answer in time: "not now" rather than "broken" (503 with `Retry-After`). */
export function isUnavailable(error: unknown): error is DatelineError {
  return error instanceof DatelineError && error.status === 503;
}

/** A problem of a code, with the status the code answers with (src/errors/error-codes.ts). */
export function problemOf(code: ErrorCode, detail: string, more: Omit<Problem, 'status' | 'code' | 'detail'> = {}): Problem {
  return { status: statusOf(code), code, detail, ...more };
}

/**
 * The one place an error becomes an answer. A DatelineError answers with its code's status and its own
 * message; a request Fastify refused (malformed address or body, too large, wrong content type) answers with
 * Fastify's status under a code of ours; anything else — and any error of the process itself — is a 500 that
 * says nothing of itself (the caller logs it with its stack: `isFault`).
 */
export function describeError(error: unknown): Problem & { isFault: boolean } {
  if (error instanceof DatelineError) {
    if (error.status === 503) return { ...problemOf(error.code, UNAVAILABLE_DETAIL), retryAfterSeconds: error.retryAfterSeconds ?? 5, isFault: false };
    if (error.status >= 500) return { ...problemOf('INTERNAL_ERROR', INTERNAL_DETAIL), isFault: true };
    return { ...problemOf(error.code, error.message, { field: error.field, retryAfterSeconds: error.retryAfterSeconds }), isFault: false };
  }
  const refused = requestRefusal(error);
  if (refused) return { ...refused, isFault: false };
  return { ...problemOf('INTERNAL_ERROR', INTERNAL_DETAIL), isFault: true };
}

/**
 * Fastify's own 4xx errors (and its plugins'): they carry `statusCode` and an `FST_…` code. A request refused by a
 * route's schema names the parameter or field at fault; a caller past its rate limit is told when to come back
 * (the limit's hook has set `Retry-After`).
 */
function requestRefusal(error: unknown): Problem | undefined {
  const candidate = error as { statusCode?: unknown; code?: unknown; message?: unknown; validation?: unknown; validationContext?: unknown } | null;
  const status = candidate?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (Array.isArray(candidate?.validation)) return validationRefusal(candidate.validation as SchemaRefusal[], String(candidate.validationContext ?? ''));
  if (status === 429) return problemOf('RATE_LIMITED', String(candidate?.message ?? ''));
  const code: ErrorCode = status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
  return { status, code, detail: requestRefusalDetail(String(candidate?.code ?? ''), String(candidate?.message ?? '')) };
}

/** One finding of a route's schema (Ajv's shape): where, and what. */
interface SchemaRefusal {
  instancePath: string;
  message?: string;
  params?: { missingProperty?: string };
}

/** `PARAMETER_INVALID` naming the first parameter or field at fault: `at: must match format "date-time"`. */
function validationRefusal(findings: SchemaRefusal[], context: string): Problem {
  const [first] = findings;
  const missing = first?.params?.missingProperty;
  const field = missing ?? first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '';
  const detail = `${field || context}: ${missing ? 'required' : (first?.message ?? 'invalid')}`;
  return problemOf('PARAMETER_INVALID', detail, field ? { field } : {});
}

/** Fastify's own messages for malformed requests name internals; readers get a plain sentence. */
function requestRefusalDetail(fastifyCode: string, message: string): string {
  if (fastifyCode === 'FST_ERR_BAD_URL') return 'The address is malformed.';
  if (fastifyCode === 'FST_ERR_MAX_PARAM_LENGTH') return 'The address is too long.';
  return message;
}

/**
 * A problem body for API callers and the islands that speak JSON (RFC 9457): `type`, `title` (the status's
 * name), `status`, `detail`, and our `code`, with `field` or `errors` when inputs are to blame.
 */
export function sendProblem(reply: FastifyReply, problem: Problem) {
  if (problem.retryAfterSeconds !== undefined) reply.header('retry-after', String(problem.retryAfterSeconds));
  return reply
    .code(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send({
      type: 'about:blank',
      title: STATUS_CODES[problem.status] ?? 'Error',
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      ...(problem.field === undefined ? {} : { field: problem.field }),
      ...(problem.errors === undefined ? {} : { errors: problem.errors }),
      ...problem.extensions,
    });
}

/** The kind of page a status calls for, in the reader's site and the newsroom alike. */
export type ErrorPageKind = 'not-found' | 'error' | 'bad-request';

export function pageKindOf(status: number): ErrorPageKind {
  return status === 404 ? 'not-found' : status >= 500 ? 'error' : 'bad-request';
}

/** API routes, and the islands that ask for JSON, get problem JSON; browsers get pages. */
export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').includes('application/json');
}

/**
 * Answers an error: logs it (a fault with its stack; a database that cannot answer as a warning), then hands
 * its problem to `sendPage` for browsers, or sends problem JSON to API callers.
 */
export function answerError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { isJson: boolean; sendPage: (problem: Problem) => unknown; headerPolicy?: SecurityHeaderPolicy },
) {
  const { isFault, ...problem } = describeError(error);
  if (isFault) request.log.error({ err: error }, 'request failed');
  else if (problem.status === 503) request.log.warn({ err: error }, 'request refused: database unavailable');
  if (!options.isJson) {
    if (problem.retryAfterSeconds !== undefined) reply.header('retry-after', String(problem.retryAfterSeconds));
    return options.sendPage(problem);
  }
  if (options.headerPolicy) applySecurityHeaders(reply, options.headerPolicy);
  return sendProblem(reply, problem);
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
): (error: unknown, request: FastifyRequest, reply: FastifyReply) => void {
  /** `detail` undefined: the page's own words for its kind, in the edition's language. */
  async function sendPage(request: FastifyRequest, reply: FastifyReply, problem: { status: number; detail?: string }) {
    const kind = pageKindOf(problem.status);
    // A 500 page says nothing of the error; a 503 page says it in the reader's language.
    const detail = problem.status >= 500 ? undefined : problem.detail;
    const prefix = request.url.split('/')[1] ?? '';
    const edition = services.editions.find(prefix) ?? services.editions.find('en') ?? services.editions.list()[0];
    if (!edition) return reply.code(problem.status).type('text/plain; charset=utf-8').send(detail ?? 'Not found');
    let sections: Awaited<ReturnType<typeof services.storyQueries.listSections>> = [];
    if (kind !== 'error') sections = await services.storyQueries.listSections(edition.code).catch(() => []);
    const view = presenter.messagePage(presenter.frame(edition, services.editions.list(), sections), edition, kind, detail);
    reply.code(problem.status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    applySecurityHeaders(reply, headerPolicy);
    return reply.send(renderPage(h(MessagePage, { view })));
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      const moved = await redirectIfMovedIn(services.storyQueries, request, reply);
      if (moved) return moved;
    }
    if (wantsJson(request)) return sendProblem(reply, problemOf('NOT_FOUND', `no resource at ${request.method} ${request.url}`));
    return sendPage(request, reply, { status: 404 });
  });

  async function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    if (isUnavailable(error) && serveLastGood(request, reply)) {
      request.log.warn({ err: error }, 'database unavailable: served the last good copy of the page');
      return;
    }
    return answerError(error, request, reply, { isJson: wantsJson(request), headerPolicy, sendPage: (problem) => sendPage(request, reply, problem) });
  }

  app.setErrorHandler(async (error, request, reply) => handleError(error, request, reply));

  return (error, request, reply) => {
    void handleError(error, request, reply);
  };
}
