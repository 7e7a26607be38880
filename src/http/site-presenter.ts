import type { BreadcrumbList, CollectionPage, ImageObject, NewsArticle, NewsMediaOrganization, Person, SearchAction, WebSite, WithActionConstraints, WithContext } from 'schema-dts';
import type { Block } from '../content/blocks.ts';
import { clockOf, type Edition } from '../modules/editions/edition-service.ts';
import { formatInEdition, isoInEdition } from '../modules/editions/edition-time.ts';
import { FEED_FORMATS, FEED_MEDIA_TYPES, feedTitle, type FeedLinks, type FeedScope, type NamedFeedScope } from '../modules/feeds/index.ts';
import type { SitemapUrls } from '../modules/sitemaps/index.ts';
import type { CorrectionEntry } from '../modules/corrections/index.ts';
import { commentLimits, type CommentSettings, type CommentThreadPage, type PublicComment } from '../modules/comments/index.ts';
import type { CommentOutcome } from '../config/ui-strings.ts';
import type { FeaturedItem, Page, ShownPicture, StoryDetail, StoryNote, StorySummary, Taxon, TaxonPage } from '../modules/stories/story-types.ts';
import type { PictureView } from '../views/picture-view-models.ts';
import { pictureUrl, pictureView, placements, type PicturePlacement } from './picture-presenter.ts';
import type {
  CommentFormView,
  CommentNotSentPageView,
  CommentSectionView,
  CommentView,
  CorrectionsPageView,
  FeaturedView,
  FigureView,
  FeedLinkView,
  HeadMeta,
  HomePageView,
  MetaTagView,
  MessagePageView,
  PaginationView,
  SiteFrame,
  StoryListPageView,
  StoryNotesView,
  StoryNoteView,
  StoryPageView,
  StorySummaryView,
  TimeView,
} from '../views/view-models.ts';
import { searchPath } from './search-presenter.ts';
import { identityFrame, publisherLogo } from './site-identity-presenter.ts';
import { sitePaths } from './site-paths.ts';

/** The publisher's marks, as pages and feeds link to them. */
export interface PresenterBrand {
  logo: { href: string; width: number; height: number };
  iconHref: string;
}

/** What a list page shows, for its feeds and structured data. Pages that pass none get the edition's feeds only. */
export type ListPageScope = { kind: 'home' } | { kind: 'archive' } | { kind: 'section' | 'tag' | 'author'; slug: string; name: string };

/** Stories in the home page's second tier, under the lead. */
export const TOP_STORIES = 4;
/** Stories in each section's block on the home page. */
export const SECTION_BLOCK_STORIES = 3;

/**
 * The standfirst is the teaser, unless the teaser is only the body's opening words cut short (as imports
 * and the newsroom make it when nobody wrote one): readers would read the same sentence twice.
 */
export function decideStandfirst(teaser: string, body: Block[]): string | undefined {
  const text = teaser.trim();
  if (text === '') return undefined;
  const first = body.find((block) => block.type === 'paragraph');
  if (!first || first.type !== 'paragraph') return text;
  const opening = first.content.map((run) => run.text).join('').trim();
  const stem = text.replace(/\s*(?:…|\.\.\.)$/u, '');
  return opening.startsWith(stem) ? undefined : text;
}

/** The front page's headlines, joined, cut at a word before 160 characters (what search results show); none without stories. */
function homeDescription(headlines: string[]): string | undefined {
  if (headlines.length === 0) return undefined;
  const joined = headlines.join(' · ');
  if (joined.length <= 160) return joined;
  const cut = joined.slice(0, 159);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 80)).replace(/[\s·]+$/u, '')}…`;
}

/** Share links as plain URLs of each service's share page: no script, button or picture of theirs is loaded. */
function shareLinks(url: string, headline: string, emailLabel: string): Array<{ kind: string; href: string; label: string }> {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(headline);
  return [
    { kind: 'email', href: `mailto:?subject=${t}&body=${u}`, label: emailLabel },
    { kind: 'x', href: `https://x.com/intent/post?url=${u}&text=${t}`, label: 'X' },
    { kind: 'facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}`, label: 'Facebook' },
    { kind: 'whatsapp', href: `https://wa.me/?text=${encodeURIComponent(`${headline} ${url}`)}`, label: 'WhatsApp' },
    { kind: 'telegram', href: `https://t.me/share/url?url=${u}&text=${t}`, label: 'Telegram' },
  ];
}

