import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app-config.ts';
import { stripControlCharactersDeep } from '../../content/control-characters.ts';
import { AccountError } from '../../modules/accounts/account-errors.ts';
import type { Services } from '../../services.ts';
import { AdminMessagePage } from '../../views/admin/pages/admin-message-page.tsx';
import { sendProblem, UNAVAILABLE_DETAIL, unavailability } from '../error-handling.ts';
import { decideAccess, allowAnyone, type AdminAccess } from './admin-access.ts';
import { registerAccountRoutes } from './account-routes.ts';
import { registerAdminApiRoutes } from './admin-api-routes.ts';
import { loadAdminStylesheet } from './admin-assets.ts';
import { accountErrorStatus, frameFor, sendPage, type AdminContext } from './admin-context.ts';
import { AdminCookies } from './admin-cookies.ts';
import { registerCommentModerationRoutes } from './comment-routes.ts';
import { registerCommentSettingsRoutes } from './comment-settings-routes.ts';
import { adminPaths } from './admin-paths.ts';
import { AdminPresenter, type MessageKind } from './admin-presenter.ts';
import { adminStateOf, setAdminState } from './admin-state.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { CsrfTokens } from './csrf-tokens.ts';
import { registerCurationRoutes } from './curation-routes.ts';
import { registerMediaApiRoutes, registerMediaRoutes } from './media-routes.ts';
import { registerPeopleRoutes } from './people-routes.ts';
import { registerSettingsRoutes } from './settings-routes.ts';
import { registerSitePageRoutes } from './site-page-routes.ts';
import { registerTaxonomyRoutes } from './taxonomy-routes.ts';
import { registerStoryApiRoutes } from './story-api-routes.ts';
import { registerStoryRoutes } from './story-routes.ts';
import type { SitePresenter } from '../site-presenter.ts';

export interface AdminPluginOptions {
  services: Services;
  config: Pick<AppConfig, 'publicUrl'>;
  /** The reader site's presenter: story previews are the reader's own page. */
  sitePresenter: SitePresenter;
}

/** One admin route as registered: what tests walk to try every route as every role. */
export interface AdminRouteRecord {
  method: string;
  url: string;
  access: AdminAccess;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the newsroom (HTML under /admin, JSON under /api/admin) with its declared access. */
    adminRoutes: readonly AdminRouteRecord[];
  }
}

type Kind = 'html' | 'api';

/** Route modules of the HTML admin, each given the same context. New newsroom pages add theirs here. */
const htmlRouteModules = [registerAccountRoutes, registerPeopleRoutes, registerAuditRoutes, registerCurationRoutes, registerStoryRoutes, registerMediaRoutes, registerCommentModerationRoutes, registerCommentSettingsRoutes, registerSettingsRoutes, registerTaxonomyRoutes, registerSitePageRoutes];
const apiRouteModules = [registerAdminApiRoutes, registerStoryApiRoutes, registerMediaApiRoutes];

/**
 * The newsroom: sessions, CSRF, access control and the admin pages, mounted at /admin (HTML) and
 * /api/admin (JSON). Register it once: `await app.register(adminPlugin, { services, config })`.
 *
 * Every route inside declares its access (`allowAnyone`, `requireAccount`, `requireUser`,
 * `requirePermission(action)` from admin-access.ts); one hook enforces them all, after one hook
 * has refused any POST, PUT, PATCH or DELETE without a valid CSRF token. Responses are `no-store`.
 *
 * This outer function only publishes `app.adminRoutes` on the app (hence `skip-override`); all the
 * hooks, cookies and parsers live in the encapsulated scope it registers, and touch no other route.
 */
async function adminPluginOuter(app: FastifyInstance, options: AdminPluginOptions): Promise<void> {
  const records: AdminRouteRecord[] = [];
  app.decorate('adminRoutes', records);
  await app.register(async (scope) => adminScope(scope, options, records));
}

export const adminPlugin: FastifyPluginAsync<AdminPluginOptions> = Object.assign(adminPluginOuter, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'dateline-admin',
});

