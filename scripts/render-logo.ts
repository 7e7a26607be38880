/**
 * Renders the publisher logo's PNG from its SVG with Debian's Chromium, so the raster and the vector never
 * disagree: `node --import tsx scripts/render-logo.ts`. Run it after changing dateline-logo.svg and commit both.
 * (A PNG because schema.org publisher logos and OpenGraph images must be raster for most consumers.)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const svgFile = new URL('../src/views/assets/dateline-logo.svg', import.meta.url);
const pngFile = new URL('../src/views/assets/dateline-logo.png', import.meta.url);

const svg = await readFile(svgFile, 'utf8');
const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await writeFile(pngFile, await page.locator('svg').screenshot({ omitBackground: true, type: 'png' }));
  console.log(`wrote ${pngFile.pathname} (${width}×${height})`);
} finally {
  await browser.close();
}
