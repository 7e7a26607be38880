import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import type { Picture } from '../../src/modules/media/index.ts';
import { createUser, signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { decodeHtml, visibleText } from '../support/html-text.ts';
import { pdfDocument, plainJpeg } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The refusals of the picture library, of sections and tags, of the edition's pages and of comment settings
 * speak the newsroom language each person chose (issue 17): sentences whole in each language, numbers in its
 * digits, lists joined as it joins them. People who read the newsroom in English keep its English words, and
 * staff automation with an admin key gets English problem details whatever its person reads.
 */

/** The texts of the error summary's links, as a person reads them. */
function summaryItems(html: string): string[] {
  const block = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/u.exec(html)?.[1] ?? '';
  return [...block.matchAll(/<a href="[^"]*">([^<]*)<\/a>/gu)].map((m) => decodeHtml(m[1] ?? ''));
}

describe.each(testEngines())('refusals of pictures, sections, pages and comment settings in the person’s language on %s', (engine) => {
  let site: TestSite;
  const people = {} as Record<'fa' | 'es' | 'ar' | 'en', SignedInAgent>;

  /** An editor who reads the newsroom in `language` (English: as their browser asks, which is none). */
  async function editorReading(language: 'fa' | 'es' | 'ar' | 'en', role: Role = 'editor'): Promise<SignedInAgent> {
    const agent = await signInAs(site, role);
    if (language !== 'en') expect((await agent.post('/admin/account', { newsroomLanguage: language })).status).toBe(303);
    return agent;
  }

  async function uploadPdf(agent: SignedInAgent): Promise<Response> {
    const form = new FormData();
    form.append('_csrf', await agent.csrfToken());
    form.append('files', new Blob([new Uint8Array(pdfDocument())], { type: 'image/jpeg' }), 'report.jpg');
    return agent.request('/admin/media', { method: 'POST', body: form, headers: { accept: 'text/html' } });
  }

  /** A picture shown as the lead of each of these published stories. */
  async function pictureShownBy(headlines: string[]): Promise<Picture> {
    const picture = await site.services.media.add(commandLineActor, { bytes: await plainJpeg(640, 480), fileName: 'quay.jpg' }, { alt: 'The quay at low tide' });
    for (const headline of headlines) {
      await site.services.stories.save({ editionCode: 'en', headline, body: [paragraph('The quay reopens.')], status: 'published', publishedAt: new Date().toISOString(), leadMediaId: picture.id });
    }
    return picture;
  }

  beforeAll(async () => {
    site = await startTestSite(engine);
    await site.services.stories.save({ editionCode: 'en', headline: 'Floods Reach the Coast', body: [paragraph('The river rose overnight.')], status: 'published', publishedAt: '2026-11-20T09:00:00.000Z', section: { name: 'World' }, authors: ['Sam Roe'] });
    for (const language of ['fa', 'es', 'ar', 'en'] as const) people[language] = await editorReading(language);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('refuses a file that is not a picture in Persian and in Spanish, naming what it is, and in English for English readers', async () => {
    const persian = await uploadPdf(people.fa);
    expect(persian.status).toBe(415);
    expect(summaryItems(await persian.text())).toEqual(['report.jpg: این پرونده تصویری نیست که سایت بپذیرد (یک سند PDF است)؛ یک JPEG، PNG، WebP، AVIF یا GIF ثابت بارگذاری کنید.']);

    const spanish = await uploadPdf(people.es);
    expect(summaryItems(await spanish.text())).toEqual(['report.jpg: Este archivo no es una imagen que el sitio acepte (es un documento PDF): sube un JPEG, PNG, WebP, AVIF o GIF fijo.']);

    const english = await uploadPdf(people.en);
    expect(summaryItems(await english.text())).toEqual(['report.jpg: This file is not a picture the site accepts (it is a PDF document): upload a JPEG, PNG, WebP, AVIF or still GIF.']);
    expect(await site.services.media.list({ q: 'report' })).toMatchObject({ total: 0 });
  });

  it('refuses to delete a picture stories still show, counting and listing them as each language does', async () => {
    const two = await pictureShownBy(['Quay Reopens', 'Tide Tables Change']);
    const persian = await people.fa.post(`/admin/media/${two.id}/delete`);
    expect(persian.status).toBe(409);
    // Persian digits for the count; the newest story first, joined with «و».
    expect(summaryItems(await persian.text())).toEqual(['این تصویر هنوز در ۲ خبر نشان داده می‌شود: «Tide Tables Change» (en) و «Quay Reopens» (en). نخست آن را از این خبرها بردارید.']);
    const spanish = await people.es.post(`/admin/media/${two.id}/delete`);
    expect(summaryItems(await spanish.text())).toEqual(['Esta imagen aparece todavía en 2 noticias: «Tide Tables Change» (en) y «Quay Reopens» (en). Quítala antes de ellas.']);
    const english = await people.en.post(`/admin/media/${two.id}/delete`);
    expect(summaryItems(await english.text())).toEqual(['This picture is still shown by 2 stories: “Tide Tables Change” (en) and “Quay Reopens” (en). Take it out of them first.']);

    // Arabic says three with its "few" form, and one story with the story's own words.
    const three = await pictureShownBy(['Boats Return', 'Fish Market Opens', 'Lighthouse Lit']);
    const arabic = await people.ar.post(`/admin/media/${three.id}/delete`);
    expect(summaryItems(await arabic.text())).toEqual(['لا تزال هذه الصورة معروضة في 3 أخبار: «Lighthouse Lit» (en) و«Fish Market Opens» (en) و«Boats Return» (en). أزلها منها أولًا.']);
    const one = await pictureShownBy(['Storm Warning Lifted']);
    const arabicOne = await people.ar.post(`/admin/media/${one.id}/delete`);
    expect(summaryItems(await arabicOne.text())).toEqual(['لا تزال هذه الصورة معروضة في الخبر «Storm Warning Lifted» (en). أزلها منه أولًا.']);

    for (const picture of [two, three, one]) expect(await site.services.media.find(picture.id)).toBeDefined();
  });

  it('refuses a picture detail at its field in the person’s language', async () => {
    const picture = await site.services.media.add(commandLineActor, { bytes: await plainJpeg(640, 480), fileName: 'pier.jpg' }, { alt: 'The pier' });
    const details = { alt: 'The pier', caption: '', credit: '', licence: '', focalX: '50', focalY: '50' };
    const persian = await people.fa.post(`/admin/media/${picture.id}`, { ...details, sourceUrl: 'not a web address' });
    expect(persian.status).toBe(422);
    expect(summaryItems(await persian.text())).toEqual(['نشانی منبع باید یک نشانی وب (https://…) باشد، یا خالی بماند.']);
    const spanish = await people.es.post(`/admin/media/${picture.id}`, { ...details, alt: 'x'.repeat(1001), sourceUrl: '' });
    expect(summaryItems(await spanish.text())).toEqual(['El texto alternativo tiene más de 1000 caracteres.']);
  });

  it('refuses a section name or address in the person’s language, without the field’s code name in front', async () => {
    const taken = await people.fa.post('/admin/sections?edition=en', { name: 'Worldwide', slug: 'world', inNavigation: 'on' });
    expect(taken.status).toBe(409);
    expect(summaryItems(await taken.text())).toEqual(['«World» از پیش نشانی «world» را دارد؛ نشانی دیگری برگزینید.']);

    const empty = await people.es.post('/admin/sections?edition=en', { name: '  ', inNavigation: 'on' });
    expect(empty.status).toBe(422);
    expect(summaryItems(await empty.text())).toEqual(['Escribe un nombre.']);

    const englishEmpty = await people.en.post('/admin/sections?edition=en', { name: '  ', inNavigation: 'on' });
    expect(summaryItems(await englishEmpty.text())).toEqual(['Write a name.']);
    expect((await site.services.taxonomy.listSections('en')).map((section) => section.name)).not.toContain('Worldwide');
  });

  it('refuses an author’s profile links line by line, the line number in the language’s digits', async () => {
    const author = (await site.services.taxonomy.listAuthors({ query: 'Sam Roe' })).items[0];
    expect(author?.name).toBe('Sam Roe');
    const refused = await people.fa.post(`/admin/authors/${author?.id ?? 0}`, { name: 'Sam Roe', slug: '', bio: '', photo: '', links: 'Website https://example.org\nFeed ftp://example.org/feed' });
    expect(refused.status).toBe(422);
    expect(summaryItems(await refused.text())).toEqual(['سطر ۲ باید با https:// یا http:// آغاز شود.']);
  });

  it('refuses a page address the site uses, and a footer line without an address, in the person’s language', async () => {
    const reserved = await people.fa.post('/admin/pages?edition=en', { title: 'Our news', bodyText: 'Words.', slug: 'news', state: 'draft' });
    expect(reserved.status).toBe(422);
    expect(summaryItems(await reserved.text())).toEqual(['«news» آغاز یکی از نشانی‌های خود سایت است؛ نشانی دیگری برگزینید.']);
    const spanish = await people.es.post('/admin/pages?edition=en', { title: 'Our news', bodyText: 'Words.', slug: 'news', state: 'draft' });
    expect(summaryItems(await spanish.text())).toEqual(['«news» es el comienzo de una de las direcciones propias del sitio; elige otra.']);
    const english = await people.en.post('/admin/pages?edition=en', { title: 'Our news', bodyText: 'Words.', slug: 'news', state: 'draft' });
    expect(summaryItems(await english.text())).toEqual(['“news” starts one of the site’s own addresses; choose another.']);

    const footer = await people.es.post('/admin/pages/footer?edition=en', { links: 'Sobre nosotros /en/about\nRoto javascript:alert(1)' });
    expect(footer.status).toBe(422);
    expect(visibleText(await footer.text())).toContain('La línea 2 necesita una dirección después de la etiqueta: https://…, mailto:… o una ruta de este sitio como /en/about.');
    expect((await site.services.sitePages.list('en')).map((page) => page.title)).not.toContain('Our news');
  });

  it('refuses comment settings and an unknown banned word in the person’s language', async () => {
    const section = (await site.services.taxonomy.listSections('en')).find((s) => s.name === 'World');
    expect(section).toBeDefined();
    const path = `/admin/comments/settings/sections/${section?.id ?? 0}`;
    const persian = await people.fa.post(path, { policy: 'post_moderated', closeDays: '0' });
    expect(persian.status).toBe(422);
    expect(summaryItems(await persian.text())).toEqual(['شمار روزها را به عددی درست از ۱ تا ۳٬۶۵۰ بنویسید، یا خالی بگذارید.']);
    const spanish = await people.es.post(path, { policy: 'everything goes', closeDays: '' });
    expect(summaryItems(await spanish.text())).toEqual(['Elige una de las políticas.']);
    const english = await people.en.post(path, { policy: 'post_moderated', closeDays: '0' });
    expect(summaryItems(await english.text())).toEqual(['Enter a whole number of days from 1 to 3,650, or nothing.']);

    const moderator = await editorReading('fa', 'moderator');
    const unknownWord = await moderator.post('/admin/comments/banned-words/remove', { word: 'hovercraft' });
    expect(unknownWord.status).toBe(404);
    expect(visibleText(await unknownWord.text())).toContain('«hovercraft» واژهٔ ممنوع نیست.');
  });

  it('answers staff automation with an admin key in English, whatever language its person reads the newsroom in', async () => {
    const { user } = await createUser(site, 'editor', { displayName: 'Photo Desk Robot' });
    await site.services.users.chooseNewsroomLanguage(user, 'fa');
    const { token } = await site.services.apiKeys.create(commandLineActor, { name: 'Photo desk', scope: 'admin', allowedOrigins: [], requestsPerMinute: 600, actsAsUserId: user.id });
    const form = new FormData();
    form.append('alt', 'A report');
    form.append('file', new Blob([new Uint8Array(pdfDocument())], { type: 'image/jpeg' }), 'report.jpg');
    const response = await site.get('/api/admin/media', { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'accept-language': 'fa' } });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: 'MEDIA_TYPE_REFUSED', field: 'file', detail: 'This file is not a picture the site accepts (it is a PDF document): upload a JPEG, PNG, WebP, AVIF or still GIF.' });
  });
});
