import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { Notice } from '../components/notice.tsx';
import type { DashboardPageView } from '../admin-view-models.ts';

/** The newsroom's front door: the sections the viewer's role may use, and their account. */
export function DashboardPage({ view }: { view: DashboardPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      {view.notice ? <Notice notice={view.notice} /> : null}
      <p class="intro">{view.greeting}</p>
      {view.sections.length > 0 ? (
        <ul class="section-cards">
          {view.sections.map((s) => (
            <li>
              <h2>
                <a href={s.href}>{s.label}</a>
              </h2>
              <p>{s.description}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{view.emptyText}</p>
      )}
      <section class="account-panel" aria-labelledby="account-heading">
        <h2 id="account-heading">{view.accountHeading}</h2>
        <p>
          <a href={view.passwordLink.href}>{view.passwordLink.label}</a>
        </p>
        <p class="field-hint">
          {view.signOutEverywhereHint}
        </p>
        <AdminForm form={view.signOutEverywhere} />
      </section>
    </AdminLayout>
  );
}
