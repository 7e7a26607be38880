import { createHash } from 'node:crypto';
import { clockOf, type Edition, type EditionService } from '../editions/edition-service.ts';
import { isoInEdition } from '../editions/edition-time.ts';
import type { StoryQueries } from '../stories/story-queries.ts';
import { monthRange, planSitemapPages, SITEMAP_URL_LIMIT, type SitemapPage } from './plan-sitemap-pages.ts';
import type { StoryLocation } from '../stories/story-queries.ts';
import type { PublishedPageSource, SitemapDocument, SitemapSource, SitemapUrls, StoryPictureSource, UrlEntry } from './sitemap-types.ts';

/** Google News reads only the last two days (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap). */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
/** …and at most this many entries per news sitemap. */
export const NEWS_SITEMAP_LIMIT = 1000;

/** Bumped whenever the documents change for the same data, so caches holding the old shape see a new ETag. */
const SITEMAP_DOCUMENT_VERSION = 2;

/**
 * The site's sitemaps: an index, story sitemaps per edition and month, a Google News sitemap and one of
 * edition and section pages. Each comes with a fingerprint and a last-change instant for conditional GETs.
 *
 * `lastChangeAt` is deliberately coarse (the last change to any story of the edition or site, and the moment
 * the news window last let a story go): an unpublished story leaves a sitemap without being in it any more,
 * so the newest story that *is* listed cannot say when the file last changed. The fingerprint is exact.
 */
export class SitemapService {
  constructor(
    private readonly storyQueries: StoryQueries,
    private readonly editions: EditionService,
    private readonly urls: SitemapUrls,
    private readonly limit = SITEMAP_URL_LIMIT,
    private readonly pictures?: StoryPictureSource,
    private readonly sitePages?: PublishedPageSource,
  ) {}

  /** The index: pages, news (while it has stories) and every story sitemap. */
  async index(now = new Date()): Promise<SitemapSource> {
    const [pages, news, siteChange, agedOut] = await Promise.all([
      this.storyPages(),
      this.newsEntries(now),
      this.storyQueries.findLastChange(),
      this.lastAgedOut(now),
    ]);
    const document: SitemapDocument = {
      kind: 'index',
      sitemaps: [
        { url: this.urls.pagesSitemap, lastModified: newest(pages.map((p) => p.lastModified)) },
        ...(news.length > 0 ? [{ url: this.urls.newsSitemap, lastModified: newest(news.map((n) => n.lastModified)) }] : []),
        ...pages.map((p) => ({ url: this.urls.monthSitemap(p.editionCode, p.month, p.page), lastModified: p.lastModified })),
      ],
    };
    return this.source(document, newest([siteChange, agedOut]));
  }

  /** One page of an edition's month; `undefined` when the edition, month or page has no stories. */
  async month(editionCode: string, month: string, page: number): Promise<SitemapSource | undefined> {
    const range = monthRange(month);
    if (!this.editions.find(editionCode) || !range || !Number.isSafeInteger(page) || page < 1) return undefined;
    const [locations, editionChange] = await Promise.all([
      this.storyQueries.listLocations(editionCode, range, (page - 1) * this.limit, this.limit),
      this.storyQueries.findLastChange(editionCode),
    ]);
    if (locations.length === 0) return undefined;
    const images = await this.imagesOf(locations);
    const urls = locations.map((l) => withImages({ url: this.urls.story(l.editionCode, l.code, l.slug), lastModified: l.updatedAt }, images.get(l.id)));
    return this.source({ kind: 'urlset', urls }, editionChange);
  }

  /** Every edition's stories of the last two days, for Google News; `undefined` when there are none. */
  async news(now = new Date()): Promise<SitemapSource | undefined> {
    const [entries, siteChange, agedOut] = await Promise.all([this.newsEntries(now), this.storyQueries.findLastChange(), this.lastAgedOut(now)]);
    if (entries.length === 0) return undefined;
    return this.source({ kind: 'urlset', urls: entries.map(({ lastModified: _, ...entry }) => entry) }, newest([siteChange, agedOut]));
  }

