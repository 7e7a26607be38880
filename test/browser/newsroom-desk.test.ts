import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor, personActor } from '../../src/modules/accounts/account-types.ts';
import type { User } from '../../src/modules/accounts/account-types.ts';
import { createUser } from '../support/admin-agent.ts';
import { expectAccessible, launchChromium, shouldSkipBrowser, signInThroughForm } from '../support/browser.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

const skipBrowser = shouldSkipBrowser('Newsroom desk');

/**
 * A day at the desk in a real browser, at a desktop's width and a phone's: the editor reads the dashboard and
 * sends a story back to its author with a note (keyboard only: it is a form); the author finds the note on
 * their dashboard; the moderator works the comment queue and bans someone through the page that asks first.
 * axe checks every page on the way; nothing scrolls sideways on the phone.
 */
describe.skipIf(skipBrowser)('the newsroom desk in a real browser', { timeout: 180_000 }, () => {
  let site: TestSite;
  let browser: Browser;
  const people: Record<'editor' | 'author' | 'moderator', { user: User; password: string }> = {} as never;
  let storyId = 0;

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    browser = await launchChromium();
    people.editor = await createUser(site, 'editor', { displayName: 'Esme Editor' });
    people.author = await createUser(site, 'author', { displayName: 'Arlo Author' });
    people.moderator = await createUser(site, 'moderator', { displayName: 'Mina Moderator' });
    const published = await site.services.stories.save({
      editionCode: 'en',
      headline: 'Town Hall Debates the New Cycle Lanes',
      body: [paragraph('Councillors met on Monday to hear residents on the plan.')],
      status: 'published',
      publishedAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    for (let i = 1; i <= 4; i++) {
      await site.services.database.db
        .insertInto('comments')
        .values({
          story_id: published.id,
          parent_id: null,
          author_name: `Reader ${i}`,
          email: `reader-${i}@example.org`,
          email_hash: `desk-email-${i}`,
          address_hash: `desk-address-${i}`,
          body: `Comment number ${i} on the cycle lanes.`,
          body_hash: `desk-body-${i}`,
          status: 'pending',
          held_reason: null,
          created_at: new Date(Date.now() - i * 60_000).toISOString(),
          moderated_at: null,
          moderated_by: null,
          edited_at: null,
        })
        .execute();
    }
    const scheduled = await site.services.storyWorkflow.createDraft({ editionCode: 'en', headline: 'Harbour Festival Returns in June', body: [paragraph('The festival returns.')] }, commandLineActor);
    await site.services.storyWorkflow.schedule(scheduled.id, new Date(Date.now() + 86_400_000).toISOString(), commandLineActor);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function submittedStory(headline: string): Promise<number> {
    const story = await site.services.storyWorkflow.createDraft({ editionCode: 'en', headline, body: [paragraph('A first version of the story.')] }, personActor(people.author.user));
    await site.services.storyWorkflow.submit(story.id, personActor(people.author.user));
    return story.id;
  }

  async function expectNoSidewaysScroll(page: Page, width: number, what: string): Promise<void> {
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, `${what} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
  }

  for (const width of [1280, 375]) {
    it(`walks the dashboard, a note back to the author and the comment queue at ${width}px`, async () => {
      storyId = await submittedStory(`Budget Vote Delayed Again (${width})`);
      const label = `${width}`;

      // The editor: what waits, then a story sent back with a note, by keyboard.
      const editorContext = await browser.newContext({ viewport: { width, height: 900 } });
      editorContext.setDefaultTimeout(15_000);
      try {
        const page = await editorContext.newPage();
        await signInThroughForm(page, site.url, people.editor.user.email, people.editor.password);
        await expectAccessible(page, 'desk', `dashboard as editor ${label}`);
        await expectNoSidewaysScroll(page, width, 'the dashboard');
        const inReview = page.locator('#in-review');
        expect(await inReview.getByRole('link', { name: `Budget Vote Delayed Again (${width})` }).isVisible()).toBe(true);
        expect(await page.locator('#scheduled').getByText(/goes live .* \(UTC\)/).isVisible()).toBe(true);
        expect(await page.locator('#pending-comments .dashboard-count').textContent()).toMatch(/^\d+ comments?$/);
        expect(await page.getByRole('link', { name: 'New story' }).isVisible()).toBe(true);
        expect(await page.getByRole('link', { name: 'View site' }).isVisible()).toBe(true);

        await inReview.getByRole('link', { name: `Budget Vote Delayed Again (${width})` }).focus();
        await Promise.all([page.waitForURL(`${site.url}/admin/stories/${storyId}`), page.keyboard.press('Enter')]);
        await page.getByLabel('Note to the author').focus();
        await page.keyboard.type('Needs a second source for the figures.');
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Back to draft');
        await Promise.all([page.waitForURL(/notice=back-to-draft/), page.keyboard.press('Enter')]);
        await expectAccessible(page, 'desk', `story sent back ${label}`);
      } finally {
        await editorContext.close();
      }

      // The author: the note on their dashboard and on the story.
      const authorContext = await browser.newContext({ viewport: { width, height: 900 } });
      authorContext.setDefaultTimeout(15_000);
      try {
        const page = await authorContext.newPage();
        await signInThroughForm(page, site.url, people.author.user.email, people.author.password);
        const drafts = page.locator('#my-drafts');
        expect(await drafts.getByText('Needs a second source for the figures.').first().isVisible()).toBe(true);
        expect(await drafts.getByText('Sent back by Esme Editor', { exact: false }).first().isVisible()).toBe(true);
        await expectAccessible(page, 'desk', `dashboard as author ${label}`);
        await expectNoSidewaysScroll(page, width, 'the author’s dashboard');
        await page.goto(`${site.url}/admin/stories/${storyId}`);
        expect(await page.getByRole('region', { name: /Sent back to draft by Esme Editor/ }).getByText('Needs a second source for the figures.').isVisible()).toBe(true);
      } finally {
        await authorContext.close();
      }

      // The moderator: the queue, Approve by keyboard, then a ban through the page that asks.
      const moderatorContext = await browser.newContext({ viewport: { width, height: 900 } });
      moderatorContext.setDefaultTimeout(15_000);
      try {
        const page = await moderatorContext.newPage();
        await signInThroughForm(page, site.url, people.moderator.user.email, people.moderator.password);
        expect(await page.locator('#in-review').count()).toBe(0);
        await expectAccessible(page, 'desk', `dashboard as moderator ${label}`);
        await page.getByRole('link', { name: /^All \d+ pending comments$/ }).focus();
        await Promise.all([page.waitForURL(/\/admin\/comments\?status=pending/), page.keyboard.press('Enter')]);
        await expectAccessible(page, 'desk', `comment queue ${label}`);
        await expectNoSidewaysScroll(page, width, 'the comment queue');
        const current = page.getByRole('navigation', { name: 'Comments' }).locator('a[aria-current="page"]');
        expect(await current.textContent()).toMatch(/^Pending \d+/);
        const pendingBefore = Number(await current.locator('.tab-count').textContent());

        const firstComment = page.locator('.queue-comment').first();
        await firstComment.getByRole('button', { name: /^Approve/ }).focus();
        await Promise.all([page.waitForURL(/done=approve/), page.keyboard.press('Enter')]);
        expect(await page.getByRole('status').first().textContent()).toBe('Approved.');
        expect(Number(await page.locator('.tabs a[aria-current="page"] .tab-count').textContent())).toBe(pendingBefore - 1);

        await page.locator('.queue-comment').first().getByRole('link', { name: /^Ban the author/ }).focus();
        await Promise.all([page.waitForURL(/\/admin\/comments\/\d+\/ban/), page.keyboard.press('Enter')]);
        await expectAccessible(page, 'desk', `ban question ${label}`);
        await expectNoSidewaysScroll(page, width, 'the ban question');
        await page.getByLabel('Their email address').focus();
        await page.keyboard.press('ArrowDown');
        expect(await page.getByLabel('Their network address').isChecked()).toBe(true);
        await page.getByRole('button', { name: 'Ban the author' }).focus();
        await Promise.all([page.waitForURL(/done=banned/), page.keyboard.press('Enter')]);
        expect(await page.getByRole('status').first().textContent()).toBe('Ban added.');
      } finally {
        await moderatorContext.close();
      }
    });
  }
});
