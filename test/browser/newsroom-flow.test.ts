import { mkdir } from 'node:fs/promises';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { commandLineActor, personActor } from '../../src/modules/accounts/account-types.ts';
import { formatInEdition } from '../../src/modules/editions/edition-time.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { expectAccessible as expectPageAccessible, launchChromium, RESULTS_DIR, shouldSkipBrowser, signInThroughForm } from '../support/browser.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The newsroom's story flow in a real browser (issue 3, §8): the owner sets up the site and adds an author
 * and an editor; the author writes a story with a quote and a link in the rich-text editor and submits it;
 * the editor schedules it a minute ahead; it is not on the site before its minute and is at its canonical
 * URL with the right dateline after; a contributor's attempt to publish fails. Time is the site's
 * `ManualClock`, moved by the test, and the scheduler is run by hand: nothing here sleeps for time to pass.
 */

const skipBrowser = shouldSkipBrowser('Newsroom');
const expectAccessible = (page: Page, label: string) => expectPageAccessible(page, 'newsroom', label);

const OWNER = { email: 'olga@dateline.test', name: 'Olga Owner', password: 'a harbour of quiet ink' };
const AUTHOR = { email: 'amir@dateline.test', name: 'Amir Author', password: 'salt wind and deadlines' };
const EDITOR = { email: 'eve@dateline.test', name: 'Eve Editor', password: 'red pencil at midnight' };
const HEADLINE = 'Harbour Ferry Returns to Its Winter Timetable';
const START = '2025-03-14T09:00:00.000Z';

