import type { FastifyInstance } from 'fastify';
import { adminStrings as t } from '../../config/admin-strings.ts';
import { preferredLanguage } from '../../config/messages/index.ts';
import { AccountError } from '../../modules/accounts/account-errors.ts';
import { personActor } from '../../modules/accounts/account-types.ts';
import { DashboardPage } from '../../views/admin/pages/dashboard-page.tsx';
import { FormPage } from '../../views/admin/pages/form-page.tsx';
import { allowAnyone, requireAccount, requireUser } from './admin-access.ts';
import { formFields, frameFor, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths, safeNextPath } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';

/** Notices the sign-in and dashboard pages show after a redirect; the query names one, never carries text. */
const signInNotices: Record<string, () => string> = {
  'signed-out': () => t.signIn.signedOut,
  'signed-out-everywhere': () => t.signIn.signedOutEverywhere,
};
const dashboardNotices: Record<string, () => string> = { 'password-changed': () => t.password.changed };

/** First-run setup, sign-in and out, the password form, and the dashboard (mounted under /admin). */
export function registerAccountRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { users, signIn } = ctx.services;

  app.get('/', requireUser(), async (request, reply) => {
    const user = signedInUser(request);
    const notice = dashboardNotices[String((request.query as Record<string, unknown>).notice ?? '')]?.();
    const data = await ctx.services.dashboard.forActor(personActor(user, adminStateOf(request).addressHash));
    const view = ctx.presenter.dashboardPage(frameFor(ctx, request, reply, adminPaths.home), user, data, (code) => ctx.services.editions.find(code), notice);
    return sendPage(reply, 200, DashboardPage, view);
  });

  // ── first run ─────────────────────────────────────────────────────────────
  app.get('/setup', allowAnyone(), async (request, reply) => {
    if (await users.hasAnyUser()) return reply.callNotFound();
    return sendPage(reply, 200, FormPage, ctx.presenter.setupPage(frameFor(ctx, request, reply), {}));
  });

  app.post('/setup', allowAnyone(), async (request, reply) => {
    if (await users.hasAnyUser()) return reply.callNotFound();
    const form = formFields(request.body, ['setupCode', 'email', 'displayName', 'password', 'confirmPassword']);
    const again = (status: number, problems: { fields?: Record<string, string>; general?: string }) =>
      sendPage(reply, status, FormPage, ctx.presenter.setupPage(frameFor(ctx, request, reply), form, problems));
    if (form.password !== form.confirmPassword) return again(422, { fields: { confirmPassword: t.setup.passwordsDiffer } });
    try {
      const owner = await users.createOwner(form, adminStateOf(request).addressHash);
      const { token, session } = await signIn.startSession(owner, request.ip);
      ctx.cookies.setSession(reply, token, session.endsAt);
      return reply.redirect(adminPaths.home, 303);
    } catch (error) {
      if (error instanceof AccountError && error.code === 'SETUP_CLOSED') return reply.callNotFound();
      if (error instanceof AccountError && error.field) return again(error.status, { fields: { [error.field]: error.message } });
      throw error;
    }
  });

  // ── signing in and out ────────────────────────────────────────────────────
  app.get('/sign-in', allowAnyone(), async (request, reply) => {
    if (!(await users.hasAnyUser())) return reply.redirect(adminPaths.setup, 303);
    const query = request.query as Record<string, unknown>;
    const next = safeNextPath(query.next);
    const { user } = adminStateOf(request);
    if (user) return reply.redirect(user.mustChangePassword ? adminPaths.password : (next ?? adminPaths.home), 303);
    const notice = signInNotices[String(query.notice ?? '')]?.() ?? (next ? t.signIn.sessionEnded : undefined);
    return sendPage(reply, 200, FormPage, ctx.presenter.signInPage(frameFor(ctx, request, reply), { next }, {}, notice));
  });

  app.post('/sign-in', allowAnyone(), async (request, reply) => {
    const form = formFields(request.body, ['email', 'password', 'next']);
    const next = safeNextPath(form.next);
    const outcome = await signIn.attempt({ email: form.email, password: form.password, address: request.ip });
    if (outcome.kind === 'signed-in') {
      // Whoever this browser was signed in as before is signed out: one browser, one session.
      const previous = adminStateOf(request);
      if (previous.user && previous.sessionToken) await signIn.signOut(previous.user, previous.sessionToken, request.ip);
      ctx.cookies.setSession(reply, outcome.session.token, outcome.session.session.endsAt);
      return reply.redirect(outcome.user.mustChangePassword ? adminPaths.password : (next ?? adminPaths.home), 303);
    }
    // The same words, the same status, whether or not the email has an account.
    if (outcome.kind === 'throttled') reply.header('retry-after', String(outcome.retryAfterSeconds));
    const status = outcome.kind === 'throttled' ? 429 : 401;
    const general = outcome.kind === 'throttled' ? t.signIn.throttled : t.signIn.refused;
    return sendPage(reply, status, FormPage, ctx.presenter.signInPage(frameFor(ctx, request, reply), { email: form.email, next }, { general }));
  });

  app.post('/sign-out', requireAccount(), async (request, reply) => {
    const state = adminStateOf(request);
    if (state.sessionToken) await signIn.signOut(signedInUser(request), state.sessionToken, request.ip);
    ctx.cookies.clearSession(reply);
    return reply.redirect(`${adminPaths.signIn}?notice=signed-out`, 303);
  });

  app.post('/sign-out-everywhere', requireAccount(), async (request, reply) => {
    await signIn.signOutEverywhere(signedInUser(request), request.ip);
    ctx.cookies.clearSession(reply);
    return reply.redirect(`${adminPaths.signIn}?notice=signed-out-everywhere`, 303);
  });

  // ── the person's own account ──────────────────────────────────────────────
  app.get('/account', requireUser(), async (request, reply) => {
    const saved = (request.query as Record<string, unknown>).notice === 'saved' ? t.account.saved : undefined;
    const view = ctx.presenter.accountPage(frameFor(ctx, request, reply, adminPaths.account), signedInUser(request), preferredLanguage(request.headers['accept-language']), {}, saved);
    return sendPage(reply, 200, FormPage, view);
  });

  app.post('/account', requireUser(), async (request, reply) => {
    const user = signedInUser(request);
    const form = formFields(request.body, ['newsroomLanguage']);
    try {
      await users.chooseNewsroomLanguage(user, form.newsroomLanguage);
    } catch (error) {
      if (error instanceof AccountError && error.field) {
        const view = ctx.presenter.accountPage(frameFor(ctx, request, reply, adminPaths.account), user, preferredLanguage(request.headers['accept-language']), { fields: { [error.field]: error.message } });
        return sendPage(reply, error.status, FormPage, view);
      }
      throw error;
    }
    // The next page is drawn in the new language: this request already runs in the old one.
    return reply.redirect(`${adminPaths.account}?notice=saved`, 303);
  });

  // ── passwords ─────────────────────────────────────────────────────────────
  app.get('/password', requireAccount(), async (request, reply) => {
    const user = signedInUser(request);
    return sendPage(reply, 200, FormPage, ctx.presenter.passwordPage(frameFor(ctx, request, reply), user));
  });

  app.post('/password', requireAccount(), async (request, reply) => {
    const user = signedInUser(request);
    const form = formFields(request.body, ['currentPassword', 'newPassword', 'confirmPassword']);
    const again = (status: number, fields: Record<string, string>) =>
      sendPage(reply, status, FormPage, ctx.presenter.passwordPage(frameFor(ctx, request, reply), user, { fields }));
    if (form.newPassword !== form.confirmPassword) return again(422, { confirmPassword: t.password.passwordsDiffer });
    try {
      await signIn.changePassword(user, form.currentPassword, form.newPassword, request.ip);
    } catch (error) {
      if (error instanceof AccountError && error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      if (error instanceof AccountError && error.field) return again(error.status, { [error.field]: error.message });
      throw error;
    }
    // Every session ended with the old password; this browser carries on in a new one.
    const { token, session } = await ctx.services.sessions.create(user.id);
    ctx.cookies.setSession(reply, token, session.endsAt);
    return reply.redirect(`${adminPaths.home}?notice=password-changed`, 303);
  });
}
