import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { runCli } from '../../src/cli/main.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * Editions described by the newsroom, not only presets: an admin adds one with the Settings page's form and
 * changes what an edition is (name, language, direction, clock, calendar, digits); an operator adds one with
 * `dateline edition add`. Readers get the new edition's pages at once and the changed dates on kept pages;
 * bad values are refused at their field, and editors, who do not run the site, are refused and change nothing.
 */
describe.each(testEngines())('editions managed in the newsroom on %s', (engine) => {
  let site: TestSite;
  let admin: SignedInAgent;
  let editor: SignedInAgent;

  const portuguese = {
    code: 'pt',
    name: 'Português',
    language: 'pt-PT',
    direction: 'ltr',
    timeZone: 'Europe/Lisbon',
    datelineFormat: "EEEE, d 'de' MMMM 'de' yyyy - HH:mm",
    dateFormat: "d 'de' MMMM 'de' yyyy",
    calendar: '',
    numberingSystem: '',
  };

  async function editionRows(): Promise<string> {
    const db = site.services.database.db;
    const [editions, audit] = await Promise.all([db.selectFrom('editions').selectAll().orderBy('code').execute(), db.selectFrom('audit_log').select('id').orderBy('id').execute()]);
    return JSON.stringify({ editions, audit });
  }

  beforeAll(async () => {
    site = await startTestSite(engine);
    await site.services.editions.ensure('fa');
    [admin, editor] = await Promise.all([signInAs(site, 'admin'), signInAs(site, 'editor')]);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('adds an edition from the Settings page: its home answers in its language at once', async () => {
    const form = decodeHtml(await admin.html('/admin/settings/editions/new'));
    expect(form).toContain('<h1>Add an edition</h1>');
    expect(form).toContain('<option value="Asia/Tehran">Asia/Tehran</option>');

    const added = await admin.post('/admin/settings/editions', portuguese);
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/admin/settings?notice=added&edition=pt#edition-pt');
    expect(visibleText(await admin.html('/admin/settings?notice=added&edition=pt'))).toContain('The edition Português was added.');

    const home = await site.get('/pt/');
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/<html lang="pt-PT" dir="ltr"/u);
    // Every page lists the editions: a page kept before the new edition links to it now.
    await site.app.pagesSettled();
    expect(await (await site.get('/en/')).text()).toContain('href="/pt/"');
    const audit = await site.services.database.db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('action', '=', 'edition.created').executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(admin.user.id);
    expect(JSON.parse(audit.details)).toMatchObject({ name: 'Português', timeZone: 'Europe/Lisbon' });
  });

  it('refuses a taken, reserved or malformed code and a wrong time zone or format, at the field, keeping what was typed', async () => {
    const before = await editionRows();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ code: 'en' }, 'edition-code', 'there is already an edition "en".'],
      [{ code: 'api' }, 'edition-code', '"api" is the start of one of the site\'s own addresses; choose another.'],
      [{ code: 'Portuguese!' }, 'edition-code', 'two or three letters, optionally a hyphen and a region or variant, like "pt" or "pt-br".'],
      [{ code: 'gl', timeZone: 'Mars/Olympus' }, 'edition-time-zone', '"Mars/Olympus" is not a time zone (like "Asia/Tehran").'],
      [{ code: 'gl', dateFormat: "'Today'" }, 'edition-date-format', `"'Today'" writes no date (use tokens such as d, MMMM and yyyy; quote words in '…').`],
      [{ code: 'gl', language: 'not a language' }, 'edition-language', '"not a language" is not a language tag (like "fa" or "pt-BR").'],
    ];
    for (const [change, fieldId, message] of cases) {
      const response = await admin.post('/admin/settings/editions', { ...portuguese, name: 'Galego', ...change });
      expect(response.status, JSON.stringify(change)).toBe(422);
      const html = decodeHtml(await response.text());
      expect(html).toContain(`<a href="#${fieldId}">${message}</a>`);
      expect(html).toContain('value="Galego"');
    }
    expect(await editionRows()).toBe(before);
  });

  it('changes an edition’s calendar and digits: its kept story pages show the new dates', async () => {
    const saved = await site.services.stories.save({
      editionCode: 'fa',
      headline: 'باران در تهران',
      body: [paragraph('باران امروز در تهران بارید.')],
      status: 'published',
      publishedAt: '2020-11-20T08:14:00.000Z',
    });
    const path = `/fa/news/${saved.code}/${encodeURIComponent(saved.slug)}`;
    expect(visibleText(await (await site.get(path)).text())).toContain('جمعه ۳۰ آبان ۱۳۹۹ - ۱۱:۴۴');

    const form = decodeHtml(await admin.html('/admin/settings/editions/fa/details'));
    expect(form).toContain('<option value selected>The language’s own (persian)</option>');
    const fa = site.services.editions.get('fa');
    const response = await admin.post('/admin/settings/editions/fa/details', {
      name: fa.name,
      language: fa.language,
      direction: fa.direction,
      timeZone: fa.timeZone,
      datelineFormat: fa.datelineFormat,
      dateFormat: fa.dateFormat,
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/settings?notice=details&edition=fa#edition-fa');
    await site.app.pagesSettled();
    expect(visibleText(await (await site.get(path)).text())).toContain('جمعه 20 نوامبر 2020 - 11:44');
  });

  it('gives the story editor’s fields the language and direction of the story’s edition', async () => {
    const draft = await site.services.storyWorkflow.createDraft({ editionCode: 'fa', headline: 'پیش‌نویس', body: [paragraph('متن.')] }, { kind: 'command-line' });
    const html = await admin.html(`/admin/stories/${draft.id}`);
    for (const id of ['headline', 'teaser', 'body', 'tags', 'authors', 'seoTitle', 'seoDescription']) {
      expect(html, id).toMatch(new RegExp(`id="${id}"[^>]* lang="fa" dir="rtl"`, 'u'));
    }
    const english = await admin.html('/admin/stories/new?edition=en');
    expect(english).toMatch(/id="headline"[^>]* lang="en" dir="ltr"/u);
  });

  it('refuses editors, who change nothing', async () => {
    const before = await editionRows();
    expect((await editor.get('/admin/settings/editions/new')).status).toBe(403);
    expect((await editor.get('/admin/settings/editions/en/details')).status).toBe(403);
    expect((await editor.post('/admin/settings/editions', { ...portuguese, code: 'gl', name: 'Galego' })).status).toBe(403);
    expect((await editor.post('/admin/settings/editions/en/details', { ...portuguese, name: 'Hijacked' })).status).toBe(403);
    expect(await editionRows()).toBe(before);
  });

  it('adds an edition from the command line, the rest from its language, and names a wrong flag in one line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const url = site.database.url;
    expect(await runCli(['node', 'dateline', 'edition', 'add', 'ur', '--time-zone', 'Asia/Karachi', '--database-url', url], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out.join('\n')).toBe('added the edition ur “اردو” (ur, rtl, Asia/Karachi) at /ur/');
    expect(await runCli(['node', 'dateline', 'edition', 'add', 'gl', '--time-zone', 'Nowhere/City', '--database-url', url], (l) => out.push(l), (l) => err.push(l))).toBe(1);
    expect(err).toEqual(['dateline: timeZone: "Nowhere/City" is not a time zone (like "Asia/Tehran").']);
    await expect.poll(async () => (await site.get('/ur/')).status, { timeout: 5000 }).toBe(200);
  });
});
