/**
 * The vocabulary of cache keys (docs/decisions/009-page-cache-and-change-events.md). A cached page carries
 * the keys of everything it shows; a change event names the keys it touches; the page cache drops every
 * page holding one of them. The same keys go out as `Surrogate-Key` and `Cache-Tag` for a CDN.
 */
export const cacheKeys = {
  /** Every page: the list of editions (the edition switcher, hreflang links). */
  site: 'site',
  /** Every page of an edition: its name, settings, and the sections in its navigation. */
  edition: (edition: string) => `edition:${edition}`,
  /** Pages showing the edition's curated Featured Stories rail. */
  rail: (edition: string) => `rail:${edition}`,
  /** The edition home's first page, which shows the curated lead story. */
  lead: (edition: string) => `lead:${edition}`,
  /** Anything listing the edition's latest stories: home pages, the edition's feeds, a rail filled up with latest stories. */
  latest: (edition: string) => `list:${edition}:latest`,
  /** Lists of a section, tag or author, by slug (a rename records both the old and the new slug). */
  section: (edition: string, slug: string) => `list:${edition}:section:${slug}`,
  tag: (edition: string, slug: string) => `list:${edition}:tag:${slug}`,
  author: (edition: string, slug: string) => `list:${edition}:author:${slug}`,
  /** A day archive; `date` is the edition's local `YYYY-MM-DD`. */
  day: (edition: string, date: string) => `list:${edition}:day:${date}`,
  /** Anything showing a story: its headline, teaser, picture, link. */
  story: (edition: string, code: number) => `story:${edition}:${code}`,
  /** Pages that show when a story was last updated, beside its page: feeds. */
  storyUpdated: (edition: string, code: number) => `updated:${edition}:${code}`,
  /** The story's own page only: its body, notes, related stories and comments. */
  storyPage: (edition: string, code: number) => `page:${edition}:${code}`,
  /** Story pages of a code in every edition: they link to each other's translations. */
  translations: (code: number) => `code:${code}`,
  /** The edition's corrections page. */
  corrections: (edition: string) => `corrections:${edition}`,
  /** One of the edition's own pages (About, Contact …), by its address. */
  sitePage: (edition: string, slug: string) => `sitepage:${edition}:${slug}`,
  /**
   * Anything counting an edition's published stories per section, tag or byline (the content API's lists and
   * items of them): recorded when a story readers see enters or leaves one.
   */
  taxonCounts: (edition: string) => `counts:${edition}`,
  /** Search answers of an edition: recorded by every change to a story readers see (the index changes with it). */
  search: (edition: string) => `search:${edition}`,
  /** Every sitemap and the sitemap index. */
  sitemaps: 'sitemaps',
} as const;
