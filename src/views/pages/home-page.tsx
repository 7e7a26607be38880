import { Thumbnail } from '../components/figure.tsx';
import { FeaturedStories } from '../components/featured-stories.tsx';
import { SiteLayout } from '../components/site-layout.tsx';
import { StoryCard } from '../components/story-card.tsx';
import { Pagination } from '../components/story-list.tsx';
import type { HomePageView } from '../view-models.ts';

/**
 * An edition's front page, in reading order: the lead, the top stories, the latest list, the section blocks,
 * the Featured Stories. The stylesheet sets the latest list beside the lead on wide screens; the markup keeps
 * the order a screen reader and a phone follow.
 */
export function HomePage({ view }: { view: HomePageView }) {
  const { lead } = view;
  return (
    <SiteLayout frame={view.frame} head={view.head}>
      <main class="front">
        <h1 class="visually-hidden">{view.heading}</h1>
        {lead ? (
          <article class={lead.picture ? 'lead-story has-picture' : 'lead-story'} aria-label={lead.label}>
            <h2>
              <a href={lead.href}>{lead.headline}</a>
            </h2>
            <p class="story-meta">
              <time datetime={lead.published.iso}>{lead.published.text}</time>
              {lead.sectionName ? <span class="story-section"> · {lead.sectionName}</span> : null}
            </p>
            {lead.teaser ? <p class="story-teaser">{lead.teaser}</p> : null}
            {lead.picture ? <Thumbnail picture={lead.picture} credit={lead.pictureCredit} /> : null}
          </article>
        ) : (
          <p class="front-empty">{view.emptyText}</p>
        )}
        {view.topStories.length > 0 ? (
          <section class="top-stories" aria-labelledby="top-stories-heading">
            <h2 id="top-stories-heading" class="visually-hidden">
              {view.topStoriesHeading}
            </h2>
            <ul class="card-grid">
              {view.topStories.map((story) => (
                <li>
                  <StoryCard story={story} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {view.latest.length > 0 || view.pagination ? (
          <section class="latest-stories" aria-labelledby="latest-stories-heading">
            <h2 id="latest-stories-heading">
              {view.latestHeading}
            </h2>
            <ol class="latest-list">
              {view.latest.map((story) => (
                <li>
                  <StoryCard story={story} hasTeaser={false} />
                </li>
              ))}
            </ol>
            {view.pagination ? <Pagination pagination={view.pagination} /> : null}
          </section>
        ) : null}
        {view.sectionBlocks.length > 0 ? (
          <div class="section-blocks">
            {view.sectionBlocks.map((block, index) => (
              <section class="section-block" aria-labelledby={`section-block-${index}`}>
                <h2 id={`section-block-${index}`}>
                  <a href={block.section.href}>{block.section.label}</a>
                </h2>
                <ul>
                  {block.stories.map((story, position) => (
                    <li>
                      <StoryCard story={story} class="block-story" hasTeaser={position === 0} />
                    </li>
                  ))}
                </ul>
                <p class="section-more">
                  <a href={block.more.href}>{block.more.label}</a>
                </p>
              </section>
            ))}
          </div>
        ) : null}
        <FeaturedStories heading={view.featuredHeading} items={view.featured} />
      </main>
    </SiteLayout>
  );
}
