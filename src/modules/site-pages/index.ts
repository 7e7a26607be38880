export { SitePageError, sitePageErrorCodes, type SitePageErrorCode } from './site-page-errors.ts';
export { SitePageService, sitePageLimits, type SitePage, type SitePageFields, type StoredFooterLink, type FooterLinkInput } from './site-page-service.ts';
export { readFooterLinks, type FooterLink } from './footer-links.ts';
