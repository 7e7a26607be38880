import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SiteKeys } from '../../modules/accounts/site-keys.ts';
import type { AdminCookies } from './admin-cookies.ts';
import { adminStateOf } from './admin-state.ts';

/** The form field and the header that carry the token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchronizer tokens without server storage: a token is the site key's HMAC of what it is bound to —
 * the session (its token's hash) once signed in, or a random pre-sign-in cookie on the setup and
 * sign-in forms (so nobody can sign a victim into an attacker's account either). Another site can
 * make a browser send our cookies but can neither read them nor compute the HMAC.
 */
export class CsrfTokens {
  constructor(
    private readonly keys: SiteKeys,
    private readonly cookies: AdminCookies,
  ) {}

  /** The token to put in this response's forms; sets the pre-sign-in cookie when there is none yet. */
  tokenFor(request: FastifyRequest, reply: FastifyReply): string {
    const { session } = adminStateOf(request);
    if (session) return this.keys.sign('csrf', `session:${session.tokenHash}`);
    let formToken = this.cookies.formToken(request);
    if (formToken === undefined) {
      formToken = randomBytes(32).toString('base64url');
      this.cookies.setFormToken(reply, formToken);
      // Later forms in this same response must agree with the cookie just set.
      request.cookies[this.cookies.formCookie] = formToken;
    }
    return this.keys.sign('csrf', `form:${formToken}`);
  }

  /**
   * True for safe methods, and for unsafe ones carrying a token bound to this browser's session — or,
   * only while there is no session, to its pre-sign-in cookie. Once signed in, a pre-sign-in token is
   * worthless: whoever planted that cookie (a sibling subdomain's `Domain=` cookie, a plain-http
   * response) knows its token, and must not be able to forge the signed-in person's requests.
   */
  isValid(request: FastifyRequest): boolean {
    if (SAFE_METHODS.has(request.method)) return true;
    const sent = sentToken(request);
    if (sent === undefined) return false;
    const { session } = adminStateOf(request);
    if (session) return isEqual(this.keys.sign('csrf', `session:${session.tokenHash}`), sent);
    const formToken = this.cookies.formToken(request);
    return formToken !== undefined && isEqual(this.keys.sign('csrf', `form:${formToken}`), sent);
  }
}

function sentToken(request: FastifyRequest): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const body = request.body;
  if (body !== null && typeof body === 'object' && CSRF_FIELD in body) {
    const value = (body as Record<string, unknown>)[CSRF_FIELD];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function isEqual(expected: string, sent: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
