import type { BreadcrumbList, CollectionPage, ImageObject, NewsArticle, NewsMediaOrganization, Person, SearchAction, WebSite, WithActionConstraints, WithContext } from 'schema-dts';
import type { Block } from '../content/blocks.ts';
import { clockOf, type Edition } from '../modules/editions/edition-service.ts';
import { isoInEdition } from '../modules/editions/edition-time.ts';
import { FEED_FORMATS, FEED_MEDIA_TYPES, feedTitle, type FeedLinks, type FeedScope, type NamedFeedScope } from '../modules/feeds/index.ts';
import type { SitemapUrls } from '../modules/sitemaps/index.ts';
import type { StoryDetail } from '../modules/stories/story-types.ts';
import type { FeedLinkView, HeadMeta, MetaTagView } from '../views/view-models.ts';
import { pictureUrl } from './picture-presenter.ts';
import { searchPath } from './search-presenter.ts';
import { publisherLogo } from './site-identity-presenter.ts';
import { sitePaths } from './site-paths.ts';

/** The publisher's marks, as pages and feeds link to them. */
export interface PresenterBrand {
  logo: { href: string; width: number; height: number };
  iconHref: string;
}

/** What a list page shows, for its feeds and structured data. Pages that pass none get the edition's feeds only. */
export type ListPageScope = { kind: 'home' } | { kind: 'archive' } | { kind: 'section' | 'tag' | 'author'; slug: string; name: string };

/** A format's name as feed readers and browsers list it beside the feed's title. */
const FEED_FORMAT_NAMES = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const;

/**
 * What pages say of themselves to machines: absolute URLs (every one starts with the configured public URL),
 * structured data, OpenGraph and Twitter tags, feed discovery links, and the URLs feeds and sitemaps list.
 */
export class PageMetadata {
  constructor(
    private readonly publicUrl: string,
    private readonly brand: PresenterBrand,
  ) {}

  absolute(path: string): string {
    return `${this.publicUrl}${path}`;
  }

  /** The absolute URLs one feed links to. */
  feedLinks(edition: Edition, scope: FeedScope): FeedLinks {
    const page =
      scope.kind === 'edition'
        ? sitePaths.home(edition.code)
        : scope.kind === 'section'
          ? sitePaths.section(edition.code, scope.slug)
          : scope.kind === 'tag'
            ? sitePaths.tag(edition.code, scope.slug)
            : sitePaths.author(edition.code, scope.slug);
    const feed = (format: 'rss' | 'atom' | 'json') => this.absolute(sitePaths.feed(edition.code, scope, format));
    return {
      publicUrl: this.publicUrl,
      page: this.absolute(page),
      feeds: { rss: feed('rss'), atom: feed('atom'), json: feed('json') },
      story: (code, slug) => this.absolute(sitePaths.story(edition.code, code, slug)),
      author: (slug) => this.absolute(sitePaths.author(edition.code, slug)),
      logo: publisherLogo(this.publicUrl, edition, this.brand.logo).url,
      icon: this.absolute(this.brand.iconHref),
    };
  }

  /** The absolute URLs sitemaps list. */
  sitemapUrls(): SitemapUrls {
    return {
      story: (editionCode, code, slug) => this.absolute(sitePaths.story(editionCode, code, slug)),
      // The widest uncropped JPEG: the whole picture, in the one format every crawler reads.
      picture: (picture) => pictureUrl(this.publicUrl, picture, 'original', 2048).url,
      home: (editionCode) => this.absolute(sitePaths.home(editionCode)),
      section: (editionCode, slug) => this.absolute(sitePaths.section(editionCode, slug)),
      sitePage: (editionCode, slug) => this.absolute(sitePaths.sitePage(editionCode, slug)),
      monthSitemap: (editionCode, month, page) => this.absolute(sitePaths.monthSitemap(editionCode, month, page)),
      newsSitemap: this.absolute(sitePaths.newsSitemap),
      pagesSitemap: this.absolute(sitePaths.pagesSitemap),
    };
  }

