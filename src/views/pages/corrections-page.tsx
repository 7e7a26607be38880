import { FeaturedStories } from '../components/featured-stories.tsx';
import { SiteLayout } from '../components/site-layout.tsx';
import { Pagination } from '../components/story-list.tsx';
import type { CorrectionsPageView } from '../view-models.ts';

/** An edition's corrections, newest first: each says what was corrected, when, and links to the story. */
export function CorrectionsPage({ view }: { view: CorrectionsPageView }) {
  return (
    <SiteLayout frame={view.frame} head={view.head}>
      <main class="story-layout">
        <div class="story-listing">
          <h1>{view.heading}</h1>
          <p class="intro">{view.intro}</p>
          {view.items.length > 0 ? (
            <ol class="corrections-list">
              {view.items.map((item) => (
                <li>
                  <article class="correction">
                    <h2>
                      <a href={item.href}>{item.headline}</a>
                    </h2>
                    <p class="story-meta">
                      <strong>{item.kindLabel}</strong> <time datetime={item.time.iso}>{item.time.text}</time>
                    </p>
                    <p>{item.text}</p>
                  </article>
                </li>
              ))}
            </ol>
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
