import { mkdir } from 'node:fs/promises';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { createUser } from '../support/admin-agent.ts';
import { loadFixtureStories, type FixtureStories } from '../support/fixture-stories.ts';
import { expectAccessible as expectPageAccessible, launchChromium, RESULTS_DIR, shouldSkipBrowser, signInThroughForm } from '../support/browser.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The curation page in a real browser: an editor reorders the Featured Stories with the keyboard alone —
 * with the script island (moves in place, focus kept, moves announced) and without it (plain forms,
 * focus given back after the reload) — drags one with the mouse, and axe finds nothing serious (axe runs
 * as a script, so only on pages with scripts on). A story's pinned related stories, on the page addressed by
 * the story's id, reorder the same way.
 * Debian's Chromium, driven by playwright-core.
 */

const skipBrowser = shouldSkipBrowser('Curation');
const expectAccessible = (page: Page, label: string) => expectPageAccessible(page, 'curation', label);

/** Presses Tab until the element matching `selector` has the focus; fails if it never does. */
async function tabTo(page: Page, selector: string, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} never took the focus after ${maxPresses} Tab presses`);
}

function isFocused(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
}

/** The entries' keys in the order the page shows them. */
function shownOrder(page: Page): Promise<string[]> {
  return page.locator('#featured-list > li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.key ?? ''));
}

describe.skipIf(skipBrowser)('curating the Featured Stories in a real browser', () => {
  let site: TestSite;
  let fx: FixtureStories;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let keys: { seed: string; related: string; markup: string };

  /** Each test starts from the same order, whatever the one before it left. */
  async function startFrom(order: string[]): Promise<void> {
    await site.services.curation.reorderFeatured(commandLineActor, 'en', order);
  }

  async function savedOrder(): Promise<string[]> {
    return (await site.services.curation.getEditionCuration('en')).featured.map((e) => e.key);
  }

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    fx = await loadFixtureStories(site.services);
    await site.services.stories.setFeatured('en', []);
    // Each story added goes on top: added last to first, they stand seed, related, markup.
    for (const story of [fx.markup, fx.relatedTarget, fx.seed]) await site.services.curation.addFeatured(commandLineActor, 'en', story.code);
    keys = { seed: `code:${fx.seed.code}`, related: `code:${fx.relatedTarget.code}`, markup: `code:${fx.markup.code}` };
    const { user, password } = await createUser(site, 'editor', { displayName: 'Esme Editor' });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await mkdir(RESULTS_DIR, { recursive: true });
    await signInThroughForm(page, site.url, user.email, password);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
  });

  it('has nothing serious for axe to find on the curation page, searched or not', async () => {
    await page.goto(`${site.url}/admin/curation?edition=en`);
    await page.locator('#featured-list.is-enhanced').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Curation: English');
    await expectAccessible(page, 'page');

    // As the page comes back after a move made without the script: a notice, and a button with the focus.
    await page.goto(`${site.url}/admin/curation?edition=en&notice=moved&entry=${encodeURIComponent(keys.related)}&direction=down`);
    expect(await page.getByRole('status').first().textContent()).toMatch(/^Moved “/u);
    await expectAccessible(page, 'after a move');

    await page.getByLabel('Words from the story, or its code').fill('Pompeo Golan');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=Pompeo\+Golan/);
    expect(await page.locator('.search-results li').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'search results');
  });

  it('reorders the rail with the keyboard alone: the focus stays on the button and the move is announced', async () => {
    await startFrom([keys.seed, keys.related, keys.markup]);
    await page.goto(`${site.url}/admin/curation?edition=en`);
    await page.locator('#featured-list.is-enhanced').waitFor();
    expect(await shownOrder(page)).toEqual([keys.seed, keys.related, keys.markup]);

    const seedDown = `li[data-key="${keys.seed}"] form[data-reorder-button="down"] button`;
    const seedUp = `li[data-key="${keys.seed}"] form[data-reorder-button="up"] button`;
    await tabTo(page, seedDown);
    await page.keyboard.press('Enter');
    await expect.poll(savedOrder).toEqual([keys.related, keys.seed, keys.markup]);
    // The island moves the entry once the server has answered, which may be just after the save lands.
    await expect.poll(() => shownOrder(page)).toEqual([keys.related, keys.seed, keys.markup]);
    await expect.poll(() => isFocused(page, seedDown)).toBe(true);
    await expect.poll(() => page.locator('[data-reorder-status="featured-list"]').textContent()).toBe(`Moved “${fx.seed.headline}” to position 2 of 3.`);

    // Down again to the bottom: "Move down" switches off there, so the focus goes to "Move up".
    await page.keyboard.press('Enter');
    await expect.poll(savedOrder).toEqual([keys.related, keys.markup, keys.seed]);
    await expect.poll(() => isFocused(page, seedUp)).toBe(true);
    expect(await page.locator(seedDown).isDisabled()).toBe(true);
    expect(await page.locator(`li[data-key="${keys.related}"] form[data-reorder-button="up"] button`).isDisabled()).toBe(true);
    await expect.poll(() => page.locator('[data-reorder-status="featured-list"]').textContent()).toBe(`Moved “${fx.seed.headline}” to position 3 of 3.`);

    await page.keyboard.press('Enter');
    await expect.poll(savedOrder).toEqual([keys.related, keys.seed, keys.markup]);
    await expect.poll(() => isFocused(page, seedUp)).toBe(true);
    // The page and the reader site agree with what was announced.
    await page.reload();
    expect(await shownOrder(page)).toEqual([keys.related, keys.seed, keys.markup]);
    const rail = (await (await site.get('/en/')).text()).split('<aside class="featured-stories"')[1] ?? '';
    expect(rail.indexOf(fx.relatedTarget.path)).toBeGreaterThan(0);
    expect(rail.indexOf(fx.relatedTarget.path)).toBeLessThan(rail.indexOf(fx.seed.path));
  });

  it('reorders with the keyboard without the script too, giving the focus back after each reload', async () => {
    await startFrom([keys.related, keys.seed, keys.markup]);
    const plain = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    try {
      await plain.addCookies(await context.cookies());
      const noScript = await plain.newPage();
      await noScript.goto(`${site.url}/admin/curation?edition=en`);
      const relatedDown = `li[data-key="${keys.related}"] form[data-reorder-button="down"] button`;
      await tabTo(noScript, relatedDown);
      await Promise.all([noScript.waitForURL(/notice=moved/), noScript.keyboard.press('Enter')]);
      expect(await savedOrder()).toEqual([keys.seed, keys.related, keys.markup]);
      expect(await shownOrder(noScript)).toEqual([keys.seed, keys.related, keys.markup]);
      expect(await isFocused(noScript, relatedDown)).toBe(true);
      expect(await noScript.getByRole('status').first().textContent()).toBe(`Moved “${fx.relatedTarget.headline}” to position 2 of 3.`);
    } finally {
      await plain.close();
    }
  });

  it('moves a story by dragging it', async () => {
    await startFrom([keys.seed, keys.related, keys.markup]);
    await page.goto(`${site.url}/admin/curation?edition=en`);
    await page.locator('#featured-list.is-enhanced').waitFor();
    expect(await shownOrder(page)).toEqual([keys.seed, keys.related, keys.markup]);
    const markup = page.locator(`li[data-key="${keys.markup}"] .reorderable-meta`);
    const seed = page.locator(`li[data-key="${keys.seed}"]`);
    await markup.dragTo(seed, { targetPosition: { x: 10, y: 2 } });
    await expect.poll(savedOrder).toEqual([keys.markup, keys.seed, keys.related]);
    await expect.poll(() => shownOrder(page)).toEqual([keys.markup, keys.seed, keys.related]);
    await expect.poll(() => page.locator('[data-reorder-status="featured-list"]').textContent()).toBe(`Moved “${fx.markup.headline}” to position 1 of 3.`);
  });

  it('reorders a story’s pinned related stories on its own page, addressed by the story’s id', async () => {
    const story = await site.services.database.db.selectFrom('stories').select('id').where('edition_code', '=', 'en').where('code', '=', fx.markup.code).executeTakeFirstOrThrow();
    for (const target of [fx.seed, fx.relatedTarget]) await site.services.curation.pinRelated(commandLineActor, 'en', fx.markup.code, target.code);
    const pinnedOrder = async () => (await site.services.curation.listPinnedRelated('en', fx.markup.code)).map((p) => p.key);

    await page.goto(`${site.url}/admin/stories/${story.id}/related`);
    await page.locator('#pinned-list.is-enhanced').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Related stories: ${fx.markup.headline}`);
    await expectAccessible(page, 'related stories');

    const seedDown = `li[data-key="${keys.seed}"] form[data-reorder-button="down"] button`;
    await tabTo(page, seedDown);
    await page.keyboard.press('Enter');
    await expect.poll(pinnedOrder).toEqual([keys.related, keys.seed]);
    await expect.poll(() => isFocused(page, `li[data-key="${keys.seed}"] form[data-reorder-button="up"] button`)).toBe(true);
    await expect.poll(() => page.locator('[data-reorder-status="pinned-list"]').textContent()).toBe(`Moved “${fx.seed.headline}” to position 2 of 2.`);
    expect(new URL(page.url()).pathname).toBe(`/admin/stories/${story.id}/related`);
  });
});