// Each step signs someone in (argon2) and runs axe: slow on a busy machine, so each gets two minutes.
describe.skipIf(skipBrowser)('the newsroom’s story flow in a real browser', { timeout: 120_000 }, () => {
  const clock = new ManualClock(START);
  let site: TestSite;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let owner: Page;
  let storyPath = '';
  let canonicalPath = '';
  let scheduledAt = '';
  /** One-time passwords the owner hands to the new colleagues. */
  const oneTime = { author: '', editor: '' };
  const cspViolations: string[] = [];

  /** A fresh browser (its own cookies) with a page that records console errors such as CSP refusals. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
    });
    return page;
  }

  /** Signs in with a one-time password and chooses a password of one's own, as a new colleague does. */
  async function firstSignIn(page: Page, email: string, oneTime: string, password: string): Promise<void> {
    await page.goto(`${site.url}/admin/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(oneTime);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.url}/admin/password`);
    await page.getByLabel('One-time password').fill(oneTime);
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('New password again').fill(password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(/\/admin(\?|$)/);
  }

  async function addPerson(page: Page, email: string, name: string, role: string): Promise<string> {
    await page.goto(`${site.url}/admin/people`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Role', { exact: true }).selectOption(role);
    await page.getByRole('button', { name: 'Add person' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`${name} has been added.`);
    return (await page.locator('code.secret').textContent()) ?? '';
  }

  async function readerStatus(): Promise<number> {
    return (await site.get(canonicalPath)).status;
  }

  beforeAll(async () => {
    site = await startTestSite('sqlite', { clock });
    browser = await launchChromium();
    owner = await newPage();
    await mkdir(RESULTS_DIR, { recursive: true });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await site?.close();
  });

  it('the owner sets up the site and adds an author and an editor', async () => {
    await owner.goto(`${site.url}/admin`);
    await owner.waitForURL(`${site.url}/admin/setup`);
    await owner.getByLabel('Set-up code').fill((await site.services.setupCode.find()) ?? '');
    await owner.getByLabel('Email address').fill(OWNER.email);
    await owner.getByLabel('Your name').fill(OWNER.name);
    await owner.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await owner.getByLabel('Password again').fill(OWNER.password);
    await owner.getByRole('button', { name: 'Create owner account' }).click();
    await owner.waitForURL(`${site.url}/admin`);

    oneTime.author = await addPerson(owner, AUTHOR.email, AUTHOR.name, 'author');
    oneTime.editor = await addPerson(owner, EDITOR.email, EDITOR.name, 'editor');
    expect(oneTime.author).toMatch(/^[a-z2-9-]+$/);
  });

  it('the author writes a story with a quote and a link in the rich-text editor, and submits it', async () => {
    const page = await newPage();
    await firstSignIn(page, AUTHOR.email, oneTime.author, AUTHOR.password);
    await page.getByRole('link', { name: 'Stories', exact: true }).first().click();
    await page.waitForURL(`${site.url}/admin/stories`);
    await expectAccessible(page, 'story list (empty)');
    await page.getByRole('link', { name: 'Write a new story' }).click();
    await page.waitForURL(`${site.url}/admin/stories/new`);

    // The island replaced the textarea with the editor and its toolbar.
    const editor = page.getByRole('textbox', { name: 'Story' });
    await expect.poll(() => editor.count()).toBe(1);
    expect(await page.locator('textarea#body').isHidden()).toBe(true);
    await expectAccessible(page, 'new story');

    await page.getByLabel('Headline').fill(HEADLINE);
    await editor.click();
    await page.keyboard.type('The harbour ferry returns to its winter timetable on Monday, with a boat every forty minutes.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('We know people rely on the early boat.');
    await page.getByRole('button', { name: 'Quote' }).click();
    expect(await page.getByRole('button', { name: 'Quote' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Enter');
    await page.keyboard.type('— Harbour master Ines Duarte');
    await page.keyboard.press('Enter');
    // Out of the quote again, from the keyboard: the toolbar is one Tab stop, moved through with the arrows.
    await page.getByRole('button', { name: 'Quote' }).click();
    await page.keyboard.type('Read the council report');
    for (let i = 0; i < 'council report'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    page.once('dialog', (dialog) => void dialog.accept('https://council.example/ferry-report'));
    await page.getByRole('button', { name: 'Link' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' before the change.');
    await page.keyboard.press('Control+b');
    expect(await page.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Control+b');

    // Nobody pressed anything yet: the first autosave creates the draft, and the page becomes its editor.
    await expect.poll(() => page.locator('.autosave-status').textContent(), { timeout: 15_000 }).toMatch(/^Saved \d\d:\d\d$/);
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/stories\/\d+$/);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/admin\/stories\/\d+\?notice=saved$/);
    storyPath = new URL(page.url()).pathname;
    expect(await page.getByRole('status').first().textContent()).toContain('Saved.');

    // What the server stored: blocks, not HTML.
    const id = Number(storyPath.split('/').at(-1));
    const stored = await site.services.database.db.selectFrom('stories').select(['body', 'slug', 'code']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.body)).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'The harbour ferry returns to its winter timetable on Monday, with a boat every forty minutes.' }] },
      { type: 'quote', content: [{ type: 'text', text: 'We know people rely on the early boat.' }], cite: 'Harbour master Ines Duarte' },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Read the ' },
          { type: 'text', text: 'council report', marks: [{ type: 'link', href: 'https://council.example/ferry-report' }] },
          { type: 'text', text: ' before the change.' },
        ],
      },
    ]);
    canonicalPath = `/en/news/${stored.code}/${stored.slug}`;

    // Autosave: a change is saved by itself, and the status line says when.
    const surface = page.getByRole('textbox', { name: 'Story' });
    await surface.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Tickets are unchanged.');
    await expect.poll(() => page.locator('.autosave-status').textContent(), { timeout: 15_000 }).toMatch(/^Saved \d\d:\d\d$/);
    await expectAccessible(page, 'edit story');

    // The owner saves the story meanwhile: the author's next autosave says so instead of overwriting it.
    const ownerUser = await site.services.users.findByEmail(OWNER.email);
    if (!ownerUser) throw new Error('no owner');
    const current = await site.services.storyWorkflow.getForEditing(id, commandLineActor);
    await site.services.storyWorkflow.update(id, { teaser: 'A teaser the owner wrote.' }, current.revision, personActor(ownerUser));
    await surface.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Season tickets too.');
    await expect.poll(() => page.locator('.autosave-status').textContent(), { timeout: 15_000 }).toBe(`Conflict: ${OWNER.name} saved a newer version at 09:00.`);
    expect((await site.services.storyWorkflow.getForEditing(id, commandLineActor)).teaser).toBe('A teaser the owner wrote.');
    await page.getByRole('button', { name: 'Replace their version with mine' }).click();
    await expect.poll(() => page.locator('.autosave-status').textContent(), { timeout: 15_000 }).toMatch(/^Saved \d\d:\d\d$/);
    expect(JSON.stringify((await site.services.storyWorkflow.getForEditing(id, commandLineActor)).body)).toContain('Season tickets too.');

    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/notice=submitted$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Submitted for review.');
    // In review, the author may not publish it (the edition wants review): no such button.
    expect(await page.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
  });

  it('warns before leaving with changes that are not saved', async () => {
    const page = await newPage();
    await signInThroughForm(page, site.url, AUTHOR.email, AUTHOR.password);
    await page.goto(`${site.url}/admin/stories/new`);
    await page.getByRole('textbox', { name: 'Story' }).click();
    await page.keyboard.type('Unsaved words.');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.goto(`${site.url}/admin`);
    expect(dialogs).toEqual(['beforeunload']);
  });

  it('the editor schedules it a minute ahead, on the edition’s clock', async () => {
    const page = await newPage();
    await firstSignIn(page, EDITOR.email, oneTime.editor, EDITOR.password);
    await page.goto(`${site.url}/admin/stories?status=in_review`);
    await expectAccessible(page, 'story list (in review)');
    await page.getByRole('link', { name: HEADLINE }).click();
    await page.waitForURL(`${site.url}${storyPath}`);
    expect(await page.getByText('Time zone: UTC (UTC+00:00)').count()).toBeGreaterThan(0);

    scheduledAt = new Date(clock.now().getTime() + 60_000).toISOString();
    await page.getByLabel('Publish at').fill(formatInEdition(scheduledAt, "yyyy-MM-dd'T'HH:mm", { language: 'en', time_zone: 'UTC' }));
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/notice=scheduled$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Scheduled: it goes live 14 Mar 2025, 09:01 (UTC).');

    await page.goto(`${site.url}${storyPath}/revisions`);
    await expectAccessible(page, 'revisions');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/revisions\/compare\?(?=.*\ba=\d+)(?=.*\bb=\d+)/);
    expect(await page.locator('ins', { hasText: 'Season tickets too.' }).count()).toBe(1);
    await expectAccessible(page, 'compare revisions');
  });

  it('is nowhere on the site before its minute, and at its canonical URL with the right dateline after', async () => {
    const scheduler = new Scheduler({ workflow: site.services.storyWorkflow, clock });
    expect(await readerStatus()).toBe(404);
    clock.advance({ seconds: 30 });
    expect(await scheduler.runDue()).toEqual([]);
    expect(await readerStatus()).toBe(404);
    const home = await (await site.get('/en/')).text();
    expect(home).not.toContain(HEADLINE);

    clock.set(scheduledAt);
    expect(await scheduler.runDue()).toHaveLength(1);
    const reader = await newPage();
    const response = await reader.goto(`${site.url}${canonicalPath}`);
    expect(response?.status()).toBe(200);
    expect(await reader.getByRole('heading', { level: 1 }).textContent()).toBe(HEADLINE);
    const dateline = reader.locator('.dateline time').first();
    expect(await dateline.getAttribute('datetime')).toBe('2025-03-14T09:01:00Z');
    expect(await dateline.textContent()).toBe('Friday 14 March 2025 - 09:01');
    expect(await reader.locator('blockquote').textContent()).toContain('We know people rely on the early boat.');
    expect(await reader.getByRole('link', { name: 'council report' }).getAttribute('href')).toBe('https://council.example/ferry-report');
    // Exactly once: another look changes nothing.
    clock.advance({ minutes: 5 });
    expect(await scheduler.runDue()).toEqual([]);
  });

  it('refuses a contributor’s attempt to publish', async () => {
    const added = await site.services.users.addUser(commandLineActor, {
      email: 'cleo@dateline.test',
      displayName: 'Cleo Contributor',
      role: 'contributor',
      password: 'freelance words by the sea',
    });
    const page = await newPage();
    await signInThroughForm(page, site.url, added.user.email, 'freelance words by the sea');
    await page.goto(`${site.url}/admin/stories/new`);
    await page.getByLabel('Headline').fill('Contributor Tries to Publish Straight Away');
    await page.getByRole('textbox', { name: 'Story' }).click();
    await page.keyboard.type('A freelancer’s story that an editor should see first.');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/notice=created$/);
    expect(await page.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
    const id = Number(new URL(page.url()).pathname.split('/').at(-1));

    // Sent anyway, as a hand-made form with the page's own CSRF token: the server says no, and nothing changes.
    await page.evaluate((action) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      const token = document.createElement('input');
      token.type = 'hidden';
      token.name = '_csrf';
      token.value = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
      form.append(token);
      document.body.append(form);
      form.submit();
    }, `/admin/stories/${id}/publish`);
    await page.waitForURL(`${site.url}/admin/stories/${id}/publish`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You cannot do that');
    const row = await site.services.database.db.selectFrom('stories').select(['status', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', published_at: null });
  });

  it('reads well on a phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 800 } });
    contexts.push(phone);
    const page = await phone.newPage();
    await signInThroughForm(page, site.url, EDITOR.email, EDITOR.password);
    for (const path of ['/admin/stories', storyPath, `${storyPath}/revisions`]) {
      await page.goto(`${site.url}${path}`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `${path} scrolls sideways at 360px`).toBeLessThanOrEqual(360);
      await expectAccessible(page, `phone ${path}`);
    }
  });

  it('met no Content Security Policy refusal on the way', () => {
    expect(cspViolations).toEqual([]);
  });
});
