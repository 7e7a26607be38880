import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor, personActor, type User } from '../../src/modules/accounts/account-types.ts';
import { createUser } from '../support/admin-agent.ts';
import { expectAccessible, launchChromium, shouldSkipBrowser, signInThroughForm } from '../support/browser.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

const skipBrowser = shouldSkipBrowser('Newsroom translations in Persian');

/**
 * The newsroom as a Persian-speaking translator sees it, at a phone's width and a desktop's: the story list,
 * the editor of an out-of-date translation with its English original beside it, and the translations view.
 * Every page is `<html lang="fa" dir="rtl">` and passes axe; the original keeps its own language and direction,
 * sits beside the editor on the start side (the right, in a right-to-left page) on a desktop and above it on a
 * phone, and nothing scrolls sideways.
 */
describe.skipIf(skipBrowser)('newsroom translation pages in Persian, in a real browser', { timeout: 300_000 }, () => {
  let site: TestSite;
  let browser: Browser;
  let translator: { user: User; password: string };
  let translationId = 0;

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    browser = await launchChromium();
    await site.services.editions.ensure('fa');
    translator = await createUser(site, 'editor', { displayName: 'Mina Rahimi' });
    await site.services.users.chooseNewsroomLanguage(translator.user, 'fa');
    const workflow = site.services.storyWorkflow;
    const source = await workflow.createDraft(
      {
        editionCode: 'en',
        headline: 'Harbour Bridge Closes For Three Weeks Of Repairs',
        body: [paragraph('The harbour bridge closes on Monday for three weeks of repairs.'), paragraph('Ferries run every twenty minutes meanwhile, from both quays.')],
        authors: ['Sam Roe'],
      },
      commandLineActor,
    );
    await workflow.publish(source.id, commandLineActor);
    await site.services.stories.save({
      editionCode: 'en',
      headline: 'Lighthouse Keeper Retires After Forty Years',
      body: [paragraph('The last keeper of the point light hands over the keys on Friday.')],
      status: 'published',
      publishedAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    translationId = await workflow.translate(source.id, 'fa', personActor(translator.user));
    const draft = await workflow.getForEditing(translationId, commandLineActor);
    await workflow.update(translationId, { headline: 'پل بندر برای سه هفته تعمیر بسته می‌شود', body: [paragraph('پل بندر از دوشنبه برای سه هفته تعمیر بسته می‌شود.')] }, draft.revision, commandLineActor);
    const current = await workflow.getForEditing(source.id, commandLineActor);
    await workflow.update(source.id, { body: [paragraph('The harbour bridge closes on Tuesday for four weeks of repairs.'), paragraph('Ferries run every twenty minutes meanwhile, from both quays.')] }, current.revision, commandLineActor);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function expectPersianPage(page: Page, width: number, label: string): Promise<void> {
    expect(await page.locator('html').getAttribute('lang')).toBe('fa');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, `${label} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
    await expectAccessible(page, `translations-fa-${width}`, label);
  }

  for (const width of [375, 1280]) {
    it(`reads right to left and passes axe at ${width}px: story list, editor beside the original, translations view`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      try {
        await signInThroughForm(page, site.url, translator.user.email, translator.password);

        await page.goto(`${site.url}/admin/stories`);
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('خبرها');
        await expect.poll(() => page.locator(`#story-${translationId} .status-out-of-date`).textContent()).toBe('کهنه');
        await expectPersianPage(page, width, 'story-list');

        await page.goto(`${site.url}/admin/stories/${translationId}`);
        const original = page.locator('.translation-source-text');
        expect(await original.getAttribute('lang')).toBe('en');
        expect(await original.getAttribute('dir')).toBe('ltr');
        expect(await original.textContent()).toContain('The harbour bridge closes on Tuesday for four weeks of repairs.');
        expect(await page.getByRole('heading', { name: 'اصل خبر پس از این ترجمه تغییر کرده است' }).count()).toBe(1);
        expect(await page.getByRole('button', { name: 'اعلام به‌روز بودن' }).count()).toBe(1);
        const headline = page.locator('input[name="headline"]');
        expect(await headline.getAttribute('dir')).toBe('rtl');
        const sourceBox = await page.locator('.translation-source').boundingBox();
        const formBox = await page.locator('.story-form').boundingBox();
        if (!sourceBox || !formBox) throw new Error('the original or the form is not on the page');
        if (width >= 1024) {
          // Side by side, the original on the start side: the right, in a right-to-left page.
          expect(Math.abs(sourceBox.y - formBox.y)).toBeLessThan(5);
          expect(sourceBox.x).toBeGreaterThan(formBox.x + formBox.width - 1);
        } else {
          expect(sourceBox.y + sourceBox.height).toBeLessThanOrEqual(formBox.y + 1);
        }
        await expectPersianPage(page, width, 'translation-editor');

        await page.goto(`${site.url}/admin/translations?from=en&to=fa`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ترجمه‌ها');
        expect(await page.getByRole('button', { name: /ترجمه/ }).count()).toBeGreaterThan(0);
        expect(await page.locator('.translations-table a[lang="en"]').count()).toBeGreaterThan(0);
        await expectPersianPage(page, width, 'translations-view');
      } finally {
        await context.close();
      }
    });
  }
});
