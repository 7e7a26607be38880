import type { CorrectionEntry } from '../modules/corrections/index.ts';
import type { Edition } from '../modules/editions/edition-service.ts';
import type { FeaturedItem, Page, StorySummary, TaxonPage } from '../modules/stories/story-types.ts';
import type { CorrectionsPageView, SiteFrame, StoryListPageView } from '../views/view-models.ts';
import type { ListPageScope, PageMetadata } from './page-metadata.ts';
import { featuredViews, noteView, paginationView, summaryView } from './page-parts.ts';
import { pictureView, placements } from './picture-presenter.ts';
import { sitePaths } from './site-paths.ts';

/** Pages that list stories or notes a page at a time: the archive, a section, a tag, an author, the corrections. */
export class ListPagePresenter {
  constructor(private readonly meta: PageMetadata) {}

  storyList(
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
    const summaries = options.page.items.map((story) => summaryView(edition, story));
    const pageNumber = options.page.page;
    const title = pageNumber > 1 ? `${options.title} – ${s.pageOf(pageNumber)} – ${s.siteName}` : `${options.title} – ${s.siteName}`;
    const canonical = this.meta.absolute(sitePaths.withPage(options.path, pageNumber));
    const about = options.about;
    // Every list page gets a description, for search results and link previews: what editors wrote, or a plain line.
    const description = options.description ?? (about && about.description !== '' ? about.description : s.listDescription(options.heading, s.siteName));
    return {
      frame,
      head: {
        title,
        description,
        canonicalHref: canonical,
        ...this.meta.listMetadata(edition, options.scope, { title, heading: options.heading, canonical, description }),
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
      pagination: paginationView(edition, options.path, options.page),
      featured: featuredViews(edition, options.featured),
      featuredHeading: s.featuredStories,
    };
  }

  /** The edition's corrections, newest first, each linking to the story it corrects. */
  corrections(frame: SiteFrame, edition: Edition, page: Page<CorrectionEntry>, featured: FeaturedItem[]): CorrectionsPageView {
    const s = edition.strings;
    const path = sitePaths.corrections(edition.code);
    const title = page.page > 1 ? `${s.correctionsHeading} – ${s.pageOf(page.page)} – ${s.siteName}` : `${s.correctionsHeading} – ${s.siteName}`;
    const canonical = this.meta.absolute(sitePaths.withPage(path, page.page));
    return {
      frame,
      head: { title, description: s.correctionsIntro, canonicalHref: canonical, feeds: this.meta.feedLinkViews(edition, []), openGraph: this.meta.openGraphBasics(edition, 'website', title, canonical, s.correctionsIntro) },
      heading: s.correctionsHeading,
      intro: s.correctionsIntro,
      items: page.items.map(({ note, story }) => ({
        ...noteView(edition, note),
        href: sitePaths.story(edition.code, story.code, story.slug),
        headline: story.headline,
      })),
      emptyText: s.noCorrections,
      pagination: paginationView(edition, path, page),
      featured: featuredViews(edition, featured),
      featuredHeading: s.featuredStories,
    };
  }
}
