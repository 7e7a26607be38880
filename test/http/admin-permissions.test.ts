import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasGrant, roles, type Role } from '../../src/modules/accounts/permissions.ts';
import { anonymousAgent, createUser, signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { isAllowed, matches, protectedCases, routeCases, send, snapshot, target, unique } from '../support/admin-route-cases.ts';
import { testEngines } from '../support/engines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * Every admin route, tried by every role and by nobody: the forbidden ones must answer 403 (401 or a
 * sign-in redirect when signed out) AND leave the database as it was; the allowed ones must work.
 *
 * The matrix is data (`routeCases` in test/support/admin-route-cases.ts). A new admin route gets covered
 * by adding one row there with the access it declares; the first test fails until every registered route has its row.
 */

describe.each(testEngines())('admin permissions on %s', (engine) => {
  let site: TestSite;
  const agents = new Map<Role, SignedInAgent>();

  /** A signed-in agent of the role, reused until a request ends its session. */
  async function agentFor(role: Role, isThrowaway: boolean): Promise<SignedInAgent> {
    if (isThrowaway) return signInAs(site, role);
    let agent = agents.get(role);
    if (!agent) {
      agent = await signInAs(site, role);
      agents.set(role, agent);
    }
    return agent;
  }

  beforeAll(async () => {
    site = await startTestSite(engine);
    // An owner first, so that the site is past first-run setup.
    await createUser(site, 'owner');
  });

  afterAll(async () => {
    await site?.close();
  });

  it('has a row for every admin route, with the access the route declares', () => {
    const registered = site.app.adminRoutes;
    for (const route of registered) {
      const row = routeCases.find((c) => c.method === route.method && matches(c.route, route.url));
      expect(row, `no row in routeCases for ${route.method} ${route.url}: add one`).toBeDefined();
      expect(row?.access, `${route.method} ${route.url}`).toBe(route.access);
    }
    for (const c of routeCases) {
      expect(registered.some((r) => r.method === c.method && matches(c.route, r.url)), `${c.method} ${c.route} is not registered`).toBe(true);
    }
  });

  describe.each([...roles])('as %s', (role) => {
    for (const c of protectedCases) {
      const allowed = typeof c.allowed === 'function' ? c.allowed(role) : c.allowed;
      const verdict = isAllowed(role, c.access) ? `${allowed}` : '403, and nothing changes';
      it(`${c.method} ${c.route} → ${verdict}`, async () => {
        const agent = await agentFor(role, c.isSessionEnding === true);
        const attempt = c.prepare ? await c.prepare(site, agent) : { path: c.route };
        const before = await snapshot(site);
        const response = await send(agent, c, attempt);
        const body = await response.text();

        if (isAllowed(role, c.access)) {
          expect(response.status, body.slice(0, 400)).toBe(allowed);
          return;
        }
        expect(response.status).toBe(403);
        if (c.route.startsWith('/api/')) expect(JSON.parse(body)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
        else expect(body).toContain('<h1>You cannot do that</h1>');
        expect(await snapshot(site)).toBe(before);
      });
    }
  });

  describe('signed out', () => {
    for (const c of protectedCases) {
      it(`${c.method} ${c.route} → sign in first, and nothing changes`, async () => {
        const visitor = anonymousAgent(site);
        // A valid pre-sign-in token, so that it is the missing session, not CSRF, that refuses.
        await visitor.csrfToken();
        const attempt = c.prepare ? await c.prepare(site, undefined) : { path: c.route };
        const before = await snapshot(site);
        const response = await send(visitor, c, attempt);
        if (c.route.startsWith('/api/')) {
          expect(response.status).toBe(401);
          expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
        } else {
          expect(response.status).toBe(303);
          expect(response.headers.get('location')).toMatch(/^\/admin\/sign-in(\?next=|$)/);
        }
        expect(await snapshot(site)).toBe(before);
      });
    }
  });

  describe('people rules beyond the table', () => {
    it('an admin cannot demote, disable, reset the password of or create an owner, nor make anyone an owner', async () => {
      const admin = await agentFor('admin', false);
      const { user: owner } = await createUser(site, 'owner');
      const author = await target(site);
      const before = await snapshot(site);
      const tries: Array<[string, Record<string, string>]> = [
        [`/admin/people/${owner.id}/role`, { role: 'editor' }],
        [`/admin/people/${owner.id}/disable`, {}],
        [`/admin/people/${owner.id}/reset-password`, {}],
        [`/admin/people/${author.id}/role`, { role: 'owner' }],
        ['/admin/people', { email: unique('owner'), displayName: 'New Owner', role: 'owner' }],
      ];
      for (const [path, form] of tries) {
        const response = await admin.post(path, form);
        expect(response.status, `${path} ${JSON.stringify(form)}`).toBe(403);
      }
      expect(await snapshot(site)).toBe(before);
      // And the People page offers them no such buttons.
      const page = await admin.html('/admin/people');
      expect(page).not.toContain(`action="/admin/people/${owner.id}/role"`);
      expect(page).not.toContain(`action="/admin/people/${owner.id}/reset-password"`);
      expect(page).not.toContain('<option value="owner"');
    });

    it('the last owner can neither step down nor be disabled, and nobody disables themself', async () => {
      const lone = await startTestSite(engine);
      try {
        const { user, password } = await createUser(lone, 'owner');
        const owner = await signInAs(lone, { email: user.email, password });
        const before = await snapshot(lone);
        const demote = await owner.post(`/admin/people/${user.id}/role`, { role: 'admin' });
        expect(demote.status).toBe(409);
        expect(await demote.text()).toContain('This is the site’s last owner: make someone else an owner first.');
        const disable = await owner.post(`/admin/people/${user.id}/disable`);
        expect(disable.status).toBe(409);
        expect(await snapshot(lone)).toBe(before);
      } finally {
        await lone.close();
      }
    });

    it('an owner can hand ownership to someone else', async () => {
      const owner = await agentFor('owner', true);
      const heir = await target(site, 'editor');
      expect((await owner.post(`/admin/people/${heir.id}/role`, { role: 'owner' })).status).toBe(303);
      expect((await owner.post(`/admin/people/${owner.user.id}/role`, { role: 'editor' })).status).toBe(303);
      expect((await site.services.users.findById(owner.user.id))?.role).toBe('editor');
      // Demoted on the next request: the People page is closed to an editor.
      expect((await owner.get('/admin/people')).status).toBe(403);
    });

    it('tells each role what it may do', async () => {
      for (const role of roles) {
        const agent = await agentFor(role, false);
        const me = (await (await agent.api('GET', '/api/admin/me')).json()) as { user: { role: string }; permissions: string[] };
        expect(me.user.role).toBe(role);
        expect(me.permissions.includes('user.manage')).toBe(hasGrant(role, 'user.manage'));
      }
    });
  });
});
