/** Sitemaps (sitemaps.org protocol, Google News and image extensions) and the plan that splits them by month and size. */
export { monthRange, planSitemapPages, SITEMAP_URL_LIMIT, type SitemapPage } from './plan-sitemap-pages.ts';
export { NEWS_SITEMAP_LIMIT, NEWS_WINDOW_MS, newsLanguage, SitemapService } from './sitemap-service.ts';
export type { NewsEntry, SitemapDocument, SitemapRef, SitemapSource, SitemapUrls, StoryPictureSource, UrlEntry } from './sitemap-types.ts';
export { writeSitemap } from './write-sitemap.ts';
