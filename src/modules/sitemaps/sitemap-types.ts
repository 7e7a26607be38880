import type { PictureGeometry } from '../media/index.ts';

/** Absolute URLs the sitemaps list. The HTTP layer knows the site's paths and hands them in at boot. */
export interface SitemapUrls {
  story(editionCode: string, code: number, slug: string): string;
  /** A picture's file for search engines (image sitemap extension): absent, stories list no images. */
  picture?(picture: PictureGeometry): string;
  home(editionCode: string): string;
  section(editionCode: string, slug: string): string;
  /** One of an edition's own pages (About, Contact …). */
  sitePage(editionCode: string, slug: string): string;
  monthSitemap(editionCode: string, month: string, page: number): string;
  newsSitemap: string;
  pagesSitemap: string;
}

/** A Google News entry (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap). */
export interface NewsEntry {
  publicationName: string;
  /** ISO 639 code as Google News wants it (`en`, `fa`; `zh-cn`/`zh-tw` for Chinese). */
  language: string;
  /** W3C date-time with the edition's offset. */
  publishedAt: string;
  title: string;
}

export interface UrlEntry {
  url: string;
  lastModified?: string;
  news?: NewsEntry;
  /** Absolute URLs of the pictures the page shows (https://developers.google.com/search/docs/crawling-indexing/sitemaps/image-sitemaps). */
  images?: string[];
}

/** Where the pages sitemap learns which of the editions' own pages are published (SitePageService). */
export interface PublishedPageSource {
  listPublished(): Promise<Array<{ editionCode: string; slug: string; updatedAt: string }>>;
}

/** Where the story sitemaps learn which library pictures each story shows (MediaService). */
export interface StoryPictureSource {
  picturesOfStories(storyIds: readonly number[]): Promise<Map<number, PictureGeometry[]>>;
}

export interface SitemapRef {
  url: string;
  lastModified?: string;
}

export type SitemapDocument = { kind: 'urlset'; urls: UrlEntry[] } | { kind: 'index'; sitemaps: SitemapRef[] };

/** A sitemap and its validators, ready for a conditional GET. */
export interface SitemapSource {
  document: SitemapDocument;
  /** A digest of the document's data: equal digests, byte-identical documents. */
  fingerprint: string;
  /** No later than any change that could alter the document (see SitemapService). */
  lastChangeAt: string;
}
