import type { Edition } from '../modules/editions/edition-service.ts';
import type { FeedLinks } from '../modules/feeds/index.ts';
import type { SitemapUrls } from '../modules/sitemaps/index.ts';
import type { Taxon } from '../modules/stories/story-types.ts';
import type { CommentNotSentPageView, CorrectionsPageView, HomePageView, MessagePageView, SiteFrame, StoryListPageView, StoryPageView } from '../views/view-models.ts';
import { commentNotSentPage } from './comment-section-presenter.ts';
import { HomePagePresenter } from './home-page-presenter.ts';
import { ListPagePresenter } from './list-page-presenter.ts';
import { PageMetadata, type PresenterBrand } from './page-metadata.ts';
import { searchPath } from './search-presenter.ts';
import { identityFrame } from './site-identity-presenter.ts';
import { sitePaths } from './site-paths.ts';
import { StoryPagePresenter } from './story-page-presenter.ts';

/**
 * Turns domain objects into the reader's pages' view models: one presenter per page (story, home, list pages,
 * comments), sharing the pieces in page-parts.ts and what pages tell machines (`PageMetadata`). Every date
 * is formatted in the edition's zone and language, and every absolute URL starts with the configured public URL.
 */
export class SitePresenter {
  private readonly meta: PageMetadata;
  private readonly stories: StoryPagePresenter;
  private readonly home: HomePagePresenter;
  private readonly lists: ListPagePresenter;

  constructor(
    publicUrl: string,
    private readonly stylesheetHref: string,
    private readonly brand: PresenterBrand,
  ) {
    this.meta = new PageMetadata(publicUrl, brand);
    this.stories = new StoryPagePresenter(this.meta);
    this.home = new HomePagePresenter(this.meta);
    this.lists = new ListPagePresenter(this.meta);
  }

  /** What every reader's page has around it: the site's name, navigation, editions and search. */
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

  storyPage(...args: Parameters<StoryPagePresenter['page']>): StoryPageView {
    return this.stories.page(...args);
  }

  storyListPage(...args: Parameters<ListPagePresenter['storyList']>): StoryListPageView {
    return this.lists.storyList(...args);
  }

  homePage(...args: Parameters<HomePagePresenter['page']>): HomePageView {
    return this.home.page(...args);
  }

  correctionsPage(...args: Parameters<ListPagePresenter['corrections']>): CorrectionsPageView {
    return this.lists.corrections(...args);
  }

  commentNotSentPage(...args: Parameters<typeof commentNotSentPage>): CommentNotSentPageView {
    return commentNotSentPage(...args);
  }

  messagePage(frame: SiteFrame, edition: Edition, kind: 'not-found' | 'error' | 'bad-request', detail?: string): MessagePageView {
    const s = edition.strings;
    const heading = kind === 'not-found' ? s.notFoundTitle : kind === 'error' ? s.errorTitle : s.badRequestTitle;
    const text = detail ?? (kind === 'not-found' ? s.notFoundText : s.errorText);
    return { frame, head: { title: `${heading} – ${s.siteName}` }, heading, text, homeLabel: s.home };
  }

  absolute(...args: Parameters<PageMetadata['absolute']>): string {
    return this.meta.absolute(...args);
  }

  feedLinks(...args: Parameters<PageMetadata['feedLinks']>): FeedLinks {
    return this.meta.feedLinks(...args);
  }

  sitemapUrls(): SitemapUrls {
    return this.meta.sitemapUrls();
  }
}
