import type { FeedFormat, FeedScope } from '../modules/feeds/index.ts';

/** Each feed format's file name, after the path of the page the feed follows. */
export const FEED_FILE_NAMES: Record<FeedFormat, string> = { rss: 'feed.xml', atom: 'feed.atom', json: 'feed.json' };

/** Every reader URL is built here, so links and routes cannot drift apart. */
export const sitePaths = {
  home: (edition: string) => `/${edition}/`,
  story: (edition: string, code: number, slug: string) => `/${edition}/news/${code}/${encodeURIComponent(slug)}`,
  /** A story by its code alone, for when its slug is not known: the story's route redirects it to its full address. */
  storyByCode: (edition: string, code: number) => `/${edition}/news/${code}`,
  section: (edition: string, slug: string) => `/${edition}/section/${encodeURIComponent(slug)}`,
  tag: (edition: string, slug: string) => `/${edition}/tag/${encodeURIComponent(slug)}`,
  archiveDay: (edition: string, day: string) => `/${edition}/archive/${day.replaceAll('-', '/')}`,
  withPage: (path: string, page: number) => (page <= 1 ? path : `${path}?page=${page}`),
  author: (edition: string, slug: string) => `/${edition}/author/${encodeURIComponent(slug)}`,
  /** The edition's corrections, newest first (issue 3, §5). */
  corrections: (edition: string) => `/${edition}/corrections`,
  /** `/en/feed.xml`, `/en/section/business/feed.atom`, `/en/author/jane-doe/feed.json` … */
  feed: (edition: string, scope: FeedScope, format: FeedFormat) =>
    `${scope.kind === 'edition' ? `/${edition}` : `/${edition}/${scope.kind}/${encodeURIComponent(scope.slug)}`}/${FEED_FILE_NAMES[format]}`,
  /** One of the edition's own pages: `/en/about` (docs/decisions/018). */
  sitePage: (edition: string, slug: string) => `/${edition}/${encodeURIComponent(slug)}`,
  robots: '/robots.txt',
  sitemapIndex: '/sitemap.xml',
  pagesSitemap: '/sitemaps/pages.xml',
  newsSitemap: '/sitemaps/news.xml',
  /** `/sitemaps/en-2020-11.xml`, then `/sitemaps/en-2020-11-2.xml` … for a month past the per-file limit. */
  monthSitemap: (edition: string, month: string, page: number) => `/sitemaps/${edition}-${month}${page > 1 ? `-${page}` : ''}.xml`,
};
