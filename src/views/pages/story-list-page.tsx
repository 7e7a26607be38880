import { FeaturedStories } from '../components/featured-stories.tsx';
import { ResponsivePicture } from '../components/responsive-picture.tsx';
import { SiteLayout } from '../components/site-layout.tsx';
import { Pagination, StoryList } from '../components/story-list.tsx';
import type { StoryListPageView } from '../view-models.ts';

/** Section, tag, author and day-archive pages, and the home page's later pages: a heading, then the stories as cards, paged. */
export function StoryListPage({ view }: { view: StoryListPageView }) {
  return (
    <SiteLayout frame={view.frame} head={view.head}>
      <main class="story-layout">
        <div class="story-listing">
          <header class={view.about?.photo ? 'listing-header has-photo' : 'listing-header'}>
            {view.about?.photo ? <ResponsivePicture picture={view.about.photo} class="listing-photo" /> : null}
            <h1>{view.heading}</h1>
            {view.about && view.about.text !== '' ? <p class="listing-about">{view.about.text}</p> : null}
            {view.about && view.about.links.length > 0 ? (
              <ul class="listing-links">
                {view.about.links.map((link) => (
                  <li>
                    <a href={link.href} rel="me noopener">
                      {link.label}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </header>
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
