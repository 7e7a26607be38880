import type { Edition } from '../modules/editions/edition-service.ts';
import { formatInEdition, isoInEdition } from '../modules/editions/edition-time.ts';
import type { FeaturedItem, Page, StoryDetail, StorySummary, Taxon } from '../modules/stories/story-types.ts';
import type {
  FeaturedView,
  MessagePageView,
  PaginationView,
  SiteFrame,
  StoryListPageView,
  StoryPageView,
  StorySummaryView,
  TimeView,
} from '../views/view-models.ts';
import { sitePaths } from './site-paths.ts';

/** Turns domain objects into view models: every date is formatted here, in the edition's zone and language. */
export class SitePresenter {
  constructor(
    private readonly publicUrl: string,
    private readonly stylesheetHref: string,
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
      },
      sections: sections.map((s) => ({ href: sitePaths.section(edition.code, s.slug), label: s.name })),
      editions: editions.map((e) => ({ href: sitePaths.home(e.code), label: e.name, language: e.language, isCurrent: e.code === edition.code })),
    };
  }

  storyPage(
    frame: SiteFrame,
    edition: Edition,
    story: StoryDetail,
    featured: FeaturedItem[],
    translations: Array<{ edition: Edition; slug: string }>,
  ): StoryPageView {
    const s = edition.strings;
    const canonical = this.absolute(sitePaths.story(edition.code, story.code, story.slug));
    return {
      frame,
      head: {
        title: `${story.headline} – ${s.siteName}`,
        description: story.teaser,
        canonicalHref: canonical,
        alternates: translations.map((t) => ({ href: this.absolute(sitePaths.story(t.edition.code, story.code, t.slug)), language: t.edition.language })),
      },
      dateline: this.time(story.publishedAt, edition, edition.datelineFormat),
      updated: story.updatedAt !== story.publishedAt ? this.time(story.updatedAt, edition, edition.datelineFormat) : undefined,
      headline: story.headline,
      storyCodeLabel: s.storyCode,
      code: story.code,
      section: story.section ? { href: sitePaths.section(edition.code, story.section.slug), label: story.section.name } : undefined,
      authors: story.authors.map((a) => a.name),
      byLabel: s.by,
      body: story.body,
      tags: story.tags.map((t) => ({ href: sitePaths.tag(edition.code, t.slug), label: t.name })),
      credit: story.credit ? { text: story.credit.text, href: story.credit.url ?? undefined, licenseHref: story.credit.licenseUrl ?? undefined } : undefined,
      creditLabel: s.source,
      related: story.related.map((r) => ({
        headline: r.headline,
        teaser: r.teaser,
        href: r.story ? sitePaths.story(edition.code, r.story.code, r.story.slug) : undefined,
      })),
      relatedHeading: s.relatedStories,
      comments: { heading: s.comments, countText: s.commentCount(story.commentCount), notice: s.commentsNotOpen },
      featured: this.featured(edition, featured),
      featuredHeading: s.featuredStories,
      translations: translations.map((t) => ({ href: sitePaths.story(t.edition.code, story.code, t.slug), label: t.edition.name, language: t.edition.language })),
    };
  }

  storyListPage(
    frame: SiteFrame,
    edition: Edition,
    options: { title: string; heading: string; path: string; page: Page<StorySummary>; featured: FeaturedItem[]; withLead?: boolean; listHeading?: string; description?: string },
  ): StoryListPageView {
    const s = edition.strings;
    const summaries = options.page.items.map((story) => this.summary(edition, story));
    const lead = options.withLead && options.page.page === 1 ? summaries.shift() : undefined;
    const pageNumber = options.page.page;
    return {
      frame,
      head: {
        title: pageNumber > 1 ? `${options.title} – ${s.pageOf(pageNumber)} – ${s.siteName}` : `${options.title} – ${s.siteName}`,
        description: options.description,
        canonicalHref: this.absolute(sitePaths.withPage(options.path, pageNumber)),
      },
      heading: options.heading,
      lead: lead ? { ...lead, label: s.leadStory } : undefined,
      stories: summaries,
      emptyText: s.nothingHere,
      listHeading: options.listHeading,
      pagination: this.pagination(edition, options.path, options.page),
      featured: this.featured(edition, options.featured),
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

  private summary(edition: Edition, story: StorySummary): StorySummaryView {
    return {
      href: sitePaths.story(edition.code, story.code, story.slug),
      headline: story.headline,
      teaser: story.teaser,
      published: this.time(story.publishedAt, edition, edition.dateFormat),
      sectionName: story.section?.name,
    };
  }

  private featured(edition: Edition, items: FeaturedItem[]): FeaturedView[] {
    return items.map((item) => ({
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

  private time(instant: string, edition: Edition, format: string): TimeView {
    const clock = { language: edition.language, time_zone: edition.timeZone };
    return { iso: isoInEdition(instant, clock), text: formatInEdition(instant, format, clock) };
  }

  /** A curated date with no time: formatted as a day, not shifted through any zone. */
  private calendarDay(day: string, edition: Edition): TimeView {
    return { iso: day, text: formatInEdition(`${day}T12:00:00.000Z`, edition.dateFormat, { language: edition.language, time_zone: 'UTC' }) };
  }
}
