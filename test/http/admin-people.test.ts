import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import { anonymousAgent, createUser, signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';
import { decodeHtml } from '../support/html-text.ts';

/**
 * Resetting someone's password from the People page, over real HTTP: the one-time password is shown once,
 * the old password and every old session stop working, the new one signs in only to choose a password,
 * and the reset is in the audit log. Roles without `user.manage` are refused and change nothing; admins
 * cannot reset an owner's password, and nobody resets their own.
 */

/** The one-time password the notice shows, if it shows one. */
function oneTimePasswordIn(html: string): string | undefined {
  return /One-time password: <code class="secret">([^<]+)<\/code>/u.exec(html)?.[1];
}

describe.each(testEngines())('resetting a password from the People page on %s', (engine) => {
  let site: TestSite;
  let owner: SignedInAgent;
  let admin: SignedInAgent;

  /** Everything a reset changes: passwords, flags, sessions, the audit log. */
  async function snapshot(): Promise<string> {
    const db = site.services.database.db;
    const [users, sessions, audit] = await Promise.all([
      db.selectFrom('users').select(['id', 'password_hash', 'must_change_password', 'password_changed_at']).orderBy('id').execute(),
      db.selectFrom('sessions').select(['token_hash', 'user_id']).orderBy('token_hash').execute(),
      db.selectFrom('audit_log').select(['id', 'action', 'subject_id']).orderBy('id').execute(),
    ]);
    return JSON.stringify({ users, sessions, audit });
  }

  beforeAll(async () => {
    site = await startTestSite(engine);
    owner = await signInAs(site, 'owner');
    admin = await signInAs(site, 'admin');
  });

  afterAll(async () => {
    await site?.close();
  });

  it('shows the one-time password once, ends every session, and the new password must be changed at sign-in', async () => {
    const person = await signInAs(site, 'author');
    const otherBrowser = await signInAs(site, { email: person.user.email, password: person.password });
    const people = await owner.html('/admin/people');
    const row = people.slice(people.indexOf(`<tr id="person-${person.user.id}">`), people.indexOf('</tr>', people.indexOf(`<tr id="person-${person.user.id}">`)));
    expect(row).toContain(`<form method="post" action="/admin/people/${person.user.id}/reset-password" class="inline-form" novalidate>`);
    expect(decodeHtml(row)).toContain(`Reset password<span class="visually-hidden"> for ${person.user.displayName}</span></button>`);

    const response = await owner.post(`/admin/people/${person.user.id}/reset-password`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = decodeHtml(await response.text());
    expect(html).toContain(`${person.user.displayName}’s password has been reset and every session of theirs has ended.`);
    expect(html).toContain('It is shown only this once.');
    const oneTime = oneTimePasswordIn(html);
    expect(oneTime).toMatch(/^[^-]{4}-[^-]{4}-[^-]{4}-[^-]{4}$/u);
    expect(html).toContain('Must choose a password');
    // Shown once: the People page does not show it again.
    expect(oneTimePasswordIn(await owner.html('/admin/people'))).toBeUndefined();

    // Both of the person's browsers are signed out.
    for (const browser of [person, otherBrowser]) {
      const page = await browser.get('/admin');
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toMatch(/^\/admin\/sign-in/u);
    }
    // The old password no longer signs in.
    expect((await anonymousAgent(site).post('/admin/sign-in', { email: person.user.email, password: person.password })).status).toBe(401);

    // The one-time password does, but only to choose a password of their own.
    const again = anonymousAgent(site);
    const signedIn = await again.post('/admin/sign-in', { email: person.user.email, password: oneTime ?? '' });
    expect([signedIn.status, signedIn.headers.get('location')]).toEqual([303, '/admin/password']);
    expect((await again.get('/admin/stories')).headers.get('location')).toBe('/admin/password');
    expect(await again.html('/admin/password')).toContain('<h1>Choose a new password</h1>');
    const changed = await again.post('/admin/password', { currentPassword: oneTime ?? '', newPassword: 'a password of my own choosing', confirmPassword: 'a password of my own choosing' });
    expect(changed.status).toBe(303);
    expect((await again.get('/admin/stories')).status).toBe(200);

    const audit = await site.services.audit.query({ action: 'user.password_reset', actorId: owner.user.id });
    expect(audit.items.map((e) => [e.subject?.id, e.details.via])).toEqual([[String(person.user.id), 'people-page']]);
    // Nor is the one-time password anywhere in the log.
    expect(JSON.stringify(audit.items)).not.toContain(oneTime);
  });

  it('lets an admin reset the password of anyone but an owner', async () => {
    const { user: editor } = await createUser(site, 'editor');
    const reset = await admin.post(`/admin/people/${editor.id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(oneTimePasswordIn(await reset.text())).toBeDefined();
    expect((await site.services.users.findById(editor.id))?.mustChangePassword).toBe(true);

    const { user: otherOwner, password } = await createUser(site, 'owner');
    const before = await snapshot();
    const refused = await admin.post(`/admin/people/${otherOwner.id}/reset-password`);
    expect(refused.status).toBe(403);
    expect(decodeHtml(await refused.text())).toContain('Only an owner can change an owner’s account or make someone an owner.');
    expect(await snapshot()).toBe(before);
    expect((await anonymousAgent(site).post('/admin/sign-in', { email: otherOwner.email, password })).status).toBe(303);
  });

  it('offers nobody a reset of their own password, and refuses one', async () => {
    expect(await owner.html('/admin/people')).not.toContain(`action="/admin/people/${owner.user.id}/reset-password"`);
    const before = await snapshot();
    const response = await owner.post(`/admin/people/${owner.user.id}/reset-password`);
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('You cannot reset your own password; change it on the password page.');
    expect(await snapshot()).toBe(before);
    expect((await owner.get('/admin/people')).status).toBe(200);
  });

  it('answers 404 for someone who does not exist, and refuses a form without its token', async () => {
    const { user } = await createUser(site, 'author');
    const before = await snapshot();
    expect((await owner.post('/admin/people/999999/reset-password')).status).toBe(404);
    expect((await owner.post('/admin/people/nobody/reset-password')).status).toBe(404);
    expect((await owner.post(`/admin/people/${user.id}/reset-password`, {}, { csrf: 'none' })).status).toBe(403);
    expect((await owner.post(`/admin/people/${user.id}/reset-password`, {}, { csrf: 'wrong' })).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  describe.each(['editor', 'author', 'contributor', 'moderator'] satisfies Role[])('as %s', (role) => {
    it('is refused, and nothing changes', async () => {
      const agent = await signInAs(site, role);
      const { user, password } = await createUser(site, 'author');
      const before = await snapshot();
      const response = await agent.post(`/admin/people/${user.id}/reset-password`);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('<h1>You cannot do that</h1>');
      expect(await snapshot()).toBe(before);
      expect((await anonymousAgent(site).post('/admin/sign-in', { email: user.email, password })).status).toBe(303);
    });
  });
});
