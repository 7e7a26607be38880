import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The signed-in session: a random token whose SHA-256 is the session's key on the server. */
export const SESSION_COOKIE = 'dateline_session';
/** Before sign-in: a random value that the sign-in and setup forms' CSRF tokens are bound to. */
export const FORM_COOKIE = 'dateline_csrf';

/**
 * Cookie policy in one place: HttpOnly (no script reads them), SameSite=Lax (other sites' forms do
 * not carry them), Secure whenever the site is served over https.
 */
export class AdminCookies {
  /** The pre-sign-in cookie's name. */
  readonly formCookie = FORM_COOKIE;

  constructor(private readonly isSecure: boolean) {}

  static forPublicUrl(publicUrl: string): AdminCookies {
    return new AdminCookies(publicUrl.startsWith('https:'));
  }

  sessionToken(request: FastifyRequest): string | undefined {
    return nonEmpty(request.cookies[SESSION_COOKIE]);
  }

  formToken(request: FastifyRequest): string | undefined {
    return nonEmpty(request.cookies[this.formCookie]);
  }

  /**
   * `endsAt`: the session's absolute end. The server alone decides when an idle session is over.
   * A session starting ends the pre-sign-in cookie: its tokens are no longer accepted (csrf-tokens.ts),
   * and a browser that keeps no stale value cannot be confused by one.
   */
  setSession(reply: FastifyReply, token: string, endsAt: string, now = new Date()): void {
    const maxAge = Math.max(0, Math.floor((Date.parse(endsAt) - now.getTime()) / 1000));
    reply.setCookie(SESSION_COOKIE, token, { ...this.options('/'), maxAge });
    reply.clearCookie(FORM_COOKIE, this.options('/admin'));
  }

  clearSession(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, this.options('/'));
  }

  /** A browser-session cookie (no Max-Age): it ends when the browser closes. */
  setFormToken(reply: FastifyReply, value: string): void {
    reply.setCookie(FORM_COOKIE, value, this.options('/admin'));
  }

  private options(path: string): CookieSerializeOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.isSecure, path };
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
