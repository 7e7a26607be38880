import { Thumbnail } from './figure.tsx';
import type { PaginationView, StorySummaryView } from '../view-models.ts';

export function StoryList({ stories, headingLevel = 3 }: { stories: StorySummaryView[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="story-list">
      {stories.map((story) => (
        <li>
          <article class={story.picture ? 'story-summary has-picture' : 'story-summary'}>
            {story.picture ? <Thumbnail picture={story.picture} credit={story.pictureCredit} /> : null}
            <Heading>
              <a href={story.href}>{story.headline}</a>
            </Heading>
            <p class="story-meta">
              <time datetime={story.published.iso}>{story.published.text}</time>
              {story.sectionName ? <span class="story-section"> · {story.sectionName}</span> : null}
            </p>
            {story.teaser ? <p>{story.teaser}</p> : null}
          </article>
        </li>
      ))}
    </ul>
  );
}

export function Pagination({ pagination }: { pagination: PaginationView }) {
  return (
    <nav class="pagination" aria-label={pagination.label}>
      {pagination.newer ? (
        <a href={pagination.newer.href} rel="prev">
          {pagination.newer.label}
        </a>
      ) : null}
      <span aria-current="page">{pagination.current}</span>
      {pagination.older ? (
        <a href={pagination.older.href} rel="next">
          {pagination.older.label}
        </a>
      ) : null}
    </nav>
  );
}
