import { AdminLayout } from '../components/admin-layout.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Notice } from '../components/notice.tsx';
import { StorySubpageIntro } from '../components/page-links.tsx';
import { ReorderableList } from '../components/reorderable-list.tsx';
import { StorySearch } from '../components/story-search.tsx';
import type { StoryRelatedPageView } from '../admin-view-models.ts';

/** The related stories editors pin to one story, in order, and a search to pin more. */
export function StoryRelatedPage({ view }: { view: StoryRelatedPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <StorySubpageIntro view={view} />
      {view.errorSummary ? <ErrorSummary summary={view.errorSummary} /> : null}
      {view.notice ? <Notice notice={view.notice} /> : null}
      <section aria-labelledby="pinned-heading">
        <h2 id="pinned-heading">{view.pinned.heading}</h2>
        <ReorderableList list={view.pinned.list} />
      </section>
      <StorySearch search={view.search} id="find" />
    </AdminLayout>
  );
}
