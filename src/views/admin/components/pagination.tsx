import type { PaginationView } from '../story-view-models.ts';

/** Newer and older pages of a list, with where the reader is. */
export function Pagination({ pagination }: { pagination: PaginationView }) {
  return (
    <nav class="pagination" aria-label={pagination.label}>
      {pagination.newer ? <a href={pagination.newer.href}>{pagination.newer.label}</a> : <span />}
      <span>{pagination.current}</span>
      {pagination.older ? <a href={pagination.older.href}>{pagination.older.label}</a> : <span />}
    </nav>
  );
}
