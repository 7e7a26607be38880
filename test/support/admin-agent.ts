/**
 * Admin agents: browser-like HTTP clients for the newsroom, over `fetch` against a `TestSite`.
 * They keep cookies, never follow redirects, and add the CSRF token to every POST for you.
 *
 * ```ts
 * const site = await startTestSite(engine);
 * const editor = await signInAs(site, 'editor');          // a new editor, made through UserService, signed in over HTTP
 * editor.user;                                            // the User (id, email, role …); editor.password is theirs
 * const res = await editor.get('/admin/people');          // a Response; redirects are not followed
 * await editor.request('/admin/x', { method: 'POST', body }); // any fetch, with this browser's cookies (no token added)
 * const html = await editor.html('/admin');               // GET, expects 200, returns the body
 * await editor.post('/admin/people', { email, displayName, role: 'author' });  // urlencoded form, CSRF token added
 * await editor.post('/admin/sign-out', {}, { csrf: 'none' });    // no token at all → expect 403
 * await editor.post('/admin/sign-out', {}, { csrf: 'wrong' });   // a well-formed but wrong token → expect 403
 * await editor.api('POST', '/api/admin/stories', { headline });  // JSON, token in `x-csrf-token`
 * await editor.csrfToken();                               // the token this browser's forms carry now
 *
 * const visitor = anonymousAgent(site);                   // signed out; can still post sign-in and setup forms
 * const { user, password } = await createUser(site, 'author', { mustChangePassword: true }); // no sign-in
 * const again = await signInAs(site, { email: user.email, password }); // sign in as an existing person
 * ```
 *
 * Sign-ins count against the throttle only when they fail (5 per account, 20 per address in 15 min):
 * tests that fail sign-ins on purpose should use their own accounts and stay under 20 per site.
 */
import { commandLineActor, type User } from '../../src/modules/accounts/account-types.ts';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import type { TestSite } from './test-site.ts';

/** 'auto': this browser's right token; 'none'; 'wrong': a forged one; `{ token }`: exactly that one (say, an attacker's). */
export type CsrfMode = 'auto' | 'none' | 'wrong' | { token: string };

export interface AdminAgent {
  readonly site: TestSite;
  /** Cookies this browser holds, by name. */
  readonly cookies: Map<string, string>;
  get(path: string): Promise<Response>;
  /** Any request with this browser's cookies, as given: no CSRF token is added. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** GET a page that must answer 200; returns its HTML. */
  html(path: string): Promise<string>;
  /** POST a urlencoded form. `csrf`: 'auto' adds the right token (default), 'none' sends none, 'wrong' a forged one. */
  post(path: string, form?: Record<string, string>, options?: { csrf?: CsrfMode }): Promise<Response>;
  /** A JSON request; unsafe methods carry the token in `x-csrf-token` unless `csrf` says otherwise. */
  api(method: string, path: string, body?: unknown, options?: { csrf?: CsrfMode }): Promise<Response>;
  /** The token this browser's forms carry now (from /api/admin/me when signed in, else from the sign-in or setup form). */
  csrfToken(): Promise<string>;
}

export interface SignedInAgent extends AdminAgent {
  readonly user: User;
  readonly password: string;
}

export interface Credentials {
  email: string;
  password: string;
}

let counter = 0;

/** A fresh person made through the service as the command line would, with a known password. */
export async function createUser(
  site: TestSite,
  role: Role,
  options: { email?: string; displayName?: string; password?: string; mustChangePassword?: boolean } = {},
): Promise<{ user: User; password: string }> {
  counter++;
  const email = options.email ?? `${role}-${counter}-${Math.random().toString(36).slice(2, 8)}@dateline.test`;
  const displayName = options.displayName ?? `${role[0]?.toUpperCase() ?? ''}${role.slice(1)} Person ${counter}`;
  if (options.mustChangePassword) {
    const added = await site.services.users.addUser(commandLineActor, { email, displayName, role });
    if (!added.oneTimePassword) throw new Error('expected a one-time password');
    return { user: added.user, password: added.oneTimePassword };
  }
  const password = options.password ?? `correct horse battery ${counter}`;
  const added = await site.services.users.addUser(commandLineActor, { email, displayName, role, password });
  return { user: added.user, password };
}

/** Signs in over HTTP, as a new person of `role` or as existing credentials; throws unless the sign-in succeeded. */
export async function signInAs(site: TestSite, who: Role | Credentials): Promise<SignedInAgent> {
  const { email, password } = typeof who === 'string' ? await createUser(site, who).then(({ user, password }) => ({ email: user.email, password })) : who;
  const agent = anonymousAgent(site);
  const response = await agent.post('/admin/sign-in', { email, password });
  if (response.status !== 303) throw new Error(`signing in as ${email} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const user = await site.services.users.findByEmail(email);
  if (!user) throw new Error(`no account ${email} after signing in`);
  return Object.assign(agent, { user, password });
}

/** A signed-out browser with an empty cookie jar. */
export function anonymousAgent(site: TestSite): AdminAgent {
  const cookies = new Map<string, string>();

  function cookieHeader(): string {
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  function keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const isExpired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()));
      if (isExpired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  }

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', cookieHeader());
    return keep(await fetch(`${site.url}${path}`, { ...init, headers, redirect: 'manual' }));
  }

  async function csrfToken(): Promise<string> {
    if (cookies.has('dateline_session') || cookies.has('__Host-dateline_session')) {
      const me = await request('/api/admin/me', { headers: { accept: 'application/json' } });
      if (me.status === 200) return ((await me.json()) as { csrfToken: string }).csrfToken;
    }
    let page = await request('/admin/sign-in');
    if (page.status === 303 && page.headers.get('location') === '/admin/setup') page = await request('/admin/setup');
    const html = await page.text();
    const token = /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF token on the sign-in or setup page (status ${page.status})`);
    return token;
  }

  async function tokenFor(mode: CsrfMode): Promise<string | undefined> {
    if (mode === 'none') return undefined;
    if (typeof mode === 'object') return mode.token;
    const token = await csrfToken();
    // Same length and alphabet as a real token, so only its value is wrong.
    return mode === 'wrong' ? `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}` : token;
  }

  return {
    site,
    cookies,
    get: (path) => request(path),
    request,
    async html(path) {
      const response = await request(path);
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}, not 200: ${body.slice(0, 300)}`);
      return body;
    },
    async post(path, form = {}, options = {}) {
      const token = await tokenFor(options.csrf ?? 'auto');
      const body = new URLSearchParams(form);
      if (token !== undefined) body.set('_csrf', token);
      return request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    },
    async api(method, path, body, options = {}) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (!['GET', 'HEAD'].includes(method.toUpperCase())) {
        const token = await tokenFor(options.csrf ?? 'auto');
        if (token !== undefined) headers['x-csrf-token'] = token;
      }
      if (body !== undefined) headers['content-type'] = 'application/json';
      return request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    },
    csrfToken,
  };
}
