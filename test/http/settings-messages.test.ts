import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import type { ShippedLanguage } from '../../src/config/messages/index.ts';
import { signInAs, type SignedInAgent } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { visibleText } from '../support/html-text.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

/**
 * The refusals of the Settings area (editions, API keys, webhooks), the audit log's filters, corrections and
 * curation speak the newsroom language each person chose (issue 17): Persian with its digits and «» quotes,
 * Spanish, an Arabic count in its own plural form, and English unchanged for those who read it.
 */

describe.each(testEngines())('settings, audit, correction and curation refusals in the person’s language on %s', (engine) => {
  let site: TestSite;
  const admins = new Map<ShippedLanguage, SignedInAgent>();
  let made = 0;

  beforeAll(async () => {
    site = await startTestSite(engine);
    await signInAs(site, 'owner');
    for (const language of ['fa', 'es', 'ar', 'en'] as const) {
      const admin = await signInAs(site, 'admin');
      if (language !== 'en') expect((await admin.post('/admin/account', { newsroomLanguage: language })).status).toBe(303);
      admins.set(language, admin);
    }
  });

  afterAll(async () => {
    await site?.close();
  });

  function as(language: ShippedLanguage): SignedInAgent {
    const admin = admins.get(language);
    if (!admin) throw new Error(`no admin reading the newsroom in ${language}`);
    return admin;
  }

  /** Posts a form and answers the status and the page's visible text. */
  async function refusal(language: ShippedLanguage, path: string, form: Record<string, string>): Promise<{ status: number; text: string }> {
    const response = await as(language).post(path, form);
    return { status: response.status, text: visibleText(await response.text()) };
  }

  async function publishedStory(headline: string, status: 'published' | 'draft' = 'published') {
    made++;
    return site.services.stories.save({
      editionCode: 'en',
      headline,
      body: [paragraph(`${headline}: the report, paragraph ${made}.`)],
      status,
      publishedAt: status === 'published' ? `2025-03-${String(10 + made).padStart(2, '0')}T09:00:00.000Z` : null,
    });
  }

  const newEdition = {
    name: 'Galego',
    language: 'gl',
    direction: 'ltr',
    timeZone: 'Europe/Madrid',
    datelineFormat: 'd MMMM yyyy - HH:mm',
    dateFormat: 'd MMMM yyyy',
    calendar: '',
    numberingSystem: '',
  };

  it('names an edition’s wrong field in Persian and Spanish, and in English for English readers', async () => {
    const taken = await refusal('fa', '/admin/settings/editions', { ...newEdition, code: 'en' });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('نسخهٔ «en» از پیش وجود دارد.');

    const zone = await refusal('es', '/admin/settings/editions', { ...newEdition, code: 'gl', timeZone: 'Mars/Olympus' });
    expect(zone.status).toBe(422);
    expect(zone.text).toContain('«Mars/Olympus» no es una zona horaria (como «Asia/Tehran»).');

    const tagline = await refusal('fa', '/admin/settings/editions/en/details', { ...newEdition, name: 'English', language: 'en', tagline: 'x'.repeat(161) });
    expect(tagline.status).toBe(422);
    expect(tagline.text).toContain('حداکثر ۱۶۰ نویسه.');

    const english = await refusal('en', '/admin/settings/editions', { ...newEdition, code: 'en' });
    expect(english.status).toBe(422);
    expect(english.text).toContain('there is already an edition "en".');
    expect(site.services.editions.find('gl')).toBeUndefined();
  });

  it('refuses an API key in Persian, Spanish and Arabic, counting characters in each language’s plural form', async () => {
    const origin = await refusal('fa', '/admin/settings/api-keys', { name: 'Mobile app', scope: 'content', allowedOrigins: 'app.example', requestsPerMinute: '600' });
    expect(origin.status).toBe(422);
    expect(origin.text).toContain('مبداهای مجاز: «app.example» مبدایی مانند https://app.example نیست.');

    const longName = { name: 'n'.repeat(81), scope: 'content', allowedOrigins: '', requestsPerMinute: '600' };
    const spanish = await refusal('es', '/admin/settings/api-keys', longName);
    expect(spanish.status).toBe(422);
    expect(spanish.text).toContain('Ponle nombre a la clave (qué la usa), de 80 caracteres como máximo.');
    // 80 is a "many" count in Arabic: the noun stays singular, in the accusative.
    expect(new Intl.PluralRules('ar').select(80)).toBe('many');
    const arabic = await refusal('ar', '/admin/settings/api-keys', longName);
    expect(arabic.status).toBe(422);
    expect(arabic.text).toContain('سمِّ المفتاح (ما الذي يستخدمه) في 80 حرفًا على الأكثر.');

    const english = await refusal('en', '/admin/settings/api-keys', longName);
    expect(english.text).toContain('Name the key (what uses it), in at most 80 characters.');
    expect(await site.services.apiKeys.list()).toEqual([]);
  });

  it('says why a webhook address is refused, the reason worded whole in each language', async () => {
    const hook = { description: '', 'event.story.published': 'on', enabled: 'on' };
    const privateAddress = await refusal('fa', '/admin/settings/webhooks', { ...hook, url: 'http://10.0.0.5/hook' });
    expect(privateAddress.status).toBe(422);
    expect(privateAddress.text).toContain('این نشانی نمی‌تواند وب‌هوک دریافت کند: نشانی خصوصی، محلی (loopback) یا رزروشده است.');

    const scheme = await refusal('es', '/admin/settings/webhooks', { ...hook, url: 'ftp://hooks.example.org/in' });
    expect(scheme.status).toBe(422);
    expect(scheme.text).toContain('Esta dirección no puede recibir webhooks: debe empezar por https:// o http://.');

    const noEvents = await refusal('fa', '/admin/settings/webhooks', { url: 'https://hooks.example.org/quiet', description: '', enabled: 'on' });
    expect(noEvents.text).toContain('دست‌کم یک رویداد را برای ارسال برگزینید.');

    const english = await refusal('en', '/admin/settings/webhooks', { ...hook, url: 'http://localhost/hook' });
    expect(english.text).toContain('This address cannot receive webhooks: it names this machine (localhost).');
    expect(await site.services.webhooks.list()).toEqual([]);
  });

  it('refuses the audit log’s wrong days in Persian and Spanish', async () => {
    const response = await as('fa').get('/admin/audit?from=2024-02-31');
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain('2024-02-31 روزی در گاه‌شمار نیست.');

    const reversed = await as('es').get('/admin/audit?from=2024-03-10&to=2024-03-01');
    expect(reversed.status).toBe(400);
    expect(visibleText(await reversed.text())).toContain('El último día no puede ser anterior al primero.');

    const english = await as('en').get('/admin/audit?to=yesterday');
    expect(english.status).toBe(400);
    expect(visibleText(await english.text())).toContain('Enter the day as YYYY-MM-DD.');
  });

  it('refuses an empty or overlong correction in the person’s language, numbers in its digits', async () => {
    const story = await publishedStory('Harbour bridge reopens');
    const notes = `/admin/stories/${story.id}/notes`;
    const empty = await refusal('fa', notes, { kind: 'correction', text: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('بنویسید چه چیزی اصلاح یا به‌روز شد.');

    const overlong = await refusal('fa', notes, { kind: 'correction', text: 'x'.repeat(1001) });
    expect(overlong.status).toBe(422);
    expect(overlong.text).toContain('یادداشت باید حداکثر ۱٬۰۰۰ نویسه باشد.');

    const kind = await refusal('es', notes, { kind: 'erratum', text: 'La cifra es 40, no 400.' });
    expect(kind.status).toBe(422);
    expect(kind.text).toContain('Elige si es una corrección o una actualización.');

    const english = await refusal('en', notes, { kind: 'correction', text: '' });
    expect(english.text).toContain('Write what was corrected or updated.');
    expect(await site.services.corrections.listNotes('en', story.code)).toEqual([]);
  });

  it('refuses a Featured Story already chosen, a draft, and a full rail in the person’s language', async () => {
    await site.services.stories.setFeatured('en', []);
    const story = await publishedStory('Ferry timetable changes');
    expect((await as('en').post('/admin/curation/featured?edition=en', { code: String(story.code) })).status).toBe(303);

    const again = await refusal('fa', '/admin/curation/featured?edition=en', { code: String(story.code) });
    expect(again.status).toBe(409);
    expect(again.text).toContain('«Ferry timetable changes» از پیش در خبرهای ویژه است.');

    const draft = await publishedStory('Council budget, first draft', 'draft');
    const notPublished = await refusal('es', '/admin/curation/lead?edition=en', { code: String(draft.code) });
    expect(notPublished.status).toBe(409);
    expect(notPublished.text).toContain('«Council budget, first draft» no está publicada: los lectores no podrían abrirla.');

    await site.services.stories.setFeatured('en', Array.from({ length: 15 }, (_, n) => ({ headline: `Archived story ${n + 1}`, dated: null })));
    const full = await refusal('ar', '/admin/curation/featured?edition=en', { code: String(story.code) });
    expect(full.status).toBe(409);
    expect(full.text).toContain('تتسع الأخبار المميزة لـ15 خبرًا: أزل واحدًا أولًا.');

    const english = await refusal('en', '/admin/curation/featured?edition=en', { code: String(story.code) });
    expect(english.text).toContain('The Featured Stories hold 15 stories: remove one first.');
  });

  it('tells a signed-out page script to sign in, in the browser’s language', async () => {
    for (const [language, detail] of [
      ['fa-IR,fa;q=0.9', 'نخست وارد شوید: این کار به حسابی نیاز دارد که با آن وارد شده باشید'],
      ['en-GB', 'sign in first: this needs a signed-in account'],
    ] as const) {
      const response = await site.get('/api/admin/me', { headers: { 'accept-language': language } });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { detail: string }).detail).toBe(detail);
    }
  });
});
