import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The password form: wrong guesses of the current password are throttled per account as sign-ins are,
 * and new passwords that are common, breached, the person's own email or name, or one character
 * repeated are refused with one line naming the field.
 */

const THROTTLED = 'Too many wrong current passwords. For your security, changing your password is paused: please try again in 15 minutes.';

function errorSummary(html: string): string {
  const block = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return block.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

async function passwordHash(site: TestSite, id: number): Promise<string | null> {
  const row = await site.services.database.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
  return row.password_hash;
}

describe.each(testEngines())('the password form on %s', (engine) => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startTestSite(engine);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('pauses after 5 wrong current passwords for the account, even for the right one, and changes nothing', async () => {
    const agent = await signInAs(site, 'editor');
    const before = await passwordHash(site, agent.user.id);
    const form = (current: string) => ({ currentPassword: current, newPassword: 'a brand new harbour passphrase', confirmPassword: 'a brand new harbour passphrase' });
    for (let guess = 1; guess <= 5; guess++) {
      const wrong = await agent.post('/admin/password', form(`guess number ${guess}`));
      expect(wrong.status, `guess ${guess}`).toBe(422);
      expect(errorSummary(await wrong.text())).toBe('There is a problem The current password is wrong.');
    }
    for (const current of ['guess number 6', agent.password]) {
      const paused = await agent.post('/admin/password', form(current));
      expect(paused.status).toBe(429);
      expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(800);
      const html = await paused.text();
      expect(errorSummary(html)).toBe(`There is a problem ${THROTTLED}`);
      expect(html).toContain('id="current-password-error"');
    }
    expect(await passwordHash(site, agent.user.id)).toBe(before);
    // Another person's form is not paused by it.
    const other = await signInAs(site, 'editor');
    expect((await other.post('/admin/password', { currentPassword: other.password, newPassword: 'another harbour passphrase', confirmPassword: 'another harbour passphrase' })).status).toBe(303);
  });

  it('a right current password wipes the count of wrong ones', async () => {
    const agent = await signInAs(site, 'author');
    for (let guess = 1; guess <= 4; guess++) expect((await agent.post('/admin/password', { currentPassword: `wrong ${guess}`, newPassword: 'x', confirmPassword: 'x' })).status).toBe(422);
    // Right, but the new password is refused: the count is wiped all the same.
    expect((await agent.post('/admin/password', { currentPassword: agent.password, newPassword: 'short', confirmPassword: 'short' })).status).toBe(422);
    for (let guess = 5; guess <= 8; guess++) expect((await agent.post('/admin/password', { currentPassword: `wrong ${guess}`, newPassword: 'x', confirmPassword: 'x' })).status).toBe(422);
    expect((await agent.post('/admin/password', { currentPassword: agent.password, newPassword: 'my own harbour passphrase', confirmPassword: 'my own harbour passphrase' })).status).toBe(303);
  });

  it('refuses common and breached passwords, the email, the name and one character repeated, naming the field', async () => {
    const agent = await signInAs(site, 'author');
    const before = await passwordHash(site, agent.user.id);
    const cases: Array<[string, string]> = [
      ['password1234', 'The new password is one of the most common passwords: choose another.'],
      ['qwerty123456', 'The new password is one of the most common passwords: choose another.'],
      [' '.repeat(12), 'The new password must not be one character repeated.'],
      ['aaaaaaaaaaaaaaaa', 'The new password must not be one character repeated.'],
      [agent.user.email.toUpperCase(), 'The new password must not be your email address.'],
      [agent.user.displayName, 'The new password must not be your name.'],
    ];
    for (const [newPassword, message] of cases) {
      const refused = await agent.post('/admin/password', { currentPassword: agent.password, newPassword, confirmPassword: newPassword });
      expect(refused.status, JSON.stringify(newPassword)).toBe(422);
      const html = await refused.text();
      expect(errorSummary(html), JSON.stringify(newPassword)).toBe(`There is a problem ${message}`);
      expect(html).toContain('id="new-password-error"');
    }
    expect(await passwordHash(site, agent.user.id)).toBe(before);
  });
});
