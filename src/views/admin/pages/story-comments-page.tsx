import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { Notice } from '../components/notice.tsx';
import { StorySubpageIntro } from '../components/page-links.tsx';
import type { StoryCommentsPageView } from '../comment-view-models.ts';

/** One story's comment setting: what applies now, what its section says, and the form to set its own. */
export function StoryCommentsPage({ view }: { view: StoryCommentsPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <StorySubpageIntro view={view} />
      {view.notice ? <Notice notice={view.notice} /> : null}
      {view.facts.map((fact) => (
        <p>{fact}</p>
      ))}
      <AdminForm form={view.form} />
    </AdminLayout>
  );
}
