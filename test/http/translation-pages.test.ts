import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { NEWSROOM_PAGE_SIZE } from '../../src/modules/newsroom/index.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The translations view pages as the story list does (issue 17): a page of stories at a time, newest published
 * first, links to the pages either side that keep the pair of editions, and a caption that counts them all.
 */

const MISSING = NEWSROOM_PAGE_SIZE + 5;

/** The story codes of the rows a translations page lists, in order. */
function listedCodes(html: string): number[] {
  return [...html.matchAll(/<tr id="translation-(\d+)"/g)].map((m) => Number(m[1]));
}

function paginationOf(html: string): string {
  return decodeHtml(/<nav class="pagination"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '');
}

describe.each(testEngines())('the translations view’s pages on %s', (engine) => {
  let site: TestSite;
  let editor: SignedInAgent;
  let persianEditor: SignedInAgent;
  const missingCodes: number[] = [];
  let translatedCode = 0;

  beforeAll(async () => {
    site = await startTestSite(engine, { clock: new ManualClock('2025-06-02T08:00:00.000Z') });
    await site.services.editions.ensure('es');
    const workflow = site.services.storyWorkflow;
    for (let i = 1; i <= MISSING + 1; i++) {
      const draft = await workflow.createDraft({ editionCode: 'en', headline: `Council Budget Vote ${i}`, body: [paragraph(`The council votes on budget line ${i} tonight.`)] }, commandLineActor);
      const { story } = await workflow.publish(draft.id, commandLineActor);
      if (i === 1) {
        // Translated and current: the view leaves it out, and the count does not include it.
        await workflow.translate(story.id, 'es', commandLineActor);
        translatedCode = story.code;
      } else {
        missingCodes.push(story.code);
      }
    }
    [editor, persianEditor] = await Promise.all([signInAs(site, 'editor'), signInAs(site, 'editor')]);
    expect((await persianEditor.post('/admin/account', { newsroomLanguage: 'fa' })).status).toBe(303);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('lists a page at a time, counts every story in the caption, and walks to the last page and back', async () => {
    const english = site.services.editions.get('en').name;
    const spanish = site.services.editions.get('es').name;

    const first = await editor.html('/admin/translations?from=en&to=es');
    const firstCodes = listedCodes(first);
    expect(firstCodes).toHaveLength(NEWSROOM_PAGE_SIZE);
    expect(visibleText(first)).toContain(`${MISSING} stories of ${english} to translate into ${spanish}`);
    const firstNav = paginationOf(first);
    expect(firstNav).toContain('Page 1 of 2');
    expect(firstNav).toContain('<a href="/admin/translations?from=en&to=es&page=2">Published earlier</a>');
    expect(firstNav).not.toContain('Published more recently');

    const second = await editor.html('/admin/translations?from=en&to=es&page=2');
    const secondCodes = listedCodes(second);
    expect(secondCodes).toHaveLength(MISSING - NEWSROOM_PAGE_SIZE);
    expect(visibleText(second)).toContain(`${MISSING} stories of ${english} to translate into ${spanish}`);
    const secondNav = paginationOf(second);
    expect(secondNav).toContain('Page 2 of 2');
    expect(secondNav).toContain('<a href="/admin/translations?from=en&to=es">Published more recently</a>');
    expect(secondNav).not.toContain('Published earlier');

    // Every missing story once, newest published first across the pages; the current translation on none.
    expect([...firstCodes, ...secondCodes]).toEqual([...missingCodes].reverse());
    expect([...firstCodes, ...secondCodes]).not.toContain(translatedCode);
  });

  it('answers a page past the last, or one that is not a number, with 404', async () => {
    expect((await editor.get('/admin/translations?from=en&to=es&page=3')).status).toBe(404);
    expect((await editor.get('/admin/translations?from=en&to=es&page=two')).status).toBe(404);
  });

  it('says the pages in Persian for a person who reads the newsroom in Persian', async () => {
    const page = await persianEditor.html('/admin/translations?from=en&to=es');
    const nav = paginationOf(page);
    expect(nav).toContain('صفحهٔ ۱ از ۲');
    expect(nav).toContain('منتشرشده‌های قدیمی‌تر');
    expect(visibleText(page)).toContain(`${MISSING.toLocaleString('fa')} خبر از`);
  });
});
