import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { Notice } from '../components/notice.tsx';
import type { StoryCommentsPageView } from '../comment-view-models.ts';

/** One story's comment setting: what applies now, what its section says, and the form to set its own. */
export function StoryCommentsPage({ view }: { view: StoryCommentsPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>
        {view.heading}: <span class="story-title" lang={view.storyLanguage} dir="auto">
          {view.storyHeadline}
        </span>
      </h1>
      <p class="intro">{view.intro}</p>
      <ul class="page-links">
        {view.links.map((link) => (
          <li>
            <a href={link.href}>{link.label}</a>
          </li>
        ))}
      </ul>
      {view.notice ? <Notice notice={view.notice} /> : null}
      {view.facts.map((fact) => (
        <p>{fact}</p>
      ))}
      <AdminForm form={view.form} />
    </AdminLayout>
  );
}
