import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type ComponentType } from 'preact';
import type { Services } from '../../services.ts';
import { renderPage } from '../../views/render-page.ts';
import type { AdminCookies } from './admin-cookies.ts';
import type { AdminPresenter } from './admin-presenter.ts';
import { adminStateOf } from './admin-state.ts';
import type { CsrfTokens } from './csrf-tokens.ts';
import type { SitePresenter } from '../site-presenter.ts';
import type { AdminFrame } from '../../views/admin/admin-view-models.ts';

/** What every admin route module is given: the services, and the admin's own helpers. */
export interface AdminContext {
  services: Services;
  presenter: AdminPresenter;
  cookies: AdminCookies;
  csrf: CsrfTokens;
  /** The reader site's presenter, for previews drawn as readers will see them. */
  sitePresenter: SitePresenter;
}

/** The frame of an admin page for this request: who is signed in, the menu, this response's CSRF token. */
export function frameFor(ctx: AdminContext, request: FastifyRequest, reply: FastifyReply, currentHref?: string): AdminFrame {
  return ctx.presenter.frame(adminStateOf(request).user, ctx.csrf.tokenFor(request, reply), currentHref);
}

/** Sends an admin page. Every admin response is `no-store` (set by the plugin), pages included. */
export function sendPage<V>(reply: FastifyReply, status: number, page: ComponentType<{ view: V }>, view: V) {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(renderPage(h(page, { view })));
}

/** The string fields of a urlencoded form body; anything else (arrays, absent) reads as ''. */
export function formFields<K extends string>(body: unknown, names: readonly K[]): Record<K, string> {
  const source = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const out = {} as Record<K, string>;
  for (const name of names) {
    const value = source[name];
    out[name] = typeof value === 'string' ? value : '';
  }
  return out;
}

/** A positive whole number from a route parameter; undefined for anything else. */
export function idParam(value: string): number | undefined {
  return /^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined;
}
