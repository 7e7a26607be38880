import { mkdir } from 'node:fs/promises';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { expectAccessible as expectPageAccessible, launchChromium, RESULTS_DIR, shouldSkipBrowser, signInThroughForm } from '../support/browser.ts';
import { plainJpeg } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * Pictures in the story editor, in a real browser (issue 11, §4): an author drops one picture on the story's
 * text and uploads another through the file dialog, makes the second the lead picture, is refused publishing
 * while the pictures have no alt text (each time with the message at the field to fix), writes the alt text
 * where the story is written, and publishes. The lead picture is then on the story page, the home page and
 * the Featured Stories rail, and axe finds nothing serious on any page on the way. A picture pasted into the
 * text is uploaded too.
 */

const skipBrowser = shouldSkipBrowser('Story pictures');
const expectAccessible = (page: Page, label: string) => expectPageAccessible(page, 'story-pictures', label);

const AUTHOR = { email: 'paz@dateline.test', name: 'Paz Photographer', password: 'shutter at the harbour wall' };
const HEADLINE = 'Fishing Fleet Returns Early as Storm Nears';
const LEAD_ALT = 'Fishing boats moored three deep along the harbour wall under a dark sky';
const BODY_ALT = 'A fisherman carrying crates of ice along the quay';

/** Drops files on an element as a person dragging them from their desktop would (a DataTransfer with Files). */
async function dropFiles(page: Page, selector: string, files: Array<{ name: string; bytes: Buffer }>): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on the page`);
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: 'image/jpeg' }));
    return transfer;
  }, files.map((f) => ({ name: f.name, bytes: [...f.bytes] })));
  // ProseMirror places a drop where the pointer is: inside the text, near its top.
  const at = { clientX: box.x + box.width / 2, clientY: box.y + Math.min(20, box.height / 2) };
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(selector, type, { dataTransfer, ...at });
}

describe.skipIf(skipBrowser)('pictures in the story editor, in a real browser', { timeout: 120_000 }, () => {
  let site: TestSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let storyId = 0;
  const cspViolations: string[] = [];
  const photos: Record<'street' | 'harbour', Buffer> = { street: Buffer.alloc(0), harbour: Buffer.alloc(0) };

  const leadField = () => page.locator('.field', { has: page.locator('input[name="leadMediaId"]') });
  const bodyField = () => page.locator('.story-editor > .field');
  const cardOf = (fileName: string) => page.locator('.picture-cards > li', { hasText: fileName });

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    // The edition lets authors publish their own stories (docs/decisions/005), as small newsrooms do.
    await site.services.database.db.updateTable('editions').set({ allow_author_publish: 1 }).where('code', '=', 'en').execute();
    await site.services.editions.load();
    await site.services.users.addUser(commandLineActor, { email: AUTHOR.email, displayName: AUTHOR.name, role: 'author', password: AUTHOR.password });
    photos.street = await plainJpeg(1200, 800);
    photos.harbour = await plainJpeg(1600, 900);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
    });
    await mkdir(RESULTS_DIR, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
  });

  it('the author drops one picture on the text and uploads another through the file dialog, each with its progress', async () => {
    await signInThroughForm(page, site.url, AUTHOR.email, AUTHOR.password);
    await page.goto(`${site.url}/admin/stories/new`);
    const text = page.getByRole('textbox', { name: 'Story' });
    await expect.poll(() => text.count()).toBe(1);
    await page.getByLabel('Headline').fill(HEADLINE);
    await text.click();
    await page.keyboard.type('The fishing fleet came home a day early as the storm closed in on the coast.');

    await dropFiles(page, '.editor-content', [{ name: 'quay.jpg', bytes: photos.street }]);
    await expect.poll(() => page.locator('.upload-progress li').first().textContent(), { timeout: 30_000 }).toBe('quay.jpg: uploaded');
    await expect.poll(() => page.locator('.editor-content img[data-media-id]').count()).toBe(1);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Upload picture' }).click();
    await (await chooser).setFiles({ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: photos.harbour });
    await expect.poll(() => page.locator('.upload-progress li').nth(1).textContent(), { timeout: 30_000 }).toBe('harbour.jpg: uploaded');
    await expect.poll(() => page.locator('.editor-content img[data-media-id]').count()).toBe(2);

    // Both are in the library, and the story (created by its first autosave) names them as image blocks.
    await expect.poll(() => page.locator('.autosave-status').textContent(), { timeout: 15_000 }).toMatch(/^Saved \d\d:\d\d$/);
    storyId = Number(new URL(page.url()).pathname.split('/').at(-1));
    const library = await site.services.media.list();
    expect(library.items.map((p) => p.fileName).sort()).toEqual(['harbour.jpg', 'quay.jpg']);
    const story = await site.services.storyWorkflow.getForEditing(storyId, commandLineActor);
    expect(story.body.filter((b) => b.type === 'image').map((b) => (b.type === 'image' ? b.mediaId : undefined)).sort()).toEqual(library.items.map((p) => p.id).sort());
    expect(await cardOf('quay.jpg').count()).toBe(1);
    expect(await cardOf('harbour.jpg').count()).toBe(1);
    await expectAccessible(page, 'editor with two pictures');
  });

  it('makes the uploaded picture the lead, and publishing without its alt text is refused at the lead field', async () => {
    const lead = page.getByRole('group', { name: 'Lead picture' });
    expect(await lead.getByText('No lead picture yet.').count()).toBe(1);
    await cardOf('quay.jpg').getByRole('button', { name: 'Use as lead picture' }).click();
    await expect.poll(() => lead.locator('.picture-card-name').textContent()).toContain('quay.jpg');

    // A change of mind, through the library's dialog: its search finds the other picture by name.
    await lead.getByRole('button', { name: 'Choose lead picture from library' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose a picture from the library' });
    await expect.poll(() => dialog.locator('.picture-result').count()).toBe(2);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('picture-dialog-q');
    await expectAccessible(page, 'library dialog');
    await dialog.getByLabel('Search alt text, captions, credits and file names').fill('harbour');
    await dialog.getByLabel('Search alt text, captions, credits and file names').press('Enter');
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Pictures found: 1');
    await dialog.getByRole('button', { name: /harbour\.jpg/u }).click();
    expect(await dialog.isVisible()).toBe(false);
    await expect.poll(() => lead.locator('.picture-card-name').textContent()).toContain('harbour.jpg');
    await expect.poll(() => page.locator('.autosave-status').textContent(), { timeout: 15_000 }).toMatch(/^Saved \d\d:\d\d$/);
    const harbour = (await site.services.media.list()).items.find((p) => p.fileName === 'harbour.jpg');
    expect((await site.services.storyWorkflow.getForEditing(storyId, commandLineActor)).leadMediaId).toBe(harbour?.id);
    // The page is the new story's form turned editor; saving opens the story's own page, with its workflow.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(`${site.url}/admin/stories/${storyId}?notice=saved`);
    expect(await page.getByRole('group', { name: 'Lead picture' }).locator('.picture-card-name').textContent()).toContain('harbour.jpg');

    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(`${site.url}/admin/stories/${storyId}/publish`);
    const message = 'The lead picture (harbour.jpg) has no alt text: describe it for readers who cannot see it, then publish.';
    expect(await leadField().locator('.field-error').textContent()).toBe(message);
    const link = page.locator('.error-summary a', { hasText: message });
    expect(await link.getAttribute('href')).toBe('#leadMediaId');
    // The summary's link lands on the lead picture's group, where the alt text is written.
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe('leadMediaId-label');
    expect((await site.services.storyWorkflow.getForEditing(storyId, commandLineActor)).status).toBe('draft');
    await expectAccessible(page, 'publishing refused for the lead picture');
  });

  it('writes the alt text in the editor; a body picture without it is refused at the story text, and then it publishes', async () => {
    const lead = page.getByRole('group', { name: 'Lead picture' });
    await lead.getByLabel('Alt text: harbour.jpg').fill(LEAD_ALT);
    await lead.getByRole('button', { name: 'Save alt text' }).click();
    await expect.poll(() => lead.getByRole('status').textContent()).toBe('Alt text saved.');
    const harbour = (await site.services.media.list()).items.find((p) => p.fileName === 'harbour.jpg');
    expect(harbour?.alt).toBe(LEAD_ALT);

    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(`${site.url}/admin/stories/${storyId}/publish`);
    expect(await bodyField().locator('.field-error').textContent()).toBe('A picture in the story (quay.jpg) has no alt text: describe it for readers who cannot see it, then publish.');

    await cardOf('quay.jpg').getByLabel('Alt text: quay.jpg').fill(BODY_ALT);
    await cardOf('quay.jpg').getByRole('button', { name: 'Save alt text' }).click();
    await expect.poll(() => cardOf('quay.jpg').getByRole('status').textContent()).toBe('Alt text saved.');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/notice=published$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Published');
    expect((await site.services.storyWorkflow.getForEditing(storyId, commandLineActor)).status).toBe('published');
  });

  it('shows the lead picture on the story page, the home page and the Featured Stories rail', async () => {
    const story = await site.services.storyWorkflow.getForEditing(storyId, commandLineActor);
    await site.services.curation.addFeatured(commandLineActor, 'en', story.code);
    const reader = await context.newPage();
    const loaded = (selector: string) => reader.locator(selector).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

    await reader.goto(`${site.url}/en/news/${story.code}/${story.slug}`);
    const leadImage = `main img[alt="${LEAD_ALT}"]`;
    await expect.poll(() => reader.locator(leadImage).count()).toBeGreaterThan(0);
    await expect.poll(() => loaded(`${leadImage} >> nth=0`), { timeout: 30_000 }).toBe(true);
    expect(await reader.locator(`img[alt="${BODY_ALT}"]`).count()).toBe(1);
    await expectAccessible(reader, 'story page');

    await reader.goto(`${site.url}/en/`);
    const rail = `.featured-stories img[alt="${LEAD_ALT}"]`;
    expect(await reader.locator(`main img[alt="${LEAD_ALT}"]`).count()).toBeGreaterThan(0);
    expect(await reader.locator(rail).count()).toBe(1);
    await expect.poll(() => loaded(rail), { timeout: 30_000 }).toBe(true);
    expect(await reader.locator('.featured-stories').getByRole('link', { name: HEADLINE }).count()).toBe(1);
    await expectAccessible(reader, 'home page');
  });

  it('a picture pasted into the text is uploaded and put into it, the words kept', async () => {
    await page.goto(`${site.url}/admin/stories/new`);
    const text = page.getByRole('textbox', { name: 'Story' });
    await text.click();
    await page.keyboard.type('A screenshot of the tide table follows.');
    const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#336699' } }).png().toBuffer();
    await page.locator('.editor-content').evaluate((target, bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'tide-table.png', { type: 'image/png' }));
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, [...png]);
    await expect.poll(() => page.locator('.upload-progress li').first().textContent(), { timeout: 30_000 }).toBe('tide-table.png: uploaded');
    await expect.poll(() => page.locator('.editor-content img[data-media-id]').count()).toBe(1);
    expect(await page.locator('.editor-content p').first().textContent()).toBe('A screenshot of the tide table follows.');
    expect(await cardOf('tide-table.png').count()).toBe(1);
  });

  it('met no Content Security Policy refusal on the way', () => {
    expect(cspViolations).toEqual([]);
  });
});
