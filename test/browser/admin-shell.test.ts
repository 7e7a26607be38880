import { mkdir } from 'node:fs/promises';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible as expectPageAccessible, launchChromium, RESULTS_DIR, shouldSkipBrowser } from '../support/browser.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The newsroom's shell in a real browser: first-run setup, signing in and out, adding people on the
 * People page — one of them with the keyboard alone — resetting a password, changing an edition's
 * settings with the keyboard alone, and axe on every admin page there is.
 * Debian's Chromium, driven by playwright-core.
 */

const skipBrowser = shouldSkipBrowser('Admin');
const expectAccessible = (page: Page, label: string) => expectPageAccessible(page, 'admin', label);

const OWNER = { email: 'nadia@dateline.test', name: 'Nadia Owner', password: 'ink and paper and coffee' };

/** Presses Tab until the element matching `selector` has the focus; fails if it never does. */
async function tabTo(page: Page, selector: string, maxPresses = 60): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} never took the focus after ${maxPresses} Tab presses`);
}

async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

describe.skipIf(skipBrowser)('the newsroom shell in a real browser', () => {
  let site: TestSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await mkdir(RESULTS_DIR, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
  });

  it('sets up the owner through the first-run form', async () => {
    await page.goto(`${site.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/setup');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Set up your newsroom');
    await expectAccessible(page, 'setup');

    await page.getByLabel('Set-up code').fill((await site.services.setupCode.find()) ?? '');
    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await page.getByLabel('Password again').fill('not the same password');
    await page.getByRole('button', { name: 'Create owner account' }).click();
    // The error summary takes the focus and links to the field to fix.
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectAccessible(page, 'setup with errors');
    await page.getByRole('link', { name: 'The two passwords are not the same.' }).click();
    expect(await focusedId(page)).toBe('confirm-password');

    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await page.getByLabel('Password again').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create owner account' }).click();
    await page.waitForURL(`${site.url}/admin`);
    expect(await page.getByText(`Signed in as ${OWNER.name} (Owner)`).count()).toBe(1);
    await expectAccessible(page, 'dashboard');
  });

  it('skips to the main content from the keyboard', async () => {
    await page.goto(`${site.url}/admin`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('main');
  });

  it('signs out, refuses a wrong password without saying more, and signs in again', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/admin\/sign-in\?notice=signed-out$/);
    expect(await page.getByRole('status').textContent()).toContain('You have signed out.');
    await expectAccessible(page, 'sign-in');

    await page.getByLabel('Email address').fill(OWNER.email);
    await page.getByLabel('Password').fill('a wrong password entirely');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('The email address or password is wrong.');
    await expectAccessible(page, 'sign-in with errors');

    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.url}/admin`);
  });

  it('adds an author on the People page with the keyboard alone', async () => {
    await page.goto(`${site.url}/admin`);
    await tabTo(page, 'a[href="/admin/people"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${site.url}/admin/people`);
    await expectAccessible(page, 'people');

    await tabTo(page, '#new-email');
    await page.keyboard.type('amir.author@dateline.test');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('new-name');
    await page.keyboard.type('Amir Author');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('new-role');
    // Author is the form's preselected role; choosing it again by typing keeps the keyboard path honest.
    await page.keyboard.type('Au');
    expect(await page.locator('#new-role').inputValue()).toBe('author');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add person');
    await page.keyboard.press('Enter');

    await expect.poll(() => page.getByRole('status').textContent()).toContain('Amir Author has been added.');
    const oneTime = await page.locator('code.secret').textContent();
    expect(oneTime).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(await page.getByRole('row', { name: /Amir Author/ }).getByRole('cell', { name: 'Author', exact: true }).count()).toBe(1);
    await expectAccessible(page, 'people with a new person');
  });

  it('adds an editor, and changes a role from the table', async () => {
    await page.goto(`${site.url}/admin/people`);
    await page.getByLabel('Email address').fill('eve.editor@dateline.test');
    await page.getByLabel('Name', { exact: true }).fill('Eve Editor');
    await page.getByLabel('Role', { exact: true }).selectOption('editor');
    await page.getByRole('button', { name: 'Add person' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Eve Editor has been added.');

    const amir = page.getByRole('row', { name: /Amir Author/ });
    await amir.getByLabel('Role for Amir Author').selectOption('contributor');
    await amir.getByRole('button', { name: 'Save role for Amir Author' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Amir Author is now Contributor.');
    const people = await site.services.users.list();
    expect(people.map((p) => [p.displayName, p.role])).toEqual([
      [OWNER.name, 'owner'],
      ['Eve Editor', 'editor'],
      ['Amir Author', 'contributor'],
    ]);
  });

  it('resets a person’s password, showing the one-time password once', async () => {
    await page.goto(`${site.url}/admin/people`);
    const eve = page.getByRole('row', { name: /Eve Editor/ });
    await eve.getByRole('button', { name: 'Reset password for Eve Editor' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Eve Editor’s password has been reset and every session of theirs has ended.');
    expect(await page.locator('code.secret').textContent()).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(await page.getByRole('row', { name: /Eve Editor/ }).getByRole('cell', { name: 'Active, Must choose a password' }).count()).toBe(1);
    // Nobody is offered a reset of their own password.
    expect(await page.getByRole('button', { name: `Reset password for ${OWNER.name}` }).count()).toBe(0);
    await expectAccessible(page, 'people after a password reset');
  });

  it('changes an edition’s settings with the keyboard alone', async () => {
    await page.goto(`${site.url}/admin`);
    await tabTo(page, 'a[href="/admin/settings"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${site.url}/admin/settings`);
    await expectAccessible(page, 'settings');

    await tabTo(page, '#edition-en-authors-publish');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Authors may publish their own stories').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('edition-en-full-text-feeds');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('edition-en-stale-translation-note');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save settings of English');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/admin\/settings\?notice=saved&edition=en#edition-en$/);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('The settings of English are saved.');
    expect(await page.getByLabel('Authors may publish their own stories').isChecked()).toBe(true);
    expect(site.services.editions.get('en').canAuthorsPublish).toBe(true);
    await expectAccessible(page, 'settings saved');
  });

  it('shows the audit log, filtered', async () => {
    await page.goto(`${site.url}/admin/audit`);
    await expectAccessible(page, 'audit');
    await page.getByLabel('What').selectOption('user.created');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=user\.created/);
    const caption = await page.locator('caption').textContent();
    expect(caption).toBe('3 entries, newest first');
    expect(await page.getByRole('cell', { name: 'Person added' }).count()).toBe(3);
    await expectAccessible(page, 'audit filtered');
  });

  it('reads well on a phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 800 } });
    try {
      await phone.addCookies(await context.cookies());
      const small = await phone.newPage();
      for (const path of ['/admin', '/admin/people', '/admin/audit', '/admin/settings']) {
        await small.goto(`${site.url}${path}`);
        const scrollWidth = await small.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, `${path} scrolls sideways at 360px`).toBeLessThanOrEqual(360);
        await expectAccessible(small, `phone ${path}`);
      }
    } finally {
      await phone.close();
    }
  });
});
