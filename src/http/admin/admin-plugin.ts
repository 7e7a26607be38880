import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { adminStrings } from '../../config/admin-strings.ts';
import type { AppConfig } from '../../config/app-config.ts';
import type { ErrorCode } from '../../errors/error-codes.ts';
import { preferredLanguage, shippedLanguageOf, type ShippedLanguage } from '../../config/messages/index.ts';
import { runInNewsroomLanguage } from '../../config/messages/newsroom-language.ts';
import { stripControlCharactersDeep } from '../../content/control-characters.ts';
import type { Services } from '../../services.ts';
import { AdminMessagePage } from '../../views/admin/pages/admin-message-page.tsx';
import { answerError, pageKindOf, problemOf, sendProblem, wantsJson, type Problem } from '../error-handling.ts';
import { decideAccess, allowAnyone, type AdminAccess } from './admin-access.ts';
import { registerAccountRoutes } from './account-routes.ts';
import { registerApiKeyRoutes } from './api-key-routes.ts';
import { registerAdminApiRoutes } from './admin-api-routes.ts';
import { loadAdminStylesheet } from './admin-assets.ts';
import { frameFor, sendPage, type AdminContext } from './admin-context.ts';
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
import { registerWebhookRoutes } from './webhook-routes.ts';
import { registerStoryApiRoutes, registerStoryStepApiRoutes } from './story-api-routes.ts';
import { registerStoryRoutes } from './story-routes.ts';
import { registerTranslationRoutes } from './translation-routes.ts';
import type { SitePresenter } from '../site-presenter.ts';
import { bearerToken } from '../api/api-callers.ts';
import { apiKeyCaller, registerApiRateLimit, type ApiRequestCounts } from '../api/api-rate-limit.ts';

export interface AdminPluginOptions {
  services: Services;
  config: Pick<AppConfig, 'publicUrl'>;
  /** The reader site's presenter: story previews are the reader's own page. */
  sitePresenter: SitePresenter;
  /** Each API key's requests this minute, shared with the content API: a key has one limit. */
  apiRequestCounts: ApiRequestCounts;
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
const htmlRouteModules = [registerAccountRoutes, registerPeopleRoutes, registerAuditRoutes, registerCurationRoutes, registerStoryRoutes, registerTranslationRoutes, registerMediaRoutes, registerCommentModerationRoutes, registerCommentSettingsRoutes, registerSettingsRoutes, registerApiKeyRoutes, registerTaxonomyRoutes, registerWebhookRoutes, registerSitePageRoutes];
const apiRouteModules = [registerAdminApiRoutes, registerStoryApiRoutes, registerStoryStepApiRoutes, registerMediaApiRoutes];

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

async function adminScope(app: FastifyInstance, { services, config, sitePresenter, apiRequestCounts }: AdminPluginOptions, records: AdminRouteRecord[]): Promise<void> {
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
    // Staff automation: an admin key on the JSON API acts as its person, without a session or a cookie.
    if (request.headers.authorization !== undefined && request.url.startsWith('/api/admin/')) {
      const addressHash = services.siteKeys.hash('address', request.ip);
      const resolved = await services.apiKeys.resolve(bearerToken(request) ?? '');
      if (!resolved) return sendProblem(reply, problemOf('API_KEY_INVALID', 'the key is unknown or was revoked'));
      if (!resolved.actsAs) return sendProblem(reply, problemOf('API_KEY_SCOPE', 'this key reads content only: the newsroom’s API needs an admin key'));
      // The key replaces the password: a one-time password still to change does not hold the key back.
      setAdminState(request, { user: { ...resolved.actsAs, mustChangePassword: false }, addressHash, apiKeyId: resolved.key.id, apiKeyLimit: resolved.key.requestsPerMinute });
      return;
    }
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

  // The newsroom speaks the language its person chose, or before sign-in (and for those who chose none) the
  // browser's. The rest of the request runs inside it; body parsing leaves that context, so it is entered again
  // once the body is read (preValidation), before any handler or presenter reads a word.
  app.addHook('onRequest', (request, reply, done) => {
    const language = newsroomLanguageOf(request);
    languages.set(request, language);
    if (!adminStateOf(request).user?.newsroomLanguage) reply.header('vary', 'accept-language');
    runInNewsroomLanguage(language, done);
  });
  app.addHook('preValidation', (request, _reply, done) => runInNewsroomLanguage(languages.get(request) ?? newsroomLanguageOf(request), done));

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
  await app.register(
    async (api) => {
      // Staff automation is limited per key as on the content API (one count for both); sessions are people at work.
      await registerApiRateLimit(api, {
        counts: apiRequestCounts,
        isExempt: (request) => adminStateOf(request).apiKeyId === undefined,
        callerOf: (request) => apiKeyCaller(adminStateOf(request).apiKeyId ?? 0),
        limitOf: (request) => adminStateOf(request).apiKeyLimit ?? 0,
      });
      await scopeRoutes(api, ctx, 'api', apiRouteModules);
    },
    { prefix: '/api/admin' },
  );
}

async function scopeRoutes(app: FastifyInstance, ctx: AdminContext, kind: Kind, modules: ReadonlyArray<(app: FastifyInstance, ctx: AdminContext) => void | Promise<void>>): Promise<void> {
  // CSRF first: a forged request is refused before anything else looks at it, even before "not found".
  app.addHook('preHandler', async (request, reply) => {
    // A key is sent by its holder on purpose, never by a browser on its own: there is no request to forge.
    if (kind === 'api' && adminStateOf(request).apiKeyId !== undefined) return;
    if (ctx.csrf.isValid(request)) return;
    request.log.warn({ url: request.url }, 'admin request without a valid CSRF token');
    return refuse(ctx, request, reply, kind, 'CSRF_TOKEN_INVALID');
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.is404) return;
    const access = request.routeOptions.config.adminAccess;
    // Unreachable while onRoute insists on a declaration; refuse rather than trust a gap.
    if (access === undefined) return refuse(ctx, request, reply, kind, 'FORBIDDEN');
    const decision = decideAccess(access, adminStateOf(request).user);
    if (decision === 'allow') return;
    if (decision === 'unauthenticated') {
      if (kind === 'api') return sendProblem(reply, problemOf('UNAUTHENTICATED', adminStrings.sessionProblems.signInFirst));
      const hasUsers = await ctx.services.users.hasAnyUser();
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      return reply.redirect(hasUsers ? `${adminPaths.signIn}${next}` : adminPaths.setup, 303);
    }
    if (decision === 'password-change-required') {
      if (kind === 'api') return sendProblem(reply, problemOf('PASSWORD_CHANGE_REQUIRED', adminStrings.sessionProblems.changePasswordFirst));
      return reply.redirect(adminPaths.password, 303);
    }
    return refuse(ctx, request, reply, kind, 'FORBIDDEN');
  });

