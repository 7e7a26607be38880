import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor, type User } from '../../src/modules/accounts/account-types.ts';
import { createUser } from '../support/admin-agent.ts';
import { expectAccessible, launchChromium, shouldSkipBrowser, signInThroughForm } from '../support/browser.ts';
import { plainPng } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

const skipBrowser = shouldSkipBrowser('Site identity');

/**
 * Making the edition a site, in a real browser at a desktop's width and a phone's, each person doing their
 * part by keyboard (every page here is a form): the admin names the site and gives it a logo on the edition's
 * page; the editor writes an About page in the story editor, links it from the footer, and looks after
 * sections, tags and authors; readers then find the name, the logo (in light and dark mode) and the page.
 * axe checks every page on the way; nothing scrolls sideways on the phone.
 */
// Three people and two colour schemes per width: minutes on a busy machine.
describe.skipIf(skipBrowser)('the site’s identity in a real browser', { timeout: 600_000 }, () => {
  let site: TestSite;
  let browser: Browser;
  let logoId = 0;
  const people: Record<'admin' | 'editor', { user: User; password: string }> = {} as never;

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    browser = await launchChromium();
    people.admin = await createUser(site, 'admin', { displayName: 'Ada Admin' });
    people.editor = await createUser(site, 'editor', { displayName: 'Esme Editor' });
    logoId = (await site.services.media.add(commandLineActor, { bytes: await plainPng(600, 150), fileName: 'harbour-logo.png' })).id;
    await site.services.stories.save({
      editionCode: 'en',
      headline: 'Ferry Timetable Changes for Winter',
      body: [paragraph('The first boat leaves later from Monday.')],
      status: 'published',
      publishedAt: new Date(Date.now() - 3_600_000).toISOString(),
      section: { name: 'Local' },
      tags: [{ name: 'Transport' }],
      authors: ['Sam Roe'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function as(who: 'admin' | 'editor', width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signInThroughForm(page, site.url, people[who].user.email, people[who].password);
    return { context, page };
  }

  async function expectNoSidewaysScroll(page: Page, width: number, what: string): Promise<void> {
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, `${what} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
  }

  /** Types into the labelled field, by keyboard, replacing what it held. */
  async function typeInto(page: Page, label: string | RegExp, text: string): Promise<void> {
    await page.getByLabel(label, { exact: typeof label === 'string' }).first().focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(text);
  }

  /** Sends the form with the button of this name, by keyboard. */
  async function pressButton(page: Page, name: string, url: RegExp): Promise<void> {
    await page.getByRole('button', { name, exact: true }).focus();
    await Promise.all([page.waitForURL(url), page.keyboard.press('Enter')]);
  }

  for (const width of [1280, 375]) {
    it(`names the site and writes its About page, as the people who do it, at ${width}px`, async () => {
      const siteName = `The Harbour Times ${width}`;
      const slug = `about-${width}`;

      // The admin: the edition's page, by keyboard.
      const admin = await as('admin', width);
      try {
        const { page } = admin;
        await page.goto(`${site.url}/admin/settings`);
        await expectAccessible(page, 'identity', `settings ${width}`);
        await expectNoSidewaysScroll(page, width, 'the settings page');
        await page.goto(`${site.url}/admin/settings/editions/en/details`);
        await expectAccessible(page, 'identity', `edition details ${width}`);
        await expectNoSidewaysScroll(page, width, 'the edition’s page');
        await typeInto(page, 'Site name', siteName);
        await page.keyboard.press('Tab');
        await page.keyboard.type('News from the coast since 1921');
        await page.keyboard.press('Tab');
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type(String(logoId));
        await pressButton(page, 'Save edition', /notice=details/);
        await expectAccessible(page, 'identity', `edition saved ${width}`);
      } finally {
        await admin.context.close();
      }

      // The editor: an About page in the story editor, the footer, and the sections, tags and authors pages.
      const editor = await as('editor', width);
      try {
        const { page } = editor;
        await page.goto(`${site.url}/admin/pages?edition=en`);
        await expectAccessible(page, 'identity', `pages ${width}`);
        await page.getByRole('link', { name: 'New page' }).focus();
        await Promise.all([page.waitForURL(/\/admin\/pages\/new/), page.keyboard.press('Enter')]);
        await page.locator('.story-editor.is-enhanced').waitFor();
        await expectAccessible(page, 'identity', `new page ${width}`);
        await expectNoSidewaysScroll(page, width, 'the page form');
        await typeInto(page, 'Title', `About us (${width})`);
        await page.locator('.editor-content').focus();
        await page.keyboard.type('We report on the coast and its towns.');
        await page.keyboard.press('Enter');
        await page.keyboard.type('Write to the desk any time.');
        await typeInto(page, 'Address', slug);
        await page.getByLabel('State').focus();
        await page.keyboard.press('ArrowDown');
        expect(await page.getByLabel('State').inputValue()).toBe('published');
        await pressButton(page, 'Create page', /notice=created/);
        expect(await page.getByRole('status').first().textContent()).toContain(`The page “About us (${width})” was created.`);
        await expectAccessible(page, 'identity', `page saved ${width}`);

        await page.goto(`${site.url}/admin/pages/footer?edition=en`);
        await expectAccessible(page, 'identity', `footer links ${width}`);
        await typeInto(page, 'Links', `About us /en/${slug}\nJobs https://jobs.example.org/`);
        await pressButton(page, 'Save footer links', /notice=saved/);

        for (const path of ['/admin/sections?edition=en', '/admin/tags?edition=en', '/admin/authors']) {
          await page.goto(`${site.url}${path}`);
          await expectAccessible(page, 'identity', `${path.replace(/\?.*$/u, '')} ${width}`);
          await expectNoSidewaysScroll(page, width, path);
        }
      } finally {
        await editor.context.close();
      }
      await site.app.pagesSettled();

      // Readers, in light and in dark mode.
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        try {
          const page = await context.newPage();
          await page.goto(`${site.url}/en/`);
          expect(await page.title()).toBe(`${siteName} – ${siteName}`);
          const logo = page.getByRole('link', { name: siteName }).first().locator('img');
          expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
          const box = await logo.boundingBox();
          expect(box?.height).toBeGreaterThanOrEqual(40);
          expect(box?.height).toBeLessThanOrEqual(64);
          expect(await page.getByText('News from the coast since 1921').isVisible()).toBe(true);
          await expectAccessible(page, 'identity', `home ${colorScheme} ${width}`);
          await expectNoSidewaysScroll(page, width, 'the home page');
          await page.getByRole('contentinfo').getByRole('link', { name: 'About us' }).focus();
          await Promise.all([page.waitForURL(`${site.url}/en/${slug}`), page.keyboard.press('Enter')]);
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`About us (${width})`);
          expect(await page.getByText('Write to the desk any time.').isVisible()).toBe(true);
          await expectAccessible(page, 'identity', `about ${colorScheme} ${width}`);
          await expectNoSidewaysScroll(page, width, 'the About page');
        } finally {
          await context.close();
        }
      }
    });
  }
});
