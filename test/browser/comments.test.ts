import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { createUser } from '../support/admin-agent.ts';
import { expectAccessible, launchChromium, shouldSkipBrowser, signInThroughForm } from '../support/browser.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

const skipBrowser = shouldSkipBrowser('Comments');

/**
 * A reader comments with scripting off (a form POST and a redirect) and on (no reload, a live counter); a
 * moderator approves both in the queue; the story page then shows them, with the count updated.
 */
describe.skipIf(skipBrowser)('commenting in a real browser', () => {
  let site: TestSite;
  let browser: Browser;
  let storyUrl: string;
  let storyId: number;
  // The site's clock: the form's minimum fill time passes without the test sleeping.
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    site = await startTestSite('sqlite', { clock });
    const saved = await site.services.stories.save({
      editionCode: 'en',
      headline: 'Town Hall Debates the New Cycle Lanes',
      body: [paragraph('Councillors met on Monday to hear residents on the plan.')],
      status: 'published',
      publishedAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    storyUrl = `${site.url}/en/news/${saved.code}/${saved.slug}`;
    storyId = saved.id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('posts with scripting off, keeping the text through a refusal, and is told the comment awaits moderation', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(storyUrl);
      await page.getByLabel('Name').fill('Noor Haddad');
      await page.getByLabel('Email').fill('noor@example.org');
      await page.getByLabel('Comment', { exact: true }).fill('Without scripts: the lanes need lighting.');
      // Sent at once: too fast for a person, so refused — and the page that says so still holds the text.
      const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Send comment' }).click()]);
      expect(refused.status()).toBe(400);
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toBe('That was quick: please check your comment and send it again.');
      expect(await page.getByLabel('Comment', { exact: true }).inputValue()).toBe('Without scripts: the lanes need lighting.');
      expect(await page.getByLabel('Name').inputValue()).toBe('Noor Haddad');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('comment-body');
      clock.advance({ seconds: 5 });
      await Promise.all([page.waitForURL(/\?comment=pending#comments$/), page.getByRole('button', { name: 'Send comment' }).click()]);
      expect(await page.getByRole('status').first().textContent()).toBe('Thank you: your comment will appear once a moderator has approved it.');
    } finally {
      await context.close();
    }
  });

  it('posts with scripting on without a reload, counting characters as the reader types', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(storyUrl);
      await page.getByLabel('Name').fill('Sam Okafor');
      await page.getByLabel('Email').fill('sam@example.org');
      await page.getByLabel('Comment', { exact: true }).fill('With scripts: good plan.');
      await expect.poll(() => page.locator('#comment-counter').textContent()).toBe('2,976 characters left');
      clock.advance({ seconds: 5 });
      await page.getByRole('button', { name: 'Send comment' }).click();
      await expect.poll(() => page.locator('.comment-message').textContent()).toBe('Thank you: your comment will appear once a moderator has approved it.');
      expect(page.url()).toBe(storyUrl);
      expect(await page.getByLabel('Comment', { exact: true }).inputValue()).toBe('');
    } finally {
      await context.close();
    }
  });

  it('says in the edition’s words when a post never reaches the site, keeping the text', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(storyUrl);
      await page.route('**/comments', (route) => route.abort('internetdisconnected'));
      await page.getByLabel('Name').fill('Ada Offline');
      await page.getByLabel('Email').fill('ada@example.org');
      await page.getByLabel('Comment', { exact: true }).fill('Written on a train.');
      clock.advance({ seconds: 5 });
      await page.getByRole('button', { name: 'Send comment' }).click();
      await expect.poll(() => page.locator('.comment-message').textContent()).toBe('Your comment could not be sent: check your connection and try again.');
      expect(await page.getByLabel('Comment', { exact: true }).inputValue()).toBe('Written on a train.');
    } finally {
      await context.close();
    }
  });

  it('shows both comments and the new count once a moderator approves them in the queue', async () => {
    const { user, password } = await createUser(site, 'moderator', { displayName: 'Mo Moderator' });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signInThroughForm(page, site.url, user.email, password);
      await page.goto(`${site.url}/admin/comments`);
      await expectAccessible(page, 'comments', 'queue');
      for (const checkbox of await page.locator('input[type="checkbox"][name="id"]').all()) await checkbox.check();
      await page.locator('#bulk-action').selectOption('approve');
      await Promise.all([page.waitForURL(/done=approve/), page.getByRole('button', { name: 'Apply to selected' }).click()]);
      expect(await page.getByRole('status').first().textContent()).toBe('Approved.');
      // A moderator reads the comment settings (bans and banned words are theirs to change).
      await page.goto(`${site.url}/admin/comments/settings`);
      await expectAccessible(page, 'comments', 'settings as moderator');

      await page.goto(storyUrl);
      expect(await page.locator('.comment-count').textContent()).toBe('2 comments');
      expect(await page.getByText('Without scripts: the lanes need lighting.').isVisible()).toBe(true);
      expect(await page.getByText('With scripts: good plan.').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('lets an editor close one story’s comments with the keyboard, and the story then says so', async () => {
    const { user, password } = await createUser(site, 'editor', { displayName: 'Ed Itor' });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signInThroughForm(page, site.url, user.email, password);
      await page.goto(`${site.url}/admin/comments/settings`);
      await expectAccessible(page, 'comments', 'settings as editor');
      await page.goto(`${site.url}/admin/stories/${storyId}/comments`);
      await expectAccessible(page, 'comments', 'story settings');
      await page.getByLabel('Policy').selectOption('closed');
      // A select does not submit on Enter: the keyboard user moves on to the button and presses Enter there.
      await page.getByRole('button', { name: 'Save', exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Comment settings saved for this story.');
      await expectAccessible(page, 'comments', 'story settings saved');
      await page.goto(storyUrl);
      expect(await page.locator('.comments-closed').isVisible()).toBe(true);
      expect(await page.getByLabel('Comment', { exact: true }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