  /** Each edition's home page, its sections with published stories, and its own published pages (About …). */
  async pages(): Promise<SitemapSource> {
    const editions = this.editions.list();
    const perEdition = await Promise.all(
      editions.map(async (edition) => {
        const [months, sections] = await Promise.all([this.storyQueries.tallyPublishedByMonth(edition.code), this.storyQueries.tallySections(edition.code)]);
        const lastModified = newest(months.map((m) => m.lastModified));
        const home: UrlEntry = lastModified ? { url: this.urls.home(edition.code), lastModified } : { url: this.urls.home(edition.code) };
        return [home, ...sections.map((s) => ({ url: this.urls.section(edition.code, s.slug), lastModified: s.lastModified }))];
      }),
    );
    const ownPages = ((await this.sitePages?.listPublished()) ?? []).filter((p) => this.editions.find(p.editionCode));
    const own: UrlEntry[] = ownPages.map((p) => ({ url: this.urls.sitePage(p.editionCode, p.slug), lastModified: p.updatedAt }));
    return this.source({ kind: 'urlset', urls: [...perEdition.flat(), ...own] }, newest([await this.storyQueries.findLastChange(), ...ownPages.map((p) => p.updatedAt)]));
  }

  private async storyPages(): Promise<SitemapPage[]> {
    const perEdition = await Promise.all(
      this.editions.list().map(async (edition) => planSitemapPages(edition.code, await this.storyQueries.tallyPublishedByMonth(edition.code), this.limit)),
    );
    return perEdition.flat();
  }

  private async newsEntries(now: Date): Promise<Array<UrlEntry & { lastModified: string }>> {
    const window = { start: new Date(now.getTime() - NEWS_WINDOW_MS).toISOString(), end: now.toISOString() };
    const locations = await this.storyQueries.listRecentLocations(window, NEWS_SITEMAP_LIMIT);
    const images = await this.imagesOf(locations);
    return locations.flatMap((l) => {
      const edition = this.editions.find(l.editionCode);
      if (!edition) return [];
      return [
        {
          url: this.urls.story(l.editionCode, l.code, l.slug),
          ...withImages({}, images.get(l.id)),
          lastModified: l.updatedAt,
          news: {
            publicationName: edition.strings.siteName,
            language: newsLanguage(edition),
            publishedAt: isoInEdition(l.publishedAt, clockOf(edition)),
            title: l.headline,
          },
        },
      ];
    });
  }

  /**
   * The absolute picture URLs of each listed story, by story id. A picture's uncropped file keeps its URL
   * when the desk moves its focal point, and a story's pictures change only with a save of the story,
   * which already changes these sitemaps: the documents need no other trigger to stay current.
   */
  private async imagesOf(locations: readonly StoryLocation[]): Promise<Map<number, string[]>> {
    const pictureUrl = this.urls.picture;
    if (!this.pictures || !pictureUrl || locations.length === 0) return new Map();
    const found = await this.pictures.picturesOfStories(locations.map((l) => l.id));
    return new Map([...found].map(([storyId, pictures]) => [storyId, pictures.map((p) => pictureUrl(p))]));
  }

  /** When the two-day window last let a story go: that changed the news sitemap though no story did. */
  private async lastAgedOut(now: Date): Promise<string | undefined> {
    const last = await this.storyQueries.findLastPublishedBefore(new Date(now.getTime() - NEWS_WINDOW_MS).toISOString());
    return last === undefined ? undefined : new Date(Date.parse(last) + NEWS_WINDOW_MS).toISOString();
  }

  private source(document: SitemapDocument, lastChangeAt: string | undefined): SitemapSource {
    const fingerprint = createHash('sha256').update(JSON.stringify([SITEMAP_DOCUMENT_VERSION, document])).digest('base64url');
    return { document, fingerprint, lastChangeAt: lastChangeAt ?? new Date(0).toISOString() };
  }
}

function withImages<T extends object>(entry: T, images: string[] | undefined): T & Pick<UrlEntry, 'images'> {
  return images && images.length > 0 ? { ...entry, images } : entry;
}

/** The latest of some ISO instants (they compare as text), ignoring the missing ones. */
function newest(values: ReadonlyArray<string | undefined>): string | undefined {
  return values.reduce<string | undefined>((latest, value) => (value !== undefined && (latest === undefined || value > latest) ? value : latest), undefined);
}

/**
 * Google News takes ISO 639 codes, 2 or 3 letters, except `zh-cn` and `zh-tw` for Chinese scripts.
 * @example newsLanguage({ language: 'fa-IR' }) // 'fa'
 */
export function newsLanguage(edition: Pick<Edition, 'language'>): string {
  const tag = edition.language.toLowerCase();
  if (tag === 'zh-tw' || tag === 'zh-hant' || tag.startsWith('zh-hant-') || tag === 'zh-hk') return 'zh-tw';
  if (tag.startsWith('zh')) return 'zh-cn';
  return tag.split('-')[0] ?? tag;
}
