import { Readable } from 'node:stream';
import { ErrorLevel, SitemapIndexStream, SitemapStream, streamToPromise, type SitemapItemLoose } from 'sitemap';
import type { SitemapDocument, UrlEntry } from './sitemap-types.ts';

/**
 * The XML of a sitemap or sitemap index, written by the `sitemap` library (which escapes and validates
 * every value). Only the namespaces a document uses are declared.
 * @example await writeSitemap({ kind: 'urlset', urls: [{ url: 'https://news.example/en/' }] })
 */
export async function writeSitemap(document: SitemapDocument): Promise<string> {
  if (document.kind === 'index') {
    const stream = new SitemapIndexStream({ level: ErrorLevel.THROW });
    const items = document.sitemaps.map((s) => (s.lastModified ? { url: s.url, lastmod: s.lastModified } : { url: s.url }));
    return (await streamToPromise(Readable.from(items).pipe(stream))).toString('utf8');
  }
  const hasNews = document.urls.some((u) => u.news !== undefined);
  const hasImages = document.urls.some((u) => (u.images ?? []).length > 0);
  const stream = new SitemapStream({ level: ErrorLevel.THROW, xmlns: { news: hasNews, xhtml: false, image: hasImages, video: false } });
  return (await streamToPromise(Readable.from(document.urls.map(toItem)).pipe(stream))).toString('utf8');
}

function toItem(entry: UrlEntry): SitemapItemLoose {
  return {
    url: entry.url,
    ...(entry.lastModified ? { lastmod: entry.lastModified } : {}),
    // Only the address: Google no longer reads an image's caption, title, licence or place from sitemaps.
    ...(entry.images && entry.images.length > 0 ? { img: entry.images.map((url) => ({ url })) } : {}),
    ...(entry.news
      ? {
          news: {
            publication: { name: entry.news.publicationName, language: entry.news.language },
            publication_date: entry.news.publishedAt,
            title: entry.news.title,
          },
        }
      : {}),
  };
}
