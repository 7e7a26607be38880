import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { stripControlCharacters } from '../../src/content/control-characters.ts';
import { dropXmlIllegalCharacters } from '../../src/modules/feeds/write-feed.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { checkWellFormedXml, hasXmllint, toolAvailable } from '../support/external-validators.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * One invisible control character in one story used to make a whole edition's RSS and Atom feeds
 * not well-formed. The newsroom's edge now strips them from every text field, and the feed writer
 * drops whatever XML forbids in case one arrives another way.
 */

const BELL = '\u0007';
const NUL = '\u0000';
const VT = '\u000b';
const US = '\u001f';
const C1 = '\u0085';
// eslint-disable-next-line no-control-regex -- looking for the characters the site must not keep.
const ANY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

const runsXmllint = toolAvailable('xmllint', hasXmllint, 'apt-get install libxml2-utils');

function storyId(response: Response): number {
  const id = /\/admin\/stories\/(\d+)/.exec(response.headers.get('location') ?? '')?.[1];
  if (!id) throw new Error(`no story id in ${response.status} ${response.headers.get('location')}`);
  return Number(id);
}

async function expectWellFormedFeeds(site: TestSite, headline: string): Promise<void> {
  for (const path of ['/en/feed.xml', '/en/feed.atom']) {
    const response = await site.get(path);
    expect(response.status, path).toBe(200);
    const xml = await response.text();
    expect(xml, path).toContain(headline);
    expect(ANY_CONTROL.test(xml), `${path} carries a control character`).toBe(false);
    if (runsXmllint) {
      const checked = checkWellFormedXml(xml);
      expect(checked.isValid, `${path}: ${checked.output}`).toBe(true);
    }
  }
}

describe('stripping control characters', () => {
  it('keeps tabs and line breaks, and removes every other C0 character, DEL and C1', () => {
    expect(stripControlCharacters(`Harbour${BELL} Bridge${NUL}\tReopens\r\nOn${VT} Monday${US}${C1}\u007f`)).toBe('Harbour Bridge\tReopens\r\nOn Monday');
    expect(stripControlCharacters('فارسی — עברית — 日本語 😀')).toBe('فارسی — עברית — 日本語 😀');
  });

  it('lets the feed writer drop what XML forbids, raw or as a character reference', () => {
    expect(dropXmlIllegalCharacters(`<title>Bridge${BELL}&#7;&#x1F; &#x9;&amp; ok &#8212;</title>`)).toBe('<title>Bridge &#x9;&amp; ok &#8212;</title>');
  });
});

describe.each(testEngines())('control characters from the newsroom on %s', (engine) => {
  let site: TestSite;
  let editor: SignedInAgent;

  beforeAll(async () => {
    site = await startTestSite(engine);
    await site.services.database.db.updateTable('editions').set({ feed_full_text: 1 }).where('code', '=', 'en').execute();
    await site.services.editions.load();
    editor = await signInAs(site, 'editor');
  });

  afterAll(async () => {
    await site?.close();
  });

  it('a story written in the story form with control characters is stored without them, and its feeds are well-formed', async () => {
    const created = await editor.post('/admin/stories', {
      editionCode: 'en',
      headline: `Harbour${BELL} Bridge${NUL} Reopens`,
      teaser: `Traffic${VT} flows again${US}.`,
      bodyText: `The bridge${BELL} reopened on Monday.\n\nCyclists${C1} returned first.`,
      tags: `Transport${BELL}, Harbour`,
      seoTitle: `Bridge${NUL} reopens`,
    });
    expect(created.status).toBe(303);
    const id = storyId(created);
    expect((await editor.post(`/admin/stories/${id}/publish`)).status).toBe(303);

    const row = await site.services.database.db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([row.headline, row.teaser, row.seo_title]).toEqual(['Harbour Bridge Reopens', 'Traffic flows again.', 'Bridge reopens']);
    expect(ANY_CONTROL.test(JSON.stringify(row))).toBe(false);
    await expectWellFormedFeeds(site, 'Harbour Bridge Reopens');
  });

  it('the editor’s JSON (autosave and the form’s bodyJson) loses them too, escaped or not', async () => {
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `Ferries${BELL} resumed${NUL} at dawn.` }] }] };
    const saved = await editor.api('POST', '/api/admin/stories', { fields: { editionCode: 'en', headline: `Ferry${VT} Service Resumes` }, body: doc });
    expect(saved.status).toBe(201);
    const { id } = (await saved.json()) as { id: number };
    const viaForm = await editor.post('/admin/stories', { editionCode: 'en', headline: 'Tram Line Extended', bodyJson: JSON.stringify(doc) });
    expect(viaForm.status).toBe(303);
    for (const storyIdToCheck of [id, storyId(viaForm)]) {
      const row = await site.services.database.db.selectFrom('stories').selectAll().where('id', '=', storyIdToCheck).executeTakeFirstOrThrow();
      expect(ANY_CONTROL.test(JSON.stringify(row)), row.headline).toBe(false);
      expect(row.body).toContain('Ferries resumed at dawn.');
    }
  });

  it('corrections and people’s names lose them as well', async () => {
    const admin = await signInAs(site, 'admin');
    const story = await site.services.stories.save({ editionCode: 'en', headline: 'Night Buses Return', body: [paragraph('Night buses return.')], status: 'published', publishedAt: '2021-03-02T07:05:00.000Z' });
    expect((await admin.post(`/admin/stories/${story.id}/notes`, { kind: 'correction', text: `An earlier version${BELL} gave the wrong date.` })).status).toBe(303);
    const note = await site.services.database.db.selectFrom('story_notes').select('text').where('story_id', '=', story.id).executeTakeFirstOrThrow();
    expect(note.text).toBe('An earlier version gave the wrong date.');

    expect((await admin.post('/admin/people', { email: 'bell@dateline.test', displayName: `Bea${BELL} Bell`, role: 'author' })).status).toBe(201);
    expect((await site.services.users.findByEmail('bell@dateline.test'))?.displayName).toBe('Bea Bell');
  });

  it('a story that reached the database with control characters another way still yields well-formed feeds', async () => {
    // No NUL here: PostgreSQL refuses it in text, so no story can hold one there.
    await site.services.stories.save({
      editionCode: 'en',
      headline: `Tunnel${BELL} Closes${US} For Repairs`,
      teaser: `Work\u0001 starts tonight.`,
      body: [paragraph(`Crews${VT} will work overnight.`)],
      status: 'published',
      publishedAt: '2021-03-03T07:05:00.000Z',
    });
    await expectWellFormedFeeds(site, 'Tunnel Closes For Repairs');
  });
});
