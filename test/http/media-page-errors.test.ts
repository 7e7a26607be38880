import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml } from '../support/html-text.ts';
import { pdfDocument, plainJpeg } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The picture pages say what went wrong as every newsroom form does: the shared error summary at the top,
 * each problem a link to the control (or list) to fix, which the page really has.
 */

interface SummaryItem {
  href: string;
  text: string;
}

/** The error summary's links; fails when the page has none. */
function errorSummary(html: string): { title: string; items: SummaryItem[] } {
  const block = /<div class="error-summary" role="alert"[^>]*>([\s\S]*?)<\/div>/u.exec(html)?.[1];
  if (block === undefined) throw new Error('the page has no error summary');
  return {
    title: decodeHtml(/<h2 id="error-summary-title">([^<]*)<\/h2>/u.exec(block)?.[1] ?? ''),
    items: [...block.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/gu)].map((m) => ({ href: decodeHtml(m[1] ?? ''), text: decodeHtml(m[2] ?? '') })),
  };
}

/** The element a `#id` link lands on, as markup from its opening tag. */
function target(html: string, href: string): string {
  const id = href.replace(/^#/u, '');
  const at = html.search(new RegExp(`<[a-z0-9]+ [^>]*id="${id}"`, 'u'));
  return at === -1 ? '' : html.slice(at, html.indexOf('>', at) + 1);
}

describe.each(testEngines())('the picture pages’ error summary on %s', (engine) => {
  let site: TestSite;
  let author: SignedInAgent;
  let editor: SignedInAgent;

  beforeAll(async () => {
    site = await startTestSite(engine);
    author = await signInAs(site, 'author');
    editor = await signInAs(site, 'editor');
  });

  afterAll(async () => {
    await site?.close();
  });

  it('a refused upload sent without script is listed at the top, linking to the file chooser', async () => {
    const form = new FormData();
    form.append('_csrf', await author.csrfToken());
    form.append('files', new Blob([new Uint8Array(pdfDocument())], { type: 'image/jpeg' }), 'report.jpg');
    const response = await author.request('/admin/media', { method: 'POST', body: form, headers: { accept: 'text/html' } });
    expect(response.status).toBe(415);
    const html = await response.text();
    const summary = errorSummary(html);
    expect(summary.title).toBe('There is a problem');
    expect(summary.items).toHaveLength(1);
    expect(summary.items[0]?.text).toContain('report.jpg: This file is not a picture the site accepts');
    expect(summary.items[0]?.href).toBe('#field-files');
    expect(target(html, '#field-files')).toMatch(/^<input [^>]*type="file"/u);
  });

  it('a form sent without a file links to the file chooser', async () => {
    const form = new FormData();
    form.append('_csrf', await author.csrfToken());
    form.append('alt', 'A picture nobody chose');
    const response = await author.request('/admin/media', { method: 'POST', body: form, headers: { accept: 'text/html' } });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(errorSummary(html).items.map((i) => i.href)).toEqual(['#field-files']);
  });

  it('a refused change of a picture’s details links to the field, which is marked and says why', async () => {
    const picture = await site.services.media.add(commandLineActor, { bytes: await plainJpeg(800, 600), fileName: 'harbour.jpg' }, { alt: 'The harbour at dawn' });
    const response = await editor.post(`/admin/media/${picture.id}`, { alt: 'The harbour at dawn', caption: '', credit: 'Ana Ruiz', licence: '', sourceUrl: 'not a web address', focalX: '50', focalY: '50' });
    expect(response.status).toBe(422);
    const html = await response.text();
    const summary = errorSummary(html);
    expect(summary.items).toEqual([{ href: '#field-sourceUrl', text: 'The source must be a web address (https://…), or left empty.' }]);
    const field = target(html, '#field-sourceUrl');
    expect(field).toMatch(/^<input /u);
    expect(field).toContain('aria-invalid="true"');
    expect(field).toContain('aria-describedby="field-sourceUrl-error"');
    expect(decodeHtml(html)).toContain('<p id="field-sourceUrl-error" class="field-error">The source must be a web address');
    // What was typed stays in the form.
    expect(decodeHtml(html)).toContain('value="Ana Ruiz"');
    expect((await site.services.media.get(picture.id)).credit).toBe('');
  });

  it('a refused deletion links to the stories still showing the picture', async () => {
    const picture = await site.services.media.add(commandLineActor, { bytes: await plainJpeg(800, 600), fileName: 'ferry.jpg' }, { alt: 'The ferry leaving' });
    await site.services.stories.save({ editionCode: 'en', headline: 'Ferry Keeps Its Winter Timetable', body: [paragraph('The ferry keeps its timetable.')], status: 'published', publishedAt: new Date().toISOString(), leadMediaId: picture.id });
    const response = await editor.post(`/admin/media/${picture.id}/delete`);
    expect(response.status).toBe(409);
    const html = await response.text();
    const summary = errorSummary(html);
    expect(summary.items).toHaveLength(1);
    expect(summary.items[0]?.text).toBe('This picture is still shown by the story: “Ferry Keeps Its Winter Timetable” (en). Take it out of it first.');
    expect(summary.items[0]?.href).toBe('#picture-uses');
    expect(target(html, '#picture-uses')).toMatch(/^<section /u);
    expect(await site.services.media.find(picture.id)).toBeDefined();
  });
});
