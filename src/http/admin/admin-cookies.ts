import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The signed-in session: a random token whose SHA-256 is the session's key on the server. */
export const SESSION_COOKIE = 'dateline_session';
/** Before sign-in: a random value that the sign-in and setup forms' CSRF tokens are bound to. */
export const FORM_COOKIE = 'dateline_csrf';
/**
 * Over https the names carry the `__Host-` prefix: browsers then accept the cookie only with Secure,
 * Path=/ and no Domain, so neither a sibling subdomain nor a plain-http response can set or shadow it.
 */
const SECURE_PREFIX = '__Host-';

/**
 * Cookie policy in one place: HttpOnly (no script reads them), SameSite=Lax (other sites' forms do
 * not carry them), Secure and `__Host-` named whenever the site is served over https.
 */
export class AdminCookies {
  readonly sessionCookie: string;
  /** The pre-sign-in cookie's name. */
  readonly formCookie: string;

  constructor(private readonly isSecure: boolean) {
    const prefix = isSecure ? SECURE_PREFIX : '';
    this.sessionCookie = `${prefix}${SESSION_COOKIE}`;
    this.formCookie = `${prefix}${FORM_COOKIE}`;
  }

  static forPublicUrl(publicUrl: string): AdminCookies {
    return new AdminCookies(publicUrl.startsWith('https:'));
  }

  sessionToken(request: FastifyRequest): string | undefined {
    return nonEmpty(request.cookies[this.sessionCookie]);
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
    reply.setCookie(this.sessionCookie, token, { ...this.options('/'), maxAge });
    reply.clearCookie(this.formCookie, this.options(this.formPath()));
  }

  clearSession(reply: FastifyReply): void {
    reply.clearCookie(this.sessionCookie, this.options('/'));
  }

  /** A browser-session cookie (no Max-Age): it ends when the browser closes. */
  setFormToken(reply: FastifyReply, value: string): void {
    reply.setCookie(this.formCookie, value, this.options(this.formPath()));
  }

  /** Only the newsroom needs the pre-sign-in cookie; a `__Host-` cookie must have Path=/ though. */
  private formPath(): string {
    return this.isSecure ? '/' : '/admin';
  }

  private options(path: string): CookieSerializeOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.isSecure, path };
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
