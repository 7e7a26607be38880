import { paragraph } from '../../content/blocks.ts';
import { commandLineActor } from '../accounts/account-types.ts';
import type { EditionService } from '../editions/edition-service.ts';
import type { SitePageService } from '../site-pages/index.ts';

/** What each demo edition calls itself, and its About page, in its own language. */
const DEMO_IDENTITY: Record<string, { siteName: string; tagline: string; about: { title: string; slug: string; text: string[] } }> = {
  en: {
    siteName: 'The Dateline Review',
    tagline: 'Open news from the Wikinews archive',
    about: {
      title: 'About us',
      slug: 'about',
      text: ['This is a demonstration of Dateline, a news publishing platform.', 'Its stories come from Wikinews and keep their authors’ licences; each story names its source at its foot.'],
    },
  },
  es: {
    siteName: 'Dateline en español',
    tagline: 'Noticias libres del archivo de Wikinoticias',
    about: { title: 'Quiénes somos', slug: 'quienes-somos', text: ['Esta es una demostración de Dateline, una plataforma de publicación de noticias.', 'Las noticias proceden de Wikinoticias y conservan la licencia de sus autores.'] },
  },
  it: {
    siteName: 'Dateline in italiano',
    tagline: 'Notizie libere dall’archivio di Wikinotizie',
    about: { title: 'Chi siamo', slug: 'chi-siamo', text: ['Questa è una dimostrazione di Dateline, una piattaforma per pubblicare notizie.', 'Le notizie vengono da Wikinotizie e conservano la licenza dei loro autori.'] },
  },
  nl: {
    siteName: 'Dateline Nederlands',
    tagline: 'Vrij nieuws uit het archief van Wikinieuws',
    about: { title: 'Over ons', slug: 'over-ons', text: ['Dit is een demonstratie van Dateline, een platform om nieuws te publiceren.', 'De berichten komen van Wikinieuws en behouden de licentie van hun auteurs.'] },
  },
  fa: {
    siteName: 'دیتلاین فارسی',
    tagline: 'خبرهای آزاد از بایگانی ویکی‌خبر',
    about: { title: 'درباره ما', slug: 'درباره-ما', text: ['این نسخهٔ نمایشی دیتلاین است، سامانه‌ای برای انتشار خبر.', 'خبرها از ویکی‌خبر آمده‌اند و پروانهٔ نویسندگانشان را نگه می‌دارند.'] },
  },
  ar: {
    siteName: 'ديتلاين بالعربية',
    tagline: 'أخبار حرة من أرشيف ويكي الأخبار',
    about: { title: 'من نحن', slug: 'من-نحن', text: ['هذه نسخة تجريبية من ديتلاين، منصة لنشر الأخبار.', 'الأخبار مأخوذة من ويكي الأخبار وتحتفظ برخصة كتّابها.'] },
  },
};

/**
 * Gives every demo edition a site name, a tagline and a published About page linked from its footer, so that
 * `npm start` shows a site rather than the product. Loading again changes nothing.
 */
export async function loadSiteIdentityDemo(editions: EditionService, sitePages: SitePageService): Promise<void> {
  for (const edition of editions.list()) {
    const identity = DEMO_IDENTITY[edition.code];
    if (!identity) continue;
    const { name, language, direction, timeZone, datelineFormat, dateFormat, calendar, numberingSystem } = edition;
    await editions.updateDetails(commandLineActor, edition.code, { name, language, direction, timeZone, datelineFormat, dateFormat, calendar, numberingSystem, siteName: identity.siteName, tagline: identity.tagline });
    const fields = { title: identity.about.title, slug: identity.about.slug, body: identity.about.text.map(paragraph), isPublished: true };
    const existing = (await sitePages.list(edition.code)).find((page) => page.slug === identity.about.slug);
    if (existing) await sitePages.update(commandLineActor, existing.id, fields);
    else await sitePages.create(commandLineActor, edition.code, fields);
    await sitePages.replaceFooterLinks(commandLineActor, edition.code, [{ label: identity.about.title, address: `/${edition.code}/${identity.about.slug}` }]);
  }
  // A server reads the editions again when the change events arrive; the command line has no one listening.
  await editions.load();
}