/** A format's name as feed readers and browsers list it beside the feed's title. */
const FEED_FORMAT_NAMES = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const;

/**
 * Turns domain objects into view models: every date is formatted here, in the edition's zone and language,
 * and every absolute URL starts with the configured public URL.
 */
export class SitePresenter {
  constructor(
    private readonly publicUrl: string,
    private readonly stylesheetHref: string,
    private readonly brand: PresenterBrand,
  ) {}

  frame(edition: Edition, editions: Edition[], sections: Taxon[]): SiteFrame {
    return {
      siteName: edition.strings.siteName,
      language: edition.language,
      direction: edition.direction,
      editionCode: edition.code,
      homeHref: sitePaths.home(edition.code),
      stylesheetHref: this.stylesheetHref,
      strings: {
        skipToContent: edition.strings.skipToContent,
        mainNavigation: edition.strings.mainNavigation,
        home: edition.strings.home,
        editions: edition.strings.editions,
        correctionsLabel: edition.strings.correctionsHeading,
        correctionsHref: sitePaths.corrections(edition.code),
        feedLabel: edition.strings.feed,
        feedHref: sitePaths.feed(edition.code, { kind: 'edition' }, 'rss'),
      },
      sections: sections.map((s) => ({ href: sitePaths.section(edition.code, s.slug), label: s.name })),
      editions: editions.map((e) => ({ href: sitePaths.home(e.code), label: e.name, language: e.language, isCurrent: e.code === edition.code })),
      iconHref: this.brand.iconHref,
      search: { action: searchPath(edition.code), label: edition.strings.searchLabel, buttonLabel: edition.strings.searchButton, query: '' },
      ...identityFrame(edition),
    };
  }

  storyPage(
    frame: SiteFrame,
    edition: Edition,
    story: StoryDetail,
    featured: FeaturedItem[],
    translations: Array<{ edition: Edition; slug: string }>,
    /** Absent for the newsroom's preview, which shows the count only. */
    comments?: StoryComments,
  ): StoryPageView {
    const s = edition.strings;
    const canonical = this.absolute(sitePaths.story(edition.code, story.code, story.slug));
    const latestNote = story.notes.at(-1);
    return {
      frame,
      head: {
        // The newsroom's search title and description, when written, are what search engines show.
        title: `${story.seo?.title ?? story.headline} – ${s.siteName}`,
        description: story.seo?.description ?? story.teaser,
        canonicalHref: canonical,
        alternates: translations.map((t) => ({ href: this.absolute(sitePaths.story(t.edition.code, story.code, t.slug)), language: t.edition.language })),
        ...this.storyMetadata(edition, story, canonical),
      },
      dateline: this.time(story.publishedAt, edition, edition.datelineFormat),
      // "Updated" is the latest correction or update readers can see, not `updatedAt`: that moves with every
      // save, an import or a fixed typo too, and would tell readers nothing (docs/decisions/007).
      updated: latestNote ? this.time(latestNote.notedAt, edition, edition.datelineFormat) : undefined,
      updatedLabel: s.updated,
      notes: story.notes.length > 0 ? this.storyNotes(edition, story) : undefined,
      headline: story.headline,
      storyCodeLabel: s.storyCode,
      code: story.code,
      section: story.section ? { href: sitePaths.section(edition.code, story.section.slug), label: story.section.name } : undefined,
      breadcrumb: {
        label: s.breadcrumb,
        trail: [{ href: sitePaths.home(edition.code), label: s.home }, ...(story.section ? [{ href: sitePaths.section(edition.code, story.section.slug), label: story.section.name }] : [])],
      },
      standfirst: decideStandfirst(story.teaser, story.body),
      authors: story.authors.map((a) => ({ href: sitePaths.author(edition.code, a.slug), label: a.name })),
      byLabel: s.by,
      share: { heading: s.share, links: shareLinks(canonical, story.headline, s.shareByEmail) },
      body: story.body,
      leadFigure: story.picture ? this.figure(edition, story.picture, placements.storyLead) : undefined,
      bodyFigures: Object.fromEntries([...(story.bodyPictures ?? new Map<number, ShownPicture>())].map(([id, picture]) => [id, this.figure(edition, picture, placements.storyBody)])),
      tags: story.tags.map((t) => ({ href: sitePaths.tag(edition.code, t.slug), label: t.name })),
      credit: story.credit ? { text: story.credit.text, href: story.credit.url ?? undefined, licenseHref: story.credit.licenseUrl ?? undefined } : undefined,
      creditLabel: s.source,
      related: story.related.map((r) => ({
        headline: r.headline,
        teaser: r.teaser,
        href: r.story ? sitePaths.story(edition.code, r.story.code, r.story.slug) : undefined,
        ...this.thumbnail(edition, r.picture, placements.listThumbnail),
      })),
      relatedHeading: s.relatedStories,
      comments: this.commentSection(edition, story, comments),
      featured: this.featured(edition, featured),
      featuredHeading: s.featuredStories,
      translations: translations.map((t) => ({ href: sitePaths.story(t.edition.code, story.code, t.slug), label: t.edition.name, language: t.edition.language })),
    };
  }

