import type { Edition } from '../modules/editions/edition-service.ts';
import type { FeaturedItem, Page, StorySummary, Taxon } from '../modules/stories/story-types.ts';
import type { HomePageView, SiteFrame } from '../views/view-models.ts';
import type { PageMetadata } from './page-metadata.ts';
import { featuredViews, paginationView, summaryView, thumbnailView } from './page-parts.ts';
import { placements } from './picture-presenter.ts';
import { sitePaths } from './site-paths.ts';

/** Stories in the home page's second tier, under the lead. */
export const TOP_STORIES = 4;
/** Stories in each section's block on the home page. */
export const SECTION_BLOCK_STORIES = 3;

/** An edition's home page. */
export class HomePagePresenter {
  constructor(private readonly meta: PageMetadata) {}

  /**
   * The first page of an edition's home: the editors' lead (else the newest story), the next stories as the
   * second tier, the rest of the page as the latest list, and each section's newest stories not shown above.
   */
  page(
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
    const canonical = this.meta.absolute(path);
    const lead = leadStory ? { ...summaryView(edition, leadStory), ...thumbnailView(edition, leadStory.picture, placements.homeLead), label: s.leadStory } : undefined;
    // What the front page leads with today, as search results and link previews show it.
    const description = homeDescription([leadStory, ...top].flatMap((story) => (story ? [story.headline] : [])));
    return {
      frame,
      head: { title: `${title} – ${s.siteName}`, description, canonicalHref: canonical, ...this.meta.listMetadata(edition, { kind: 'home' }, { title, heading: s.siteName, canonical, description }) },
      heading: s.siteName,
      lead,
      topStories: top.map((story) => ({ ...summaryView(edition, story), ...thumbnailView(edition, story.picture, placements.topStoryCard) })),
      topStoriesHeading: s.topStories,
      // A compact list: headlines and times, no pictures.
      latest: rest.slice(TOP_STORIES).map((story) => ({ ...summaryView(edition, story), picture: undefined, pictureCredit: undefined })),
      latestHeading: s.latestStories,
      sectionBlocks: options.sections.flatMap((section) => {
        const stories = (options.latestBySection.get(section.slug) ?? []).filter((story) => !shown.has(story.code)).slice(0, SECTION_BLOCK_STORIES);
        if (stories.length === 0) return [];
        const href = sitePaths.section(edition.code, section.slug);
        return [
          {
            section: { href, label: section.name },
            stories: stories.map((story, index) => ({ ...summaryView(edition, story), ...(index === 0 ? thumbnailView(edition, story.picture, placements.sectionBlockCard) : { picture: undefined, pictureCredit: undefined }) })),
            more: { href, label: s.moreIn(section.name) },
          },
        ];
      }),
      emptyText: s.nothingHere,
      pagination: paginationView(edition, path, page),
      featured: featuredViews(edition, options.featured),
      featuredHeading: s.featuredStories,
    };
  }
}

/** The front page's headlines, joined, cut at a word before 160 characters (what search results show); none without stories. */
function homeDescription(headlines: string[]): string | undefined {
  if (headlines.length === 0) return undefined;
  const joined = headlines.join(' · ');
  if (joined.length <= 160) return joined;
  const cut = joined.slice(0, 159);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 80)).replace(/[\s·]+$/u, '')}…`;
}