  /** A story's structured data, OpenGraph and Twitter tags, and its edition's feeds. */
  storyMetadata(edition: Edition, story: StoryDetail, canonical: string): Pick<HeadMeta, 'feeds' | 'openGraph' | 'twitter' | 'jsonLd'> {
    const s = edition.strings;
    const clock = clockOf(edition);
    const published = isoInEdition(story.publishedAt, clock);
    const modified = isoInEdition(story.updatedAt, clock);
    const lead = story.picture;
    const image: { url: string; alt: string; width?: number; height?: number } | undefined = lead ? { ...pictureUrl(this.publicUrl, lead, '16x9', 1200), alt: lead.alt } : this.firstImage(story.body);
    // Google asks for 16:9, 4:3 and 1:1 images of at least 1200 pixels wide where the picture allows.
    const schemaImages = lead ? (['16x9', '4x3', '1x1'] as const).map((crop) => pictureUrl(this.publicUrl, lead, crop, 1200).url) : image ? [image.url] : [];
    const publisher = this.publisher(edition);
    const authors: Person[] = story.authors.map((a) => ({ '@type': 'Person', name: a.name, url: this.absolute(sitePaths.author(edition.code, a.slug)) }));
    const article: WithContext<NewsArticle> = {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: story.headline,
      ...(story.teaser ? { description: story.teaser } : {}),
      datePublished: published,
      dateModified: modified,
      // A story without a byline is the publication's own work.
      author: authors.length > 0 ? authors : [publisher],
      publisher,
      ...(schemaImages.length > 0 ? { image: schemaImages } : {}),
      mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
      url: canonical,
      identifier: String(story.code),
      inLanguage: edition.language,
      ...(story.section ? { articleSection: story.section.name } : {}),
      ...(story.tags.length > 0 ? { keywords: story.tags.map((t) => t.name) } : {}),
      isAccessibleForFree: true,
    };
    const trail = [
      { name: s.home, url: this.absolute(sitePaths.home(edition.code)) },
      ...(story.section ? [{ name: story.section.name, url: this.absolute(sitePaths.section(edition.code, story.section.slug)) }] : []),
      { name: story.headline, url: canonical },
    ];
    const openGraph: MetaTagView[] = [
      ...this.openGraphBasics(edition, 'article', story.headline, canonical, story.teaser),
      ...(image
        ? [
            { key: 'og:image', content: image.url },
            ...(image.width !== undefined && image.height !== undefined ? [{ key: 'og:image:width', content: String(image.width) }, { key: 'og:image:height', content: String(image.height) }] : []),
            ...(image.alt ? [{ key: 'og:image:alt', content: image.alt }] : []),
          ]
        : []),
      { key: 'article:published_time', content: published },
      { key: 'article:modified_time', content: modified },
      ...(story.section ? [{ key: 'article:section', content: story.section.name }] : []),
      ...story.tags.map((t) => ({ key: 'article:tag', content: t.name })),
      ...story.authors.map((a) => ({ key: 'article:author', content: this.absolute(sitePaths.author(edition.code, a.slug)) })),
    ];
    const twitter: MetaTagView[] = [
      { key: 'twitter:card', content: image ? 'summary_large_image' : 'summary' },
      { key: 'twitter:title', content: story.headline },
      ...(story.teaser ? [{ key: 'twitter:description', content: story.teaser }] : []),
      ...(image ? [{ key: 'twitter:image', content: image.url }, ...(image.alt ? [{ key: 'twitter:image:alt', content: image.alt }] : [])] : []),
    ];
    return { feeds: this.feedLinkViews(edition, []), openGraph, twitter, jsonLd: [article, this.breadcrumbs(trail)] };
  }

