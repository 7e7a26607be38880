import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousAgent, createUser, signInAs } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { visibleText } from '../support/html-text.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The refusals of the account pages (password, account language, people, set-up) speak the person's newsroom
 * language, or before sign-in their browser's, like every other newsroom word (issue 17).
 */

function errorSummary(html: string): string {
  const block = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return block.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

describe.each(testEngines())('account refusals in the person’s language on %s', (engine) => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startTestSite(engine);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('refuses a set-up code in the browser’s language before anyone has an account', async () => {
    const browser = anonymousAgent(site);
    const response = await browser.request('/admin/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'es-ES,es;q=0.9', cookie: '' },
      body: new URLSearchParams({ _csrf: await browser.csrfToken(), setupCode: '', email: 'owner@dateline.test', displayName: 'Olga Owner', password: 'a long owner passphrase', confirmPassword: 'a long owner passphrase' }).toString(),
    });
    expect(response.status).toBe(422);
    expect(errorSummary(await response.text())).toContain('Escribe el código de configuración.');
    await createUser(site, 'owner');
  });

  it('answers the password form in Persian, numbers in Persian digits, for a person who reads the newsroom in Persian', async () => {
    const editor = await signInAs(site, 'editor');
    expect((await editor.post('/admin/account', { newsroomLanguage: 'fa' })).status).toBe(303);

    const wrong = await editor.post('/admin/password', { currentPassword: 'not my password at all', newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(422);
    expect(errorSummary(await wrong.text())).toContain('گذرواژهٔ کنونی نادرست است.');

    const short = await editor.post('/admin/password', { currentPassword: editor.password, newPassword: 'short', confirmPassword: 'short' });
    expect(short.status).toBe(422);
    const text = errorSummary(await short.text());
    expect(text).toContain('گذرواژهٔ تازه باید دست‌کم ۱۲ نویسه باشد.');
    expect(text).not.toMatch(/[A-Za-z]{4,}/);

    const language = await editor.post('/admin/account', { newsroomLanguage: 'xx' });
    expect(language.status).toBe(422);
    expect(visibleText(await language.text())).toContain('یکی از زبان‌های فهرست (en, es, it, nl, fa, ar) یا زبان مرورگرتان را برگزینید.');
  });

  it('refuses a person to add in Arabic for an admin who reads the newsroom in Arabic', async () => {
    const admin = await signInAs(site, 'admin');
    expect((await admin.post('/admin/account', { newsroomLanguage: 'ar' })).status).toBe(303);
    const response = await admin.post('/admin/people', { email: 'not an address', displayName: 'Nadia Noor', role: 'author' });
    expect(response.status).toBe(422);
    expect(visibleText(await response.text())).toContain('اكتب عنوان بريد إلكتروني مثل name@example.org.');
  });

  it('keeps English for people who chose it', async () => {
    const author = await signInAs(site, 'author');
    const wrong = await author.post('/admin/password', { currentPassword: 'not my password at all', newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' });
    expect(errorSummary(await wrong.text())).toContain('The current password is wrong.');
  });
});
