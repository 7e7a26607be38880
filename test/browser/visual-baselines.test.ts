import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shouldSkipBrowser } from '../support/browser.ts';
import { FRONT_PAGE_EDITIONS, loadFrontPageFixture, type FrontPageFixture } from '../support/front-page-fixture.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { compareWithBaseline, isUpdatingBaselines, settleForScreenshot } from '../support/screenshot-baselines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The home and story pages in English, Spanish, Persian and Arabic, on a 360-px phone and a 1280-px desktop,
 * against reviewed screenshots in docs/screenshots/: a layout that moves fails here. Content, clock, fonts
 * (served by the site) and pictures (drawn by the fixture) are fixed, animations are off. After a deliberate
 * change: `UPDATE_SCREENSHOTS=1 npx vitest run test/browser/visual-baselines.test.ts`, look at the files,
 * commit them.
 */

const skipBrowser = shouldSkipBrowser('Screenshot');

const viewports = [
  { name: 'phone', width: 360, height: 800 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

describe.skipIf(skipBrowser)('screenshots of the front and story pages against reviewed baselines', () => {
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

  describe.each(FRONT_PAGE_EDITIONS)('in %s', (edition) => {
    it.each(viewports)('the home and lead story pages look as reviewed on a $name', async (viewport) => {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: 'reduce', colorScheme: 'light', locale: edition });
      try {
        const page = await context.newPage();
        for (const [kind, path] of [['home', `/${edition}/`], ['story', fx.stories[edition][0]?.path ?? '']] as const) {
          const response = await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
          expect(response?.status(), path).toBe(200);
          await settleForScreenshot(page);
          const outcome = await compareWithBaseline(page, `${kind}-${edition}-${viewport.name}`);
          expect(outcome.problem, `${kind} ${edition} ${viewport.name}`).toBeUndefined();
          if (isUpdatingBaselines) expect(outcome.isWritten).toBe(true);
        }
      } finally {
        await context.close();
      }
    }, 60_000);
  });
});
