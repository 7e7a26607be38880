import type { Edition } from '../modules/editions/edition-service.ts';
import type { SitePage } from '../modules/site-pages/index.ts';
import type { FooterLink } from '../modules/site-pages/index.ts';
import type { PictureView } from '../views/picture-view-models.ts';
import type { HeadMeta, LinkItem, SiteFrame, StaticPageView } from '../views/view-models.ts';
import { pictureUrl, pictureView, type PicturePlacement } from './picture-presenter.ts';
import { sitePaths } from './site-paths.ts';

/** How tall the logo stands in the header, in CSS pixels (site.css `.site-logo`: 3rem). */
const LOGO_HEIGHT_PX = 48;

/**
 * The edition's logo for the header: the whole picture at the header's height, as wide as its shape makes
 * it, in every format; the site's name is its text. Fetched at once: it is above the fold on every page.
 */
export function logoView(edition: Edition): PictureView | undefined {
  const logo = edition.identity.logo;
  if (!logo) return undefined;
  const cssWidth = Math.max(1, Math.round((LOGO_HEIGHT_PX * logo.width) / logo.height));
  const placement: PicturePlacement = { crop: 'original', sizes: `${cssWidth}px`, maxWidth: 1024 };
  return pictureView(logo, edition.strings.siteName, placement, false);
}

/** A footer link's address: one of the edition's pages by its current slug, or the address as written. */
function footerHref(edition: Edition, link: FooterLink): string {
  return 'pageSlug' in link ? sitePaths.sitePage(edition.code, link.pageSlug) : link.url;
}

/** What the frame shows of the edition's identity: the logo, the tagline and the newsroom's footer links. */
export function identityFrame(edition: Edition): Pick<SiteFrame, 'logo' | 'tagline' | 'footerLinks'> {
  const footerLinks: LinkItem[] = edition.identity.footerLinks.map((link) => ({ href: footerHref(edition, link), label: link.label }));
  return { logo: logoView(edition), tagline: edition.identity.tagline ?? undefined, footerLinks };
}

/** The publisher's logo for structured data and feeds: the edition's own when it has one, else the product's mark. */
export function publisherLogo(publicUrl: string, edition: Edition, fallback: { href: string; width: number; height: number }): { url: string; width: number; height: number } {
  const logo = edition.identity.logo;
  // Google shows publisher logos at most 600 pixels wide.
  return logo ? pictureUrl(publicUrl, logo, 'original', 600) : { url: `${publicUrl}${fallback.href}`, width: fallback.width, height: fallback.height };
}

/** One of the edition's own pages (About, Contact …): its words, under the site's name. */
export function staticPageView(frame: SiteFrame, edition: Edition, page: SitePage, publicUrl: string): StaticPageView {
  const canonical = `${publicUrl}${sitePaths.sitePage(edition.code, page.slug)}`;
  const description = page.description === '' ? undefined : page.description;
  const head: HeadMeta = {
    title: `${page.title} – ${edition.strings.siteName}`,
    description,
    canonicalHref: canonical,
    openGraph: [
      { key: 'og:type', content: 'website' },
      { key: 'og:title', content: page.title },
      ...(description ? [{ key: 'og:description', content: description }] : []),
      { key: 'og:url', content: canonical },
      { key: 'og:site_name', content: edition.strings.siteName },
      { key: 'og:locale', content: edition.language.replace('-', '_') },
    ],
  };
  return { frame, head, heading: page.title, body: page.body };
}