  /** List pages: their own feeds before the edition's; a WebSite with its search on home pages, breadcrumbs elsewhere. */
  listMetadata(
    edition: Edition,
    scope: ListPageScope | undefined,
    page: { title: string; heading: string; canonical: string; description?: string },
  ): Pick<HeadMeta, 'feeds' | 'openGraph' | 'jsonLd'> {
    const s = edition.strings;
    const home = this.absolute(sitePaths.home(edition.code));
    const ownFeed: NamedFeedScope[] = scope && (scope.kind === 'section' || scope.kind === 'tag' || scope.kind === 'author') ? [scope] : [];
    const feeds = this.feedLinkViews(edition, ownFeed);
    const openGraph = this.openGraphBasics(edition, 'website', scope?.kind === 'home' ? s.siteName : page.title, page.canonical, page.description);
    if (!scope) return { feeds, openGraph };
    if (scope.kind === 'home') {
      const search: WithActionConstraints<SearchAction> = {
        '@type': 'SearchAction',
        target: { '@type': 'EntryPoint', urlTemplate: `${this.absolute(searchPath(edition.code))}?q={search_term_string}` },
        'query-input': 'required name=search_term_string',
      };
      const website: WithContext<WebSite> = {
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        name: s.siteName,
        url: home,
        inLanguage: edition.language,
        publisher: this.publisher(edition),
        potentialAction: search,
      };
      return { feeds, openGraph, jsonLd: [website] };
    }
    const collection: WithContext<CollectionPage> = {
      '@context': 'https://schema.org',
      '@type': 'CollectionPage',
      name: page.heading,
      url: page.canonical,
      inLanguage: edition.language,
      isPartOf: { '@type': 'WebSite', name: s.siteName, url: home },
    };
    return { feeds, openGraph, jsonLd: [collection, this.breadcrumbs([{ name: s.home, url: home }, { name: page.heading, url: page.canonical }])] };
  }

  /** Discovery links: the given scopes' feeds, then the edition's, each in every format. */
  feedLinkViews(edition: Edition, scopes: NamedFeedScope[]): FeedLinkView[] {
    return [...scopes, { kind: 'edition' } as const].flatMap((scope) => {
      const { title } = feedTitle(edition, scope);
      return FEED_FORMATS.map((format) => ({
        href: this.absolute(sitePaths.feed(edition.code, scope, format)),
        type: FEED_MEDIA_TYPES[format],
        title: `${title} (${FEED_FORMAT_NAMES[format]})`,
      }));
    });
  }

  openGraphBasics(edition: Edition, type: 'article' | 'website', title: string, url: string, description: string | undefined): MetaTagView[] {
    return [
      { key: 'og:type', content: type },
      { key: 'og:title', content: title },
      ...(description ? [{ key: 'og:description', content: description }] : []),
      { key: 'og:url', content: url },
      { key: 'og:site_name', content: edition.strings.siteName },
      // OpenGraph writes locales with an underscore: `fa_IR`, or the bare language when the edition names no region.
      { key: 'og:locale', content: edition.language.replace('-', '_') },
    ];
  }

  private publisher(edition: Edition): NewsMediaOrganization & { '@type': 'NewsMediaOrganization' } {
    const mark = publisherLogo(this.publicUrl, edition, this.brand.logo);
    const logo: ImageObject = {
      '@type': 'ImageObject',
      url: mark.url,
      width: { '@type': 'QuantitativeValue', value: mark.width, unitCode: 'E37' },
      height: { '@type': 'QuantitativeValue', value: mark.height, unitCode: 'E37' },
    };
    return { '@type': 'NewsMediaOrganization', name: edition.strings.siteName, url: `${this.publicUrl}/`, logo };
  }

  private breadcrumbs(trail: Array<{ name: string; url: string }>): WithContext<BreadcrumbList> {
    return {
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: trail.map((step, index) => ({ '@type': 'ListItem', position: index + 1, name: step.name, item: step.url })),
    };
  }

  /** The story's first picture, absolute, for structured data and link previews. */
  private firstImage(blocks: Block[]): { url: string; alt: string } | undefined {
    for (const block of blocks) {
      if (block.type !== 'image') continue;
      try {
        return { url: new URL(block.src, `${this.publicUrl}/`).toString(), alt: block.alt };
      } catch {
        continue;
      }
    }
    return undefined;
  }
}