  app.setNotFoundHandler(async (request, reply) => refuse(ctx, request, reply, kind, 'NOT_FOUND'));

  // Every refusal a route does not answer itself (a form shown again with the message by its field) ends here.
  app.setErrorHandler(async (error, request, reply) =>
    answerError(error, request, reply, {
      isJson: kind === 'api' || wantsJson(request),
      sendPage: (problem) => sendPage(reply, problem.status, AdminMessagePage, ctx.presenter.messagePage(frameFor(ctx, request, reply), messageKindOf(problem), problem.status >= 500 ? undefined : problem.detail)),
    }),
  );

  // A module may prepare something first (the story editor builds its script): wait for each.
  for (const register of modules) await register(app, ctx);
}

const languages = new WeakMap<FastifyRequest, ShippedLanguage>();

function newsroomLanguageOf(request: FastifyRequest): ShippedLanguage {
  // Staff automation reads problem details as a program does: in English, whichever language its person reads.
  if (adminStateOf(request).apiKeyId !== undefined) return 'en';
  const chosen = adminStateOf(request).user?.newsroomLanguage;
  return (chosen ? shippedLanguageOf(chosen) : undefined) ?? preferredLanguage(request.headers['accept-language']);
}

/** Passwords are taken as typed: the sign-in must match what was set, whatever it holds. */
function isPasswordField(name: string): boolean {
  return /password$/i.test(name);
}

/** The newsroom's page for a problem: forbidden and expired-form refusals have words of their own. */
function messageKindOf(problem: Pick<Problem, 'status' | 'code'>): MessageKind {
  if (problem.code === 'CSRF_TOKEN_INVALID') return 'csrf';
  if (problem.status === 403) return 'forbidden';
  return pageKindOf(problem.status);
}

/** A refusal of the plugin's own (no token, no access, no route), in the newsroom's words: a page, or problem JSON for the API. */
function refuse(ctx: AdminContext, request: FastifyRequest, reply: FastifyReply, kind: Kind, code: ErrorCode) {
  const problem = problemOf(code, '');
  const view = ctx.presenter.messagePage(frameFor(ctx, request, reply), messageKindOf(problem));
  if (kind === 'api') return sendProblem(reply, { ...problem, detail: view.text });
  return sendPage(reply, problem.status, AdminMessagePage, view);
}