  storyListPage(
    frame: SiteFrame,
    edition: Edition,
    options: {
      title: string;
      heading: string;
      path: string;
      page: Page<StorySummary>;
      featured: FeaturedItem[];
      listHeading?: string;
      description?: string;
      scope?: ListPageScope;
      /** What editors wrote about the section, tag or author the page lists. */
      about?: TaxonPage;
    },
  ): StoryListPageView {
    const s = edition.strings;
    const summaries = options.page.items.map((story) => this.summary(edition, story));
    const pageNumber = options.page.page;
    const title = pageNumber > 1 ? `${options.title} – ${s.pageOf(pageNumber)} – ${s.siteName}` : `${options.title} – ${s.siteName}`;
    const canonical = this.absolute(sitePaths.withPage(options.path, pageNumber));
    const about = options.about;
    const description = options.description ?? (about && about.description !== '' ? about.description : undefined);
    return {
      frame,
      head: {
        title,
        description,
        canonicalHref: canonical,
        ...this.listMetadata(edition, options.scope, { title, heading: options.heading, canonical, description }),
      },
      heading: options.heading,
      about:
        about && (about.description !== '' || about.links.length > 0 || about.photo)
          ? {
              text: about.description,
              links: about.links.map((link) => ({ href: link.url, label: link.label })),
              photo: about.photo ? pictureView(about.photo, about.photo.alt, placements.authorPhoto) : undefined,
            }
          : undefined,
      stories: summaries,
      emptyText: s.nothingHere,
      listHeading: options.listHeading,
      pagination: this.pagination(edition, options.path, options.page),
      featured: this.featured(edition, options.featured),
      featuredHeading: s.featuredStories,
    };
  }

  /**
   * The first page of an edition's home: the editors' lead (else the newest story), the next stories as the
   * second tier, the rest of the page as the latest list, and each section's newest stories not shown above.
   */
  homePage(
    frame: SiteFrame,
    edition: Edition,
    options: { page: Page<StorySummary>; featured: FeaturedItem[]; lead?: StorySummary; sections: Taxon[]; latestBySection: ReadonlyMap<string, StorySummary[]> },
  ): HomePageView {
    const s = edition.strings;
    const { page } = options;
    const leadStory = options.lead ?? page.items[0];
    const rest = page.items.filter((story) => story.code !== leadStory?.code);
    const top = rest.slice(0, TOP_STORIES);
    const shown = new Set([leadStory, ...top].flatMap((story) => (story ? [story.code] : [])));
    const path = sitePaths.home(edition.code);
    const title = s.siteName;
    const canonical = this.absolute(path);
    const lead = leadStory ? { ...this.summary(edition, leadStory), ...this.thumbnail(edition, leadStory.picture, placements.homeLead), label: s.leadStory } : undefined;
    // What the front page leads with today, as search results and link previews show it.
    const description = homeDescription([leadStory, ...top].flatMap((story) => (story ? [story.headline] : [])));
    return {
      frame,
      head: { title: `${title} – ${s.siteName}`, description, canonicalHref: canonical, ...this.listMetadata(edition, { kind: 'home' }, { title, heading: s.siteName, canonical, description }) },
      heading: s.siteName,
      lead,
      topStories: top.map((story) => ({ ...this.summary(edition, story), ...this.thumbnail(edition, story.picture, placements.topStoryCard) })),
      topStoriesHeading: s.topStories,
      // A compact list: headlines and times, no pictures.
      latest: rest.slice(TOP_STORIES).map((story) => ({ ...this.summary(edition, story), picture: undefined, pictureCredit: undefined })),
      latestHeading: s.latestStories,
      sectionBlocks: options.sections.flatMap((section) => {
        const stories = (options.latestBySection.get(section.slug) ?? []).filter((story) => !shown.has(story.code)).slice(0, SECTION_BLOCK_STORIES);
        if (stories.length === 0) return [];
        const href = sitePaths.section(edition.code, section.slug);
        return [
          {
            section: { href, label: section.name },
            stories: stories.map((story, index) => ({ ...this.summary(edition, story), ...(index === 0 ? this.thumbnail(edition, story.picture, placements.sectionBlockCard) : { picture: undefined, pictureCredit: undefined }) })),
            more: { href, label: s.moreIn(section.name) },
          },
        ];
      }),
      emptyText: s.nothingHere,
      pagination: this.pagination(edition, path, page),
      featured: this.featured(edition, options.featured),
      featuredHeading: s.featuredStories,
    };
  }

