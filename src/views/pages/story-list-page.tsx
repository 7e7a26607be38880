import { Thumbnail } from '../components/figure.tsx';
import { FeaturedStories } from '../components/featured-stories.tsx';
import { SiteLayout } from '../components/site-layout.tsx';
import { Pagination, StoryList } from '../components/story-list.tsx';
import type { StoryListPageView } from '../view-models.ts';

/** Home, section, tag and day-archive pages: a heading, an optional lead story, a paged list. */
export function StoryListPage({ view }: { view: StoryListPageView }) {
  return (
    <SiteLayout frame={view.frame} head={view.head}>
      <main class="story-layout">
        <div class="story-listing">
          <h1>{view.heading}</h1>
          {view.lead ? (
            <article class="lead-story" aria-label={view.lead.label}>
              {view.lead.picture ? <Thumbnail picture={view.lead.picture} credit={view.lead.pictureCredit} /> : null}
              <h2>
                <a href={view.lead.href}>{view.lead.headline}</a>
              </h2>
              <p class="story-meta">
                <time datetime={view.lead.published.iso}>{view.lead.published.text}</time>
              </p>
              <p>{view.lead.teaser}</p>
            </article>
          ) : null}
          {view.listHeading && view.stories.length > 0 ? <h2>{view.listHeading}</h2> : null}
          {view.stories.length > 0 ? (
            <StoryList stories={view.stories} headingLevel={view.listHeading ? 3 : 2} />
          ) : view.lead ? null : (
            <p>{view.emptyText}</p>
          )}
          {view.pagination ? <Pagination pagination={view.pagination} /> : null}
        </div>
        <FeaturedStories heading={view.featuredHeading} items={view.featured} />
      </main>
    </SiteLayout>
  );
}
