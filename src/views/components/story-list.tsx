import { StoryCard } from './story-card.tsx';
import type { PaginationView, StorySummaryView } from '../view-models.ts';

/** Stories as cards, one after another (section, tag, author and archive pages, later home pages). */
export function StoryList({ stories, headingLevel = 3 }: { stories: StorySummaryView[]; headingLevel?: 2 | 3 }) {
  return (
    <ul class="story-list">
      {stories.map((story) => (
        <li>
          <StoryCard story={story} headingLevel={headingLevel} />
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
