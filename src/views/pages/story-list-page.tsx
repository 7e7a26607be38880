import { FeaturedStories } from '../components/featured-stories.tsx';
import { SiteLayout } from '../components/site-layout.tsx';
import { Pagination, StoryList } from '../components/story-list.tsx';
import type { StoryListPageView } from '../view-models.ts';

/** Section, tag, author and day-archive pages, and the home page's later pages: a heading, then the stories as cards, paged. */
export function StoryListPage({ view }: { view: StoryListPageView }) {
  return (
    <SiteLayout frame={view.frame} head={view.head}>
      <main class="story-layout">
        <div class="story-listing">
          <h1>{view.heading}</h1>
          {view.listHeading && view.stories.length > 0 ? <h2>{view.listHeading}</h2> : null}
          {view.stories.length > 0 ? (
            <StoryList stories={view.stories} headingLevel={view.listHeading ? 3 : 2} />
          ) : (
            <p>{view.emptyText}</p>
          )}
          {view.pagination ? <Pagination pagination={view.pagination} /> : null}
        </div>
        <FeaturedStories heading={view.featuredHeading} items={view.featured} />
      </main>
    </SiteLayout>
  );
}