  /** The edition's corrections, newest first, each linking to the story it corrects. */
  correctionsPage(frame: SiteFrame, edition: Edition, page: Page<CorrectionEntry>, featured: FeaturedItem[]): CorrectionsPageView {
    const s = edition.strings;
    const path = sitePaths.corrections(edition.code);
    const title = page.page > 1 ? `${s.correctionsHeading} – ${s.pageOf(page.page)} – ${s.siteName}` : `${s.correctionsHeading} – ${s.siteName}`;
    const canonical = this.absolute(sitePaths.withPage(path, page.page));
    return {
      frame,
      head: { title, description: s.correctionsIntro, canonicalHref: canonical, feeds: this.feedLinkViews(edition, []), openGraph: this.openGraphBasics(edition, 'website', title, canonical, s.correctionsIntro) },
      heading: s.correctionsHeading,
      intro: s.correctionsIntro,
      items: page.items.map(({ note, story }) => ({
        ...this.note(edition, note),
        href: sitePaths.story(edition.code, story.code, story.slug),
        headline: story.headline,
      })),
      emptyText: s.noCorrections,
      pagination: this.pagination(edition, path, page),
      featured: this.featured(edition, featured),
      featuredHeading: s.featuredStories,
    };
  }

  messagePage(frame: SiteFrame, edition: Edition, kind: 'not-found' | 'error' | 'bad-request', detail?: string): MessagePageView {
    const s = edition.strings;
    const heading = kind === 'not-found' ? s.notFoundTitle : kind === 'error' ? s.errorTitle : s.badRequestTitle;
    const text = detail ?? (kind === 'not-found' ? s.notFoundText : s.errorText);
    return { frame, head: { title: `${heading} – ${s.siteName}` }, heading, text, homeLabel: s.home };
  }

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
  private storyMetadata(edition: Edition, story: StoryDetail, canonical: string): Pick<HeadMeta, 'feeds' | 'openGraph' | 'twitter' | 'jsonLd'> {
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
  private listMetadata(
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
  private feedLinkViews(edition: Edition, scopes: NamedFeedScope[]): FeedLinkView[] {
    return [...scopes, { kind: 'edition' } as const].flatMap((scope) => {
      const { title } = feedTitle(edition, scope);
      return FEED_FORMATS.map((format) => ({
        href: this.absolute(sitePaths.feed(edition.code, scope, format)),
        type: FEED_MEDIA_TYPES[format],
        title: `${title} (${FEED_FORMAT_NAMES[format]})`,
      }));
    });
  }

  private openGraphBasics(edition: Edition, type: 'article' | 'website', title: string, url: string, description: string | undefined): MetaTagView[] {
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

  private summary(edition: Edition, story: StorySummary): StorySummaryView {
    return {
      href: sitePaths.story(edition.code, story.code, story.slug),
      headline: story.headline,
      teaser: story.teaser,
      published: this.time(story.publishedAt, edition, edition.dateFormat),
      sectionName: story.section?.name,
      ...this.thumbnail(edition, story.picture, placements.listThumbnail),
    };
  }

  /** A story's lead picture at a placement, with its credit line, or nothing. */
  private thumbnail(edition: Edition, picture: ShownPicture | undefined, placement: PicturePlacement): { picture?: PictureView; pictureCredit?: string } {
    if (!picture) return {};
    return { picture: pictureView(picture, picture.alt, placement), pictureCredit: picture.credit !== '' ? `${edition.strings.photoCredit}: ${picture.credit}` : undefined };
  }

  private figure(edition: Edition, picture: ShownPicture, placement: PicturePlacement): FigureView {
    return { picture: pictureView(picture, picture.alt, placement), caption: { caption: picture.caption, credit: picture.credit, creditLabel: edition.strings.photoCredit } };
  }

  private storyNotes(edition: Edition, story: StoryDetail): StoryNotesView {
    const s = edition.strings;
    return {
      heading: s.storyNotes,
      items: story.notes.map((note) => this.note(edition, note)),
      allCorrections: { href: sitePaths.corrections(edition.code), label: s.allCorrections },
    };
  }

  private note(edition: Edition, note: StoryNote): StoryNoteView {
    const s = edition.strings;
    return { kind: note.kind, kindLabel: note.kind === 'correction' ? s.noteCorrection : s.noteUpdate, time: this.time(note.notedAt, edition, edition.datelineFormat), text: note.text };
  }

  private featured(edition: Edition, items: FeaturedItem[]): FeaturedView[] {
    return items.map((item) => ({
      ...this.thumbnail(edition, item.picture, placements.railCard),
      headline: item.headline,
      href: item.story ? sitePaths.story(edition.code, item.story.code, item.story.slug) : undefined,
      date: item.publishedAt
        ? this.time(item.publishedAt, edition, edition.dateFormat)
        : item.dated
          ? this.calendarDay(item.dated, edition)
          : undefined,
    }));
  }

  private pagination(edition: Edition, path: string, page: Page<unknown>): PaginationView | undefined {
    if (page.pageCount <= 1) return undefined;
    const s = edition.strings;
    return {
      label: s.pagination,
      current: s.pageOf(page.page),
      newer: page.page > 1 ? { href: sitePaths.withPage(path, page.page - 1), label: s.newerStories } : undefined,
      older: page.page < page.pageCount ? { href: sitePaths.withPage(path, page.page + 1), label: s.olderStories } : undefined,
    };
  }

  private commentSection(edition: Edition, story: StoryDetail, comments: StoryComments | undefined): CommentSectionView {
    const s = edition.strings;
    const c = s.commenting;
    const base: CommentSectionView = { heading: s.comments, countText: s.commentCount(story.commentCount), items: [], orderLinks: [] };
    if (!comments) return base;
    const path = sitePaths.story(edition.code, story.code, story.slug);
    const { thread, settings } = comments;
    const link = (page: number, order: string, extra = '') => {
      const query = new URLSearchParams();
      if (page > 1) query.set('comments', String(page));
      if (order !== 'newest') query.set('order', order);
      const text = query.toString();
      return `${path}${text ? `?${text}` : ''}${extra}`;
    };
    const toView = (comment: PublicComment, isTopLevel: boolean): CommentView => ({
      anchor: `comment-${comment.id}`,
      authorName: comment.authorName,
      time: this.time(comment.createdAt, edition, edition.datelineFormat),
      lines: comment.lines,
      editedLabel: comment.isEdited ? c.edited : undefined,
      reply:
        isTopLevel && settings.isOpen
          ? { href: `${link(thread.page, thread.order)}${thread.page > 1 || thread.order !== 'newest' ? '&' : '?'}reply=${comment.id}#comment-form`, label: c.reply }
          : undefined,
      replies: comment.replies.map((r) => toView(r, false)),
    });
    const draft = comments.draft;
    const replyTo = comments.replyTo ?? (draft?.outcome === 'parent' ? undefined : draft?.parentId);
    const replyTarget = replyTo === undefined ? undefined : thread.items.find((i) => i.id === replyTo);
    // A refused post's message sits in the form, beside what the reader typed; others above the thread.
    const outcome = draft ? undefined : comments.outcome;
    return {
      ...base,
      message: outcome ? { text: c.outcomes[outcome], isError: outcome !== 'published' && outcome !== 'pending' } : undefined,
      closedText: settings.isOpen ? undefined : c.closed,
      unsent: draft && !settings.isOpen ? { label: c.unsent, body: draft.body } : undefined,
      emptyText: thread.threadCount === 0 ? c.none : undefined,
      items: thread.items.map((i) => toView(i, true)),
      orderLinks: (['newest', 'oldest'] as const).map((order) => ({
        href: `${link(1, order)}#comments`,
        label: order === 'newest' ? c.newestFirst : c.oldestFirst,
        isCurrent: thread.order === order,
      })),
      pagination:
        thread.pageCount > 1
          ? {
              label: c.pages,
              current: s.pageOf(thread.page),
              newer: thread.page > 1 ? { href: `${link(thread.page - 1, thread.order)}#comments`, label: thread.order === 'newest' ? c.newerComments : c.olderComments } : undefined,
              older: thread.page < thread.pageCount ? { href: `${link(thread.page + 1, thread.order)}#comments`, label: thread.order === 'newest' ? c.olderComments : c.newerComments } : undefined,
            }
          : undefined,
      form: settings.isOpen
        ? this.commentForm(edition, story.code, comments.formToken, {
            heading: replyTarget ? c.replyTo(replyTarget.authorName) : c.formHeading,
            // A reply refused on another page of the thread stays a reply, though its target is not shown here.
            parentId: replyTarget?.id ?? (draft?.outcome === 'parent' ? undefined : draft?.parentId),
            values: draft ? { name: draft.name, email: draft.email, body: draft.body } : undefined,
            error: draft ? { text: c.outcomes[draft.outcome], field: draft.field } : undefined,
            islandSrc: comments.islandSrc,
          })
        : undefined,
    };
  }

  /**
   * A comment the database could not take, given back in the form to send again. The database is not asked
   * for anything (it is the trouble): no thread, no count, no sections, and the story by its code alone.
   */
  commentNotSentPage(frame: SiteFrame, edition: Edition, storyCode: number, draft: UnsentComment, formToken: string, islandSrc?: string): CommentNotSentPageView {
    const s = edition.strings;
    const c = s.commenting;
    return {
      frame,
      head: { title: `${c.notSent.title} – ${s.siteName}` },
      heading: c.notSent.title,
      comments: {
        heading: s.comments,
        // Where the count would be: the count needs the database; what the reader needs to know is that nothing is lost.
        countText: c.notSent.kept,
        items: [],
        orderLinks: [],
        form: this.commentForm(edition, storyCode, formToken, {
          heading: c.formHeading,
          parentId: draft.parentId,
          values: { name: draft.name, email: draft.email, body: draft.body },
          error: { text: c.notSent.reason },
          islandSrc,
        }),
      },
      back: { href: sitePaths.storyByCode(edition.code, storyCode), label: c.notSent.backToStory },
    };
  }

  private commentForm(
    edition: Edition,
    storyCode: number,
    token: string,
    own: Pick<CommentFormView, 'heading' | 'parentId' | 'values' | 'error' | 'islandSrc'>,
  ): CommentFormView {
    const c = edition.strings.commenting;
    return {
      action: `/${edition.code}/news/${storyCode}/comments`,
      heading: own.heading,
      token,
      parentId: own.parentId,
      values: own.values,
      error: own.error,
      nameLabel: c.name,
      emailLabel: c.email,
      emailHint: c.emailHint,
      bodyLabel: c.body,
      honeypotLabel: c.honeypot,
      sendLabel: c.send,
      maxLength: commentLimits.bodyMaxLength,
      counterText: c.charactersLeft(commentLimits.bodyMaxLength - [...(own.values?.body ?? '')].length),
      counterTemplate: c.charactersLeft(987654).replace(/987[,.\u066c\u060c\s]?654|[۹٩][۸٨][۷٧][٬,]?[۶٦][۵٥][۴٤]/u, '{n}'),
      failedText: c.failed,
      islandSrc: own.islandSrc,
    };
  }

  private time(instant: string, edition: Edition, format: string): TimeView {
    const clock = clockOf(edition);
    return { iso: isoInEdition(instant, clock), text: formatInEdition(instant, format, clock) };
  }

  /** A curated date with no time: formatted as a day, not shifted through any zone. */
  private calendarDay(day: string, edition: Edition): TimeView {
    return { iso: day, text: formatInEdition(`${day}T12:00:00.000Z`, edition.dateFormat, { ...clockOf(edition), time_zone: 'UTC' }) };
  }
}

/** What the story page shows of its comments, gathered by the route. */
export interface StoryComments {
  thread: CommentThreadPage;
  settings: CommentSettings;
  formToken: string;
  outcome?: CommentOutcome;
  /** A top-level comment on this page being replied to. */
  replyTo?: number;
  /** A refused post, shown again to its sender. */
  draft?: CommentDraft;
  /** The comment form's script, for posting without a reload. */
  islandSrc?: string;
}

/** What a reader sent in the comment form, as they typed it. */
export interface UnsentComment {
  name: string;
  email: string;
  body: string;
  parentId?: number;
}

/**
 * A refused post as its sender typed it, and why it was refused: answered in the response to that post
 * only (never cached, never stored), so that a reader without scripts loses nothing they wrote.
 */
export interface CommentDraft {
  name: string;
  email: string;
  body: string;
  parentId?: number;
  outcome: CommentOutcome;
  /** The field to blame, when one is. */
  field?: 'name' | 'email' | 'body';
}
