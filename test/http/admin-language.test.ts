import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousAgent, createUser, signInAs } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { visibleText } from '../support/html-text.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/** The newsroom in each person's language (issue 17, §2), over real HTTP. */

function htmlElement(html: string): string {
  return /<html[^>]*>/.exec(html)?.[0] ?? '';
}

describe.each(testEngines())('the newsroom’s language on %s', (engine) => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startTestSite(engine);
    await createUser(site, 'owner');
  });

  afterAll(async () => {
    await site?.close();
  });

  it('speaks Persian, right to left, to a journalist who chose it, on every page and after a form is sent', async () => {
    const editor = await signInAs(site, 'editor');
    const chosen = await editor.post('/admin/account', { newsroomLanguage: 'fa' });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get('location')).toBe('/admin/account?notice=saved');

    const account = await editor.html('/admin/account?notice=saved');
    expect(htmlElement(account)).toContain('lang="fa"');
    expect(htmlElement(account)).toContain('dir="rtl"');
    expect(visibleText(account)).toContain('زبان تحریریهٔ شما ذخیره شد.');

    const dashboard = await editor.html('/admin');
    expect(htmlElement(dashboard)).toBe('<html lang="fa" dir="rtl">');
    const words = visibleText(dashboard);
    expect(words).toContain('در انتظار بازبینی');
    expect(words).toContain('خروج');
    expect(words).not.toContain('Sign out');

    const stories = visibleText(await editor.html('/admin/stories'));
    expect(stories).toContain('نوشتن خبر تازه');

    // The body is parsed outside the request's first context: the answer to a posted form must still be Persian.
    const refused = await editor.post('/admin/password', { currentPassword: editor.password, newPassword: 'one long new password', confirmPassword: 'another long password' });
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(htmlElement(page)).toBe('<html lang="fa" dir="rtl">');
    expect(visibleText(page)).toContain('دو گذرواژهٔ تازه یکسان نیستند.');
  });

  it('keeps each person in their own language when both are served at once', async () => {
    const [persian, english] = await Promise.all([signInAs(site, 'author'), signInAs(site, 'author')]);
    await persian.post('/admin/account', { newsroomLanguage: 'fa' });
    const pages = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? persian : english).html('/admin/stories')));
    pages.forEach((html, i) => expect(htmlElement(html)).toBe(i % 2 === 0 ? '<html lang="fa" dir="rtl">' : '<html lang="en" dir="ltr">'));
  });

  it('follows the browser before sign-in, and for whoever chose their browser’s language', async () => {
    const spanish = await anonymousAgent(site).request('/admin/sign-in', { headers: { 'accept-language': 'de-DE,de;q=0.9,es;q=0.8,en;q=0.5' } });
    expect(spanish.headers.get('vary')).toMatch(/accept-language/i);
    const html = await spanish.text();
    expect(htmlElement(html)).toBe('<html lang="es" dir="ltr">');
    expect(visibleText(html)).toContain('Iniciar sesión');

    const arabic = await (await anonymousAgent(site).request('/admin/sign-in', { headers: { 'accept-language': 'ar-LB' } })).text();
    expect(htmlElement(arabic)).toBe('<html lang="ar" dir="rtl">');

    const unknown = await (await anonymousAgent(site).request('/admin/sign-in', { headers: { 'accept-language': 'de' } })).text();
    expect(htmlElement(unknown)).toBe('<html lang="en" dir="ltr">');

    const moderator = await signInAs(site, 'moderator');
    await moderator.post('/admin/account', { newsroomLanguage: 'fa' });
    await moderator.post('/admin/account', { newsroomLanguage: '' });
    const followsBrowser = await (await moderator.request('/admin', { headers: { 'accept-language': 'es' } })).text();
    expect(htmlElement(followsBrowser)).toBe('<html lang="es" dir="ltr">');
    expect((await site.services.users.findById(moderator.user.id))?.newsroomLanguage).toBeNull();
  });

  it('refuses a language the newsroom does not speak, naming the field, and keeps the choice', async () => {
    const contributor = await signInAs(site, 'contributor');
    const refused = await contributor.post('/admin/account', { newsroomLanguage: 'de' });
    expect(refused.status).toBe(422);
    expect(visibleText(await refused.text())).toContain('Choose one of the languages listed');
    expect((await site.services.users.findById(contributor.user.id))?.newsroomLanguage).toBeNull();
  });
});
