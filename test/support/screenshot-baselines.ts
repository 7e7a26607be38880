import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { RESULTS_DIR } from './browser.ts';

/**
 * Reviewed screenshots live in docs/screenshots/ (the README shows some of them). A run compares against
 * them; `UPDATE_SCREENSHOTS=1` writes them anew instead, to be looked at and committed on purpose.
 */
export const BASELINE_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
export const isUpdatingBaselines = process.env.UPDATE_SCREENSHOTS === '1';

/** Pixels may differ by this colour distance (pixelmatch's 0–1 scale) before they count as different. */
const COLOUR_THRESHOLD = 0.1;
/** At most this share of the pixels may differ: antialiasing, not layout. */
const MAX_DIFFERENT_SHARE = 0.002;

export interface BaselineOutcome {
  /** Share of the pixels that differ; 0 when the baseline was written. */
  differentShare: number;
  isWritten: boolean;
  problem?: string;
}

/**
 * Settles a page for a screenshot: web fonts loaded and every picture in view decoded. The screenshot itself
 * stops animations and hides the caret; the context asks for reduced motion and a light colour scheme.
 */
export async function settleForScreenshot(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  // A picture's first request makes its variant (docs/decisions/012-pictures.md): wait until each one in view
  // has arrived and is decoded, however long the encoding took.
  await page.waitForFunction(() => Array.from(document.images).filter((img) => img.getBoundingClientRect().top < window.innerHeight).every((img) => img.complete && img.naturalWidth > 0), undefined, {
    timeout: 30_000,
  });
  await page.evaluate(() => Promise.all(Array.from(document.images).filter((img) => img.getBoundingClientRect().top < window.innerHeight).map((img) => img.decode())));
}

/** Compares the page's viewport with the named baseline, or writes it when updating (or, outside CI, when there is none). */
export async function compareWithBaseline(page: Page, name: string): Promise<BaselineOutcome> {
  const actual = await page.screenshot({ type: 'png', animations: 'disabled', caret: 'hide' });
  const baselinePath = `${BASELINE_DIR}${name}.png`;
  if (isUpdatingBaselines || (!existsSync(baselinePath) && !process.env.CI)) {
    mkdirSync(BASELINE_DIR, { recursive: true });
    writeFileSync(baselinePath, actual);
    return { differentShare: 0, isWritten: true };
  }
  if (!existsSync(baselinePath)) return { differentShare: 1, isWritten: false, problem: `no baseline ${baselinePath}: run with UPDATE_SCREENSHOTS=1, look at it, commit it` };
  const expected = PNG.sync.read(readFileSync(baselinePath));
  const got = PNG.sync.read(actual);
  mkdirSync(RESULTS_DIR, { recursive: true });
  if (expected.width !== got.width || expected.height !== got.height) {
    writeFileSync(`${RESULTS_DIR}${name}-actual.png`, actual);
    return { differentShare: 1, isWritten: false, problem: `size ${got.width}×${got.height}, baseline ${expected.width}×${expected.height}` };
  }
  const diff = new PNG({ width: got.width, height: got.height });
  const different = pixelmatch(expected.data, got.data, diff.data, got.width, got.height, { threshold: COLOUR_THRESHOLD });
  const differentShare = different / (got.width * got.height);
  if (differentShare > MAX_DIFFERENT_SHARE) {
    writeFileSync(`${RESULTS_DIR}${name}-actual.png`, actual);
    writeFileSync(`${RESULTS_DIR}${name}-diff.png`, PNG.sync.write(diff));
    return { differentShare, isWritten: false, problem: `${(differentShare * 100).toFixed(2)} % of pixels differ (allowed ${MAX_DIFFERENT_SHARE * 100} %): see test-results/${name}-diff.png` };
  }
  return { differentShare, isWritten: false };
}
