import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousAgent, createUser, type AdminAgent } from '../support/admin-agent.ts';
import { matches, routeCases, send, snapshot } from '../support/admin-route-cases.ts';
import { testEngines } from '../support/engines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * A pre-sign-in CSRF cookie planted in a victim's browser (by a sibling subdomain's `Domain=` cookie, or a
 * plain-http response before HSTS) must be worth nothing once the victim signs in: the attacker knows that
 * cookie's token, so accepting it would let them forge every newsroom request of the signed-in person.
 */

const FORM_COOKIE = 'dateline_csrf';

interface Planted {
  /** The cookie value the attacker got for themself and plants in the victim's browser. */
  cookie: string;
  /** The token the site gave the attacker for that cookie. */
  token: string;
}

async function plantedCookie(site: TestSite): Promise<Planted> {
  const attacker = anonymousAgent(site);
  const token = await attacker.csrfToken();
  const cookie = attacker.cookies.get(FORM_COOKIE);
  if (cookie === undefined) throw new Error('the sign-in page set no pre-sign-in cookie');
  return { cookie, token };
}

/** An owner (who may do everything) signs in from a browser holding the planted cookie. */
async function victimWith(site: TestSite, planted: Planted): Promise<{ victim: AdminAgent; signIn: Response }> {
  const { user, password } = await createUser(site, 'owner');
  const victim = anonymousAgent(site);
  victim.cookies.set(FORM_COOKIE, planted.cookie);
  const signIn = await victim.post('/admin/sign-in', { email: user.email, password });
  if (signIn.status !== 303) throw new Error(`signing in answered ${signIn.status}`);
  return { victim, signIn };
}

describe.each(testEngines())('CSRF tokens after sign-in on %s', (engine) => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startTestSite(engine);
    await createUser(site, 'owner');
  });

  afterAll(async () => {
    await site?.close();
  });

  it('signing in clears the pre-sign-in cookie', async () => {
    const { victim, signIn } = await victimWith(site, await plantedCookie(site));
    const cleared = signIn.headers.getSetCookie().find((line) => line.startsWith(`${FORM_COOKIE}=`));
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(victim.cookies.has(FORM_COOKIE)).toBe(false);
  });

  it('a signed-in browser’s own token still works', async () => {
    const { victim } = await victimWith(site, await plantedCookie(site));
    expect((await victim.post('/admin/stories', { editionCode: 'en', headline: 'Written by the victim', bodyText: 'Their own words.' })).status).toBe(303);
  });

  const stateChanging = routeCases.filter((c) => c.method !== 'GET');

  it('covers every state-changing admin route', () => {
    const registered = site.app.adminRoutes.filter((r) => r.method !== 'GET');
    for (const route of registered) expect(stateChanging.some((c) => c.method === route.method && matches(c.route, route.url)), `${route.method} ${route.url}`).toBe(true);
    expect(stateChanging.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of stateChanging) {
    it(`${c.method} ${c.route} refuses the planted pre-sign-in token once signed in, and nothing changes`, async () => {
      const planted = await plantedCookie(site);
      const { victim } = await victimWith(site, planted);
      // Planted again after sign-in: clearing it is not the only defence.
      victim.cookies.set(FORM_COOKIE, planted.cookie);
      const attempt = c.prepare ? await c.prepare(site, undefined) : { path: c.route };
      const before = await snapshot(site);
      const response = await send(victim, c, attempt, { csrf: { token: planted.token } });
      expect(response.status).toBe(403);
      expect(await snapshot(site)).toBe(before);
    });
  }
});
