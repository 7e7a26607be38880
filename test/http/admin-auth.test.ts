import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/engines.ts';
import { anonymousAgent, createUser, signInAs, type AdminAgent } from '../support/admin-agent.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * Accounts over real HTTP: first-run setup, signing in and out, cookies, CSRF, throttling and the
 * forced password change. Expected words are written out here, not read from src/config, so a
 * changed message fails a test on purpose.
 */

const REFUSED = 'The email address or password is wrong.';
const THROTTLED = 'Too many failed sign-in attempts. For your security, signing in is paused for a while: please try again in 15 minutes.';
const OWNER = { email: 'owner@dateline.test', displayName: 'Olu Owner', password: 'a long owner passphrase' };

/** The text of the page's error summary, or '' when it has none. */
function errorSummary(html: string): string {
  const block = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return block.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

function setCookie(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

async function countUsers(site: TestSite): Promise<number> {
  return (await site.services.users.list()).length;
}

describe.each(testEngines())('newsroom sign-in on %s', (engine) => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startTestSite(engine);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('first run: /admin leads to a setup form that creates the owner once, then is gone', async () => {
    const visitor = anonymousAgent(site);
    const start = await visitor.get('/admin');
    expect([start.status, start.headers.get('location')]).toEqual([303, '/admin/setup']);
    const form = await visitor.html('/admin/setup');
    expect(form).toContain('<h1>Set up your newsroom</h1>');
    expect(form).toContain('autocomplete="new-password"');

    expect(form).toContain('<label for="setup-code">Set-up code</label>');
    const setupCode = (await site.services.setupCode.find()) ?? '';

    // A forged setup (no token) creates nothing.
    expect((await visitor.post('/admin/setup', { ...OWNER, setupCode, confirmPassword: OWNER.password }, { csrf: 'none' })).status).toBe(403);
    expect(await countUsers(site)).toBe(0);

    // Reaching the form is not enough: the set-up code printed at the server's start is asked for.
    for (const [sent, message] of [
      ['', 'Enter the set-up code.'],
      ['abcd-efgh-jkmn-pqrs', 'The set-up code is wrong: it is printed in the server’s log when it starts, and `dateline setup-code` prints it.'],
    ]) {
      const refused = await visitor.post('/admin/setup', { ...OWNER, setupCode: sent ?? '', confirmPassword: OWNER.password });
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(errorSummary(html)).toBe(`There is a problem ${message}`);
      expect(html).toContain('aria-describedby="setup-code-hint setup-code-error" aria-invalid="true"');
      expect(await countUsers(site)).toBe(0);
    }

    const mismatch = await visitor.post('/admin/setup', { ...OWNER, setupCode, confirmPassword: 'something else entirely' });
    expect(mismatch.status).toBe(422);
    const mismatchHtml = await mismatch.text();
    expect(errorSummary(mismatchHtml)).toBe('There is a problem The two passwords are not the same.');
    expect(mismatchHtml).toContain('aria-describedby="confirm-password-error" aria-invalid="true"');
    expect(mismatchHtml).not.toContain(OWNER.password);
    expect(await countUsers(site)).toBe(0);

    const created = await visitor.post('/admin/setup', { ...OWNER, setupCode, confirmPassword: OWNER.password });
    expect([created.status, created.headers.get('location')]).toEqual([303, '/admin']);
    expect(setCookie(created, 'dateline_session')).toBeDefined();
    expect(await visitor.html('/admin')).toContain('Signed in as Olu Owner (Owner)');

    expect((await visitor.get('/admin/setup')).status).toBe(404);
    const late = anonymousAgent(site);
    const second = await late.post('/admin/setup', { setupCode, email: 'late@dateline.test', displayName: 'Late', password: 'a late long passphrase', confirmPassword: 'a late long passphrase' });
    expect(second.status).toBe(404);
    expect(await countUsers(site)).toBe(1);
    expect((await site.services.users.list())[0]).toMatchObject({ email: OWNER.email, role: 'owner' });
  });

  it('signs in with an HttpOnly, SameSite=Lax session cookie, and signs out', async () => {
    const { user, password } = await createUser(site, 'editor');
    const agent = anonymousAgent(site);
    const response = await agent.post('/admin/sign-in', { email: user.email.toUpperCase(), password });
    expect([response.status, response.headers.get('location')]).toEqual([303, '/admin']);
    const cookie = setCookie(response, 'dateline_session') ?? '';
    expect(cookie).toMatch(/^dateline_session=[A-Za-z0-9_-]{43}; Max-Age=604\d{3}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toContain('Secure');

    const dashboard = await agent.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('cache-control')).toBe('no-store');
    const stolen = agent.cookies.get('dateline_session');

    const out = await agent.post('/admin/sign-out');
    expect([out.status, out.headers.get('location')]).toEqual([303, '/admin/sign-in?notice=signed-out']);
    expect(setCookie(out, 'dateline_session')).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await agent.html('/admin/sign-in?notice=signed-out')).toContain('You have signed out.');

    // The old token is dead on the server, not just forgotten by the browser.
    const replay = await site.get('/admin', { headers: { cookie: `dateline_session=${stolen}` } });
    expect([replay.status, replay.headers.get('location')]).toEqual([303, '/admin/sign-in?next=%2Fadmin']);
  });

  it('names cookies __Host-… and marks them Secure, Path=/ and without Domain when the site’s public address is https', async () => {
    const secure = await startTestSite(engine, { publicUrl: 'https://dateline.test' });
    try {
      const visitor = anonymousAgent(secure);
      const page = await visitor.get('/admin/setup');
      expect(setCookie(page, '__Host-dateline_csrf')).toMatch(/^__Host-dateline_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      expect(setCookie(page, 'dateline_csrf')).toBeUndefined();
      const created = await visitor.post('/admin/setup', { ...OWNER, setupCode: (await secure.services.setupCode.find()) ?? '', confirmPassword: OWNER.password });
      expect(created.status).toBe(303);
      expect(setCookie(created, '__Host-dateline_session')).toMatch(/^__Host-dateline_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      expect(setCookie(created, '__Host-dateline_csrf')).toMatch(/^__Host-dateline_csrf=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$/);
      expect(setCookie(created, 'dateline_session')).toBeUndefined();
      // The prefixed session cookie is the one the site reads.
      expect(await visitor.html('/admin')).toContain('Signed in as Olu Owner (Owner)');
      expect((await secure.get('/admin', { headers: { cookie: `dateline_session=${visitor.cookies.get('__Host-dateline_session')}` } })).status).toBe(303);
    } finally {
      await secure.close();
    }
  });

  it('returns to the page asked for after signing in, but never to another site', async () => {
    const { user, password } = await createUser(site, 'admin');
    const visitor = anonymousAgent(site);
    const asked = await visitor.get('/admin/people');
    expect(asked.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin%2Fpeople');
    expect(await visitor.html('/admin/sign-in?next=%2Fadmin%2Fpeople')).toContain('<input type="hidden" name="next" value="/admin/people"/>');
    const back = await visitor.post('/admin/sign-in', { email: user.email, password, next: '/admin/people' });
    expect(back.headers.get('location')).toBe('/admin/people');

    for (const next of ['https://evil.example/', '//evil.example/admin', '/admin\\@evil.example', '/elsewhere']) {
      const other = anonymousAgent(site);
      const response = await other.post('/admin/sign-in', { email: user.email, password, next });
      expect(response.headers.get('location'), next).toBe('/admin');
    }
  });

  it('ends the first session when a browser signs in as someone else', async () => {
    const first = await signInAs(site, 'author');
    const firstToken = first.cookies.get('dateline_session');
    const { user, password } = await createUser(site, 'editor');
    expect((await first.post('/admin/sign-in', { email: user.email, password })).status).toBe(303);
    expect(first.cookies.get('dateline_session')).not.toBe(firstToken);
    expect((await site.get('/admin', { headers: { cookie: `dateline_session=${firstToken}` } })).status).toBe(303);
    expect(await first.html('/admin')).toContain(`Signed in as ${user.displayName} (Editor)`);
  });

  it('signs out every browser at once', async () => {
    const first = await signInAs(site, 'author');
    const second = await signInAs(site, { email: first.user.email, password: first.password });
    expect((await second.get('/admin')).status).toBe(200);
    expect((await first.post('/admin/sign-out-everywhere')).headers.get('location')).toBe('/admin/sign-in?notice=signed-out-everywhere');
    expect((await second.get('/admin')).status).toBe(303);
    expect((await first.get('/admin')).status).toBe(303);
  });

  describe('CSRF', () => {
    it('refuses a state-changing request without a token, or with a wrong one, and changes nothing', async () => {
      const owner = await signInAs(site, 'owner');
      const other = await signInAs(site, 'owner');
      const before = await countUsers(site);
      const newcomer = { email: 'csrf-victim@dateline.test', displayName: 'Not Added', role: 'editor' };

      const none = await owner.post('/admin/people', newcomer, { csrf: 'none' });
      expect(none.status).toBe(403);
      expect(await none.text()).toContain('<h1>This form has expired</h1>');
      expect((await owner.post('/admin/people', newcomer, { csrf: 'wrong' })).status).toBe(403);
      // A real token, but bound to someone else's session.
      const theirs = await other.csrfToken();
      const borrowed = await owner.request('/admin/people', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...newcomer, _csrf: theirs }).toString(),
      });
      expect(borrowed.status).toBe(403);
      expect(await countUsers(site)).toBe(before);

      // Signing out is a state change too: refused without a token, and the session lives on.
      expect((await owner.post('/admin/sign-out', {}, { csrf: 'none' })).status).toBe(403);
      expect((await owner.get('/admin')).status).toBe(200);

      // The token may travel in a header instead of the form.
      const viaHeader = await owner.request('/admin/people', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': await owner.csrfToken() },
        body: new URLSearchParams(newcomer).toString(),
      });
      expect(viaHeader.status).toBe(201);
      expect(await countUsers(site)).toBe(before + 1);
    });

    it('protects the sign-in form too, so nobody can be signed into someone else’s account', async () => {
      const { user, password } = await createUser(site, 'editor');
      const visitor = anonymousAgent(site);
      const forged = await visitor.post('/admin/sign-in', { email: user.email, password }, { csrf: 'none' });
      expect(forged.status).toBe(403);
      expect(setCookie(forged, 'dateline_session')).toBeUndefined();
      expect((await visitor.post('/admin/sign-in', { email: user.email, password }, { csrf: 'wrong' })).status).toBe(403);
      const signIns = await site.services.audit.query({ action: 'auth.signed_in', actorId: user.id });
      expect(signIns.total).toBe(0);
    });

    it('answers API callers with problem JSON, checking the token before anything else', async () => {
      const visitor = anonymousAgent(site);
      // No POST route exists here yet: the token is checked even before "not found".
      const response = await visitor.api('POST', '/api/admin/me', {}, { csrf: 'none' });
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 403, code: 'CSRF_TOKEN_INVALID' });
      const signedOut = await visitor.api('GET', '/api/admin/me');
      expect(signedOut.status).toBe(401);
      expect(await signedOut.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });
  });

  describe('wrong passwords and throttling', () => {
    it('says the same thing whether or not the account exists', async () => {
      const { user } = await createUser(site, 'author');
      const known = await anonymousAgent(site).post('/admin/sign-in', { email: user.email, password: 'not the password' });
      const unknown = await anonymousAgent(site).post('/admin/sign-in', { email: 'nobody@dateline.test', password: 'not the password' });
      expect([known.status, unknown.status]).toEqual([401, 401]);
      const [knownHtml, unknownHtml] = [await known.text(), await unknown.text()];
      expect(errorSummary(knownHtml)).toBe(`There is a problem ${REFUSED}`);
      expect(errorSummary(unknownHtml)).toBe(errorSummary(knownHtml));
      // The email typed is kept; the password never comes back.
      expect(knownHtml).toContain(`value="${user.email}"`);
      expect(knownHtml).not.toContain('not the password');
    });

    it('pauses an account after 5 failures with 429, saying the same for an unknown account', async () => {
      const { user, password } = await createUser(site, 'editor');
      for (const email of [user.email, 'ghost@dateline.test']) {
        const agent = anonymousAgent(site);
        for (let i = 0; i < 5; i++) expect((await agent.post('/admin/sign-in', { email, password: `guess ${i}` })).status).toBe(401);
        const paused = await agent.post('/admin/sign-in', { email, password: email === user.email ? password : 'guess 5' });
        expect(paused.status, email).toBe(429);
        expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
        expect(errorSummary(await paused.text())).toBe(`There is a problem ${THROTTLED}`);
        expect(setCookie(paused, 'dateline_session')).toBeUndefined();
      }
    });
  });

  it('makes a one-time password holder choose a new password before anything else', async () => {
    const { user, password: oneTime } = await createUser(site, 'admin', { mustChangePassword: true });
    const agent = anonymousAgent(site);
    const signedIn = await agent.post('/admin/sign-in', { email: user.email, password: oneTime });
    expect(signedIn.headers.get('location')).toBe('/admin/password');
    for (const path of ['/admin', '/admin/people', '/admin/audit']) {
      const response = await agent.get(path);
      expect([response.status, response.headers.get('location')], path).toEqual([303, '/admin/password']);
    }
    expect((await agent.post('/admin/people', { email: 'x@dateline.test', displayName: 'X', role: 'author' })).headers.get('location')).toBe('/admin/password');

    const page = await agent.html('/admin/password');
    expect(page).toContain('<h1>Choose a new password</h1>');
    expect(page).not.toContain('class="admin-nav"');

    const short = await agent.post('/admin/password', { currentPassword: oneTime, newPassword: 'short', confirmPassword: 'short' });
    expect(short.status).toBe(422);
    expect(errorSummary(await short.text())).toBe('There is a problem The new password must be at least 12 characters long.');
    const wrong = await agent.post('/admin/password', { currentPassword: 'not it', newPassword: 'my very own password', confirmPassword: 'my very own password' });
    expect(wrong.status).toBe(422);
    expect(errorSummary(await wrong.text())).toBe('There is a problem The current password is wrong.');

    const oldCookie = agent.cookies.get('dateline_session');
    const changed = await agent.post('/admin/password', { currentPassword: oneTime, newPassword: 'my very own password', confirmPassword: 'my very own password' });
    expect([changed.status, changed.headers.get('location')]).toEqual([303, '/admin?notice=password-changed']);
    expect(agent.cookies.get('dateline_session')).not.toBe(oldCookie);
    expect(await agent.html('/admin?notice=password-changed')).toContain('Your password has been changed.');
    expect((await site.get('/admin', { headers: { cookie: `dateline_session=${oldCookie}` } })).status).toBe(303);
    expect((await site.services.users.findById(user.id))?.mustChangePassword).toBe(false);
    expect((await site.services.audit.query({ action: 'user.password_changed', actorId: user.id })).total).toBe(1);
  });

  it('signs a disabled person out at once', async () => {
    const admin = await signInAs(site, 'admin');
    const author = await signInAs(site, 'author');
    expect((await admin.post(`/admin/people/${author.user.id}/disable`)).status).toBe(303);
    expect((await author.get('/admin')).status).toBe(303);
    expect((await anonymousAgent(site).post('/admin/sign-in', { email: author.user.email, password: author.password })).status).toBe(401);
  });

  it('serves every admin response uncached, and frames none of them', async () => {
    const visitor: AdminAgent = anonymousAgent(site);
    for (const path of ['/admin/sign-in', '/admin/nowhere', '/api/admin/me']) {
      const response = await visitor.get(path);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    const page = await visitor.get('/admin/sign-in');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const css = /<link rel="stylesheet" href="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const stylesheet = await visitor.get(css);
    expect([stylesheet.status, stylesheet.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
  });
});
