import { mkdir } from 'node:fs/promises';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtureStories } from '../support/fixture-stories.ts';
import { expectAccessible, launchChromium, RESULTS_DIR, shouldSkipBrowser } from '../support/browser.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * Search as a reader sees it on a cheap phone and on a desktop, in a left-to-right and a right-to-left edition:
 * the header's search box, results with marked matches and paging, the help for an empty query, and the page
 * for no results. Nothing scrolls sideways, every control is a 44 px target with a visible focus ring, marks are
 * readable (axe measures their contrast), right-to-left pages mirror, and axe finds nothing serious.
 * Debian's Chromium, driven by playwright-core.
 */

const skipBrowser = shouldSkipBrowser('Search page');

const viewports = [
  { name: 'phone', width: 360, height: 800 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

/**
 * `word` is common in each edition's fixture stories: results run to three pages. `unknownWord` matches nothing
 * and, like a pasted link, has no place to break a line, yet the results heading repeats it.
 */
const editions = [
  { code: 'en', direction: 'ltr', word: 'the', unknownWord: 'zeppelin'.repeat(8) },
  { code: 'fa', direction: 'rtl', word: 'در', unknownWord: 'زپلین'.repeat(12) },
] as const;

/** WCAG 2.5.5's target size (AAA), asked of every search control. */
const MIN_TARGET = 44;

describe.skipIf(skipBrowser)('the search pages in a real browser', () => {
  let site: TestSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    await loadFixtureStories(site.services);
    browser = await launchChromium();
    await mkdir(RESULTS_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function open(path: string, width: number, height: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const response = await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(200);
    return page;
  }

  async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement?.scrollWidth ?? 0, innerWidth: window.innerWidth }));
    expect(scrollWidth, `the ${label} page scrolls sideways (scrollWidth ${scrollWidth}, innerWidth ${innerWidth})`).toBeLessThanOrEqual(innerWidth);
  }

  async function expectTapTargets(targets: Locator, label: string): Promise<void> {
    const count = await targets.count();
    expect(count, `${label}: tap targets`).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const target = targets.nth(i);
      const box = await target.boundingBox();
      const name = await target.evaluate((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} “${(e.textContent ?? '').trim()}”`);
      expect(box, `${label}: ${name} is on screen`).not.toBeNull();
      expect(box?.height ?? 0, `${label}: ${name} height`).toBeGreaterThanOrEqual(MIN_TARGET);
      expect(box?.width ?? 0, `${label}: ${name} width`).toBeGreaterThanOrEqual(MIN_TARGET);
    }
  }

  /** Tabs to the control and checks that it shows a ring: an outline that is drawn, not `none` or zero wide. */
  async function expectFocusRing(page: Page, selector: string, label: string): Promise<void> {
    for (let presses = 0; presses < 40; presses++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) break;
      await page.keyboard.press('Tab');
    }
    const ring = await page.evaluate((s) => {
      const active = document.activeElement;
      if (!active?.matches(s)) return null;
      const style = getComputedStyle(active);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    }, selector);
    expect(ring, `${label}: ${selector} takes the focus from the keyboard`).not.toBeNull();
    expect(ring?.style, `${label}: ${selector} focus outline`).not.toBe('none');
    expect(ring?.width ?? 0, `${label}: ${selector} focus outline width`).toBeGreaterThanOrEqual(2);
  }

  /** The query field and its button share a row, the button at the inline end: right in English, left in Persian. */
  async function expectButtonAtInlineEnd(form: Locator, direction: 'ltr' | 'rtl', label: string): Promise<void> {
    const field = await form.locator('input[type="search"]').boundingBox();
    const button = await form.locator('button[type="submit"]').boundingBox();
    if (!field || !button) throw new Error(`${label}: the search field or button is not on screen`);
    expect(Math.abs(field.y - button.y), `${label}: field and button on one row`).toBeLessThan(field.height / 2);
    if (direction === 'ltr') expect(button.x, `${label}: button after the field`).toBeGreaterThanOrEqual(field.x + field.width - 1);
    else expect(button.x + button.width, `${label}: button before the field, on its left`).toBeLessThanOrEqual(field.x + 1);
    expect(field.width, `${label}: the field takes the room the button leaves`).toBeGreaterThan(button.width);
  }

  for (const edition of editions) {
    describe(`in the ${edition.code} edition (${edition.direction})`, () => {
      it.each(viewports)('fits the header search form at $width px ($name)', async ({ name, width, height }) => {
        const label = `${edition.code} home ${name}`;
        const page = await open(`/${edition.code}/`, width, height);
        try {
          await expectNoSidewaysScroll(page, label);
          const form = page.locator('.site-header form[role="search"]');
          await expectButtonAtInlineEnd(form, edition.direction, label);
          await expectTapTargets(form.locator('input, button'), label);
          await expectFocusRing(page, '#site-search-q', label);
          await expectAccessible(page, 'search', `${edition.code}-home-${name}`);
        } finally {
          await page.context().close();
        }
      });

      it.each(viewports)('shows results with readable marks and paging at $width px ($name)', async ({ name, width, height }) => {
        const label = `${edition.code} results ${name}`;
        const page = await open(`/${edition.code}/search?q=${encodeURIComponent(edition.word)}&page=2`, width, height);
        try {
          await expectNoSidewaysScroll(page, label);
          const marks = page.locator('.search-results mark');
          expect(await marks.count(), `${label}: marked matches`).toBeGreaterThan(0);
          for (const mark of (await marks.all()).slice(0, 5)) {
            expect(await mark.isVisible(), `${label}: a mark is visible`).toBe(true);
            const background = await mark.evaluate((e) => getComputedStyle(e).backgroundColor);
            expect(background, `${label}: a mark has a background`).not.toMatch(/^(transparent|rgba\(0, 0, 0, 0\))$/u);
          }
          const form = page.locator('main form[role="search"]');
          await expectButtonAtInlineEnd(form, edition.direction, label);
          await expectTapTargets(form.locator('input:not([type="hidden"]), select, button'), label);
          await expectTapTargets(page.locator('.search-results h3 a'), label);
          await expectTapTargets(page.locator('.pagination a'), label);
          await expectFocusRing(page, '#search-q', label);
          await expectFocusRing(page, '.pagination a[rel="next"]', label);
          await expectAccessible(page, 'search', `${edition.code}-results-${name}`);
        } finally {
          await page.context().close();
        }
      });

      it.each(viewports)('helps with an empty query at $width px ($name)', async ({ name, width, height }) => {
        const label = `${edition.code} help ${name}`;
        const page = await open(`/${edition.code}/search`, width, height);
        try {
          await expectNoSidewaysScroll(page, label);
          expect(await page.locator('.search-help li').count(), `${label}: tips`).toBeGreaterThan(0);
          expect(await page.locator('.search-help').isVisible()).toBe(true);
          await expectAccessible(page, 'search', `${edition.code}-help-${name}`);
        } finally {
          await page.context().close();
        }
      });

      it.each(viewports)('says nothing was found at $width px ($name)', async ({ name, width, height }) => {
        const label = `${edition.code} no results ${name}`;
        const page = await open(`/${edition.code}/search?q=${encodeURIComponent(edition.unknownWord)}&sort=date`, width, height);
        try {
          await expectNoSidewaysScroll(page, label);
          expect(await page.locator('.search-results mark').count()).toBe(0);
          expect(await page.locator('.search-empty').isVisible(), `${label}: the no-results text`).toBe(true);
          await expectAccessible(page, 'search', `${edition.code}-none-${name}`);
        } finally {
          await page.context().close();
        }
      });
    });
  }
});