async function adminScope(app: FastifyInstance, { services, config, sitePresenter }: AdminPluginOptions, records: AdminRouteRecord[]): Promise<void> {
  const stylesheet = loadAdminStylesheet();
  const existingGetPaths = new Set<string>();
  const cookies = AdminCookies.forPublicUrl(config.publicUrl);
  const ctx: AdminContext = {
    services,
    presenter: new AdminPresenter(stylesheet.href, existingGetPaths),
    cookies,
    csrf: new CsrfTokens(services.siteKeys, cookies),
    sitePresenter,
  };

  await app.register(fastifyCookie);
  // The reader site may parse forms too one day; a second parser for the same type would throw.
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });

  // Every newsroom text field, form or JSON, loses its control characters here, at the edge, before any
  // handler reads it: nobody types them, they show nowhere, and XML feeds cannot carry them.
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined) request.body = stripControlCharactersDeep(request.body, isPasswordField);
  });

  // A route that forgets to say who may use it stops the server from starting.
  app.addHook('onRoute', (route) => {
    const access = route.config?.adminAccess;
    if (access === undefined) {
      throw new Error(`admin route ${String(route.method)} ${route.url} declares no access: use allowAnyone, requireAccount, requireUser or requirePermission`);
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      records.push({ method, url: route.url, access });
      if (method === 'GET') existingGetPaths.add(route.url);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const token = cookies.sessionToken(request);
    const resolved = token === undefined ? undefined : await services.sessions.resolve(token);
    // A browser holding an ended session is told to forget it (a handler that signs in overrides this).
    if (token !== undefined && !resolved) cookies.clearSession(reply);
    setAdminState(request, {
      user: resolved?.user,
      session: resolved?.session,
      sessionToken: resolved ? token : undefined,
      addressHash: services.siteKeys.hash('address', request.ip),
    });
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    // Newsroom pages show unpublished work and personal data: no cache may keep them.
    if (reply.getHeader('cache-control') === undefined) reply.header('cache-control', 'no-store');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('x-frame-options', 'DENY');
      const csp = String(reply.getHeader('content-security-policy') ?? '');
      if (csp !== '') reply.header('content-security-policy', csp.replace("frame-ancestors 'self'", "frame-ancestors 'none'"));
    }
    return payload;
  });

  app.get(stylesheet.href, allowAnyone(), async (_request, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(stylesheet.css),
  );

  await app.register(async (html) => scopeRoutes(html, ctx, 'html', htmlRouteModules), { prefix: '/admin' });
  await app.register(async (api) => scopeRoutes(api, ctx, 'api', apiRouteModules), { prefix: '/api/admin' });
}

async function scopeRoutes(app: FastifyInstance, ctx: AdminContext, kind: Kind, modules: ReadonlyArray<(app: FastifyInstance, ctx: AdminContext) => void | Promise<void>>): Promise<void> {
  // CSRF first: a forged request is refused before anything else looks at it, even before "not found".
  app.addHook('preHandler', async (request, reply) => {
    if (ctx.csrf.isValid(request)) return;
    request.log.warn({ url: request.url }, 'admin request without a valid CSRF token');
    return refuse(ctx, request, reply, kind, 403, 'csrf');
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.is404) return;
    const access = request.routeOptions.config.adminAccess;
    // Unreachable while onRoute insists on a declaration; refuse rather than trust a gap.
    if (access === undefined) return refuse(ctx, request, reply, kind, 403, 'forbidden');
    const decision = decideAccess(access, adminStateOf(request).user);
    if (decision === 'allow') return;
    if (decision === 'unauthenticated') {
      if (kind === 'api') return sendProblem(reply, 401, 'UNAUTHENTICATED', 'sign in first: this needs a signed-in account');
      const hasUsers = await ctx.services.users.hasAnyUser();
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      return reply.redirect(hasUsers ? `${adminPaths.signIn}${next}` : adminPaths.setup, 303);
    }
    if (decision === 'password-change-required') {
      if (kind === 'api') return sendProblem(reply, 403, 'PASSWORD_CHANGE_REQUIRED', 'choose a new password first (you signed in with a one-time password)');
      return reply.redirect(adminPaths.password, 303);
    }
    return refuse(ctx, request, reply, kind, 403, 'forbidden');
  });

  app.setNotFoundHandler(async (request, reply) => refuse(ctx, request, reply, kind, 404, 'not-found'));

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof AccountError) {
      const status = accountErrorStatus[error.code];
      if (kind === 'api') return sendProblem(reply, status, error.code, error.message);
      return refuse(ctx, request, reply, kind, status, status === 403 ? 'forbidden' : status === 404 ? 'not-found' : 'bad-request', error.message);
    }
    const unavailable = unavailability(error);
    if (unavailable) {
      request.log.warn({ err: error }, 'admin request refused: database unavailable');
      reply.header('retry-after', String(unavailable.retryAfterSeconds));
      if (kind === 'api') return sendProblem(reply, 503, unavailable.code, UNAVAILABLE_DETAIL);
      return refuse(ctx, request, reply, kind, 503, 'error');
    }
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'admin request failed');
    return refuse(ctx, request, reply, kind, status, status === 500 ? 'error' : status === 404 ? 'not-found' : 'bad-request', status === 500 ? undefined : error.message);
  });

  // A module may prepare something first (the story editor builds its script): wait for each.
  for (const register of modules) await register(app, ctx);
}

/** Passwords are taken as typed: the sign-in must match what was set, whatever it holds. */
function isPasswordField(name: string): boolean {
  return /password$/i.test(name);
}

const problemCodes: Record<MessageKind, string> = {
  forbidden: 'FORBIDDEN',
  csrf: 'CSRF_TOKEN_INVALID',
  'not-found': 'NOT_FOUND',
  error: 'INTERNAL_ERROR',
  'bad-request': 'BAD_REQUEST',
};

/** A refusal as the caller understands it: an admin page for browsers, problem JSON for the API. */
function refuse(ctx: AdminContext, request: FastifyRequest, reply: FastifyReply, kind: Kind, status: number, message: MessageKind, detail?: string) {
  const view = ctx.presenter.messagePage(frameFor(ctx, request, reply), message, detail);
  if (kind === 'api') return sendProblem(reply, status, problemCodes[message], detail ?? view.text);
  return sendPage(reply, status, AdminMessagePage, view);
}
