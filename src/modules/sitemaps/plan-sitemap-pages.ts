import type { MonthTally } from '../stories/story-queries.ts';

/** The sitemaps.org protocol's limit per file (https://www.sitemaps.org/protocol.html#index). */
export const SITEMAP_URL_LIMIT = 50_000;

/** One story sitemap file: an edition's month, or one page of it when the month holds more than the limit. */
export interface SitemapPage {
  editionCode: string;
  /** `YYYY-MM` (UTC). */
  month: string;
  /** 1-based; page 1 has no suffix in its file name. */
  page: number;
  /** Stories in this file. */
  count: number;
  /** The newest change among the month's stories. */
  lastModified: string;
}

/**
 * The story sitemaps of an edition: one per month with stories, split into pages of at most `limit` URLs.
 * Months keep files small and stable (an old month's file rarely changes, so crawlers skip it); the split
 * keeps even an extraordinary month within the protocol's limit.
 * @example planSitemapPages('en', [{ month: '2020-11', count: 120_001, lastModified }]) // pages 1, 2 and 3 of 2020-11
 */
export function planSitemapPages(editionCode: string, tallies: readonly MonthTally[], limit = SITEMAP_URL_LIMIT): SitemapPage[] {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`a sitemap holds at least one URL, not ${limit}`);
  return tallies.flatMap((tally) => {
    const pageCount = Math.ceil(tally.count / limit);
    return Array.from({ length: pageCount }, (_, index) => ({
      editionCode,
      month: tally.month,
      page: index + 1,
      count: Math.min(limit, tally.count - index * limit),
      lastModified: tally.lastModified,
    }));
  });
}

/** The UTC instants [start, end) of a `YYYY-MM` month; `undefined` for anything else. */
export function monthRange(month: string): { start: string; end: string } | undefined {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) return undefined;
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return { start: new Date(Date.UTC(year, monthIndex, 1)).toISOString(), end: new Date(Date.UTC(year, monthIndex + 1, 1)).toISOString() };
}
