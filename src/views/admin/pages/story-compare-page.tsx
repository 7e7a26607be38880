import { AdminLayout } from '../components/admin-layout.tsx';
import { RevisionDiff } from '../components/revision-diff.tsx';
import type { StoryComparePageView } from '../story-view-models.ts';

/** Two revisions of a story compared (`RevisionDiff`), with the way back to its revisions. */
export function StoryComparePage({ view }: { view: StoryComparePageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <p class="intro">{view.intro}</p>
      <p>
        <a href={view.back.href}>{view.back.label}</a>
      </p>
      {view.sameText ? <p class="notice">{view.sameText}</p> : null}
      <RevisionDiff diff={view.diff} idPrefix="compare" />
    </AdminLayout>
  );
}
