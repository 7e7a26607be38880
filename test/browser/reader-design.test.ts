import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, shouldSkipBrowser } from '../support/browser.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { loadFrontPageFixture, type FrontPageFixture } from '../support/front-page-fixture.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The reader's pages as designed (issue 12), in a left-to-right and a right-to-left edition at phone and
 * desktop widths: axe finds nothing serious on the home, story, section and search pages; nothing scrolls
 * sideways; a page fetches only the fonts of its script; and a story page's first visit (HTML, CSS, fonts,
 * compressed as sent) stays under 100 KB, pictures apart.
 */

const skipBrowser = shouldSkipBrowser('Reader design');

const viewports = [
  { name: 'phone', width: 360, height: 800 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

const STORY_PAGE_BUDGET_BYTES = 100 * 1024;

/** Which font files each edition's pages may fetch, by the file name the site serves them under. */
const FONT_OF_SCRIPT = { en: /^source-serif-4-latin-/u, fa: /^vazirmatn-arabic-/u } as const;

describe.skipIf(skipBrowser)('the reader pages as designed, in a real browser', () => {
  let site: TestSite;
  let browser: Browser;
  let fx: FrontPageFixture;

  beforeAll(async () => {
    site = await startTestSite('sqlite', { clock: new ManualClock('2020-11-21T09:00:00.000Z') });
    fx = await loadFrontPageFixture(site.services);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** Opens a page in a fresh context (an empty cache: a first visit), noting every response's bytes on the wire. */
  async function open(path: string, viewport: { width: number; height: number }): Promise<{ page: Page; transfers: Array<{ url: string; type: string; bytes: number }> }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const transfers: Array<{ url: string; type: string; bytes: number }> = [];
    page.on('requestfinished', (request) => {
      void request.sizes().then((sizes) => transfers.push({ url: request.url(), type: request.resourceType(), bytes: sizes.responseBodySize + sizes.responseHeadersSize }));
    });
    const response = await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(200);
    await page.evaluate(() => document.fonts.ready);
    return { page, transfers };
  }

  describe.each(['en', 'fa'] as const)('in %s', (edition) => {
    it.each(viewports)('home, story, section and search pages pass axe and fit a $name', async (viewport) => {
      const pages = {
        home: `/${edition}/`,
        story: fx.stories[edition][0]?.path ?? '',
        section: fx.sectionPaths[edition],
        search: `/${edition}/search?q=${encodeURIComponent(edition === 'en' ? 'the' : 'در')}`,
      };
      for (const [label, path] of Object.entries(pages)) {
        const { page } = await open(path, viewport);
        const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
        expect(width, `${label} scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(viewport.width);
        await expectAccessible(page, `design-${edition}-${viewport.name}`, label);
        await page.context().close();
      }
    }, 300_000);

    it('loads only its own script’s fonts, and a story page’s first visit stays under 100 KB compressed', async () => {
      const { page, transfers } = await open(fx.stories[edition][0]?.path ?? '', { width: 1280, height: 900 });
      // Lazy pictures below the fold may still arrive; text, styles and fonts have.
      await page.waitForLoadState('networkidle');
      const fonts = transfers.filter((t) => t.type === 'font').map((t) => new URL(t.url).pathname.split('/').pop() ?? '');
      expect(fonts.length, 'fonts fetched').toBeGreaterThan(0);
      for (const font of fonts) expect(font).toMatch(FONT_OF_SCRIPT[edition]);
      const weight = transfers.filter((t) => t.type === 'document' || t.type === 'stylesheet' || t.type === 'font').reduce((sum, t) => sum + t.bytes, 0);
      expect(weight, `HTML + CSS + fonts: ${transfers.map((t) => `${t.type} ${t.bytes}`).join(', ')}`).toBeLessThan(STORY_PAGE_BUDGET_BYTES);
      console.info(`story page (${edition}) first visit: ${(weight / 1024).toFixed(1)} KB of HTML, CSS and fonts (${fonts.join(', ')})`);
      await page.context().close();
    }, 60_000);
  });

  it('a tagline costs no font download: a search page fetches no italic face, and Arabic script sets it upright', async () => {
    const taglines = { en: 'Open news from the Wikinews archive', fa: 'خبرهای آزاد از بایگانی ویکی‌خبر' } as const;
    for (const [code, tagline] of Object.entries(taglines)) {
      const { name, language, direction, timeZone, datelineFormat, dateFormat, calendar, numberingSystem } = site.services.editions.get(code);
      await site.services.editions.updateDetails(commandLineActor, code, { name, language, direction, timeZone, datelineFormat, dateFormat, calendar, numberingSystem, tagline });
    }
    const { page, transfers } = await open(`/en/search?q=the`, { width: 360, height: 800 });
    await page.waitForLoadState('networkidle');
    expect(await page.locator('.site-tagline').textContent()).toBe(taglines.en);
    const fonts = transfers.filter((t) => t.type === 'font').map((t) => new URL(t.url).pathname.split('/').pop() ?? '');
    expect(fonts.filter((font) => font.includes('italic')), `fonts fetched: ${fonts.join(', ')}`).toEqual([]);
    await page.context().close();

    const persian = await open('/fa/', { width: 360, height: 800 });
    const style = await persian.page.locator('.site-tagline').evaluate((element) => getComputedStyle(element).fontStyle);
    expect(style).toBe('normal');
    await persian.page.context().close();
  }, 60_000);
});
