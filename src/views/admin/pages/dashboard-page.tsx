import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { Notice } from '../components/notice.tsx';
import type { DashboardPageView, DashboardPanelView } from '../admin-view-models.ts';

/** The newsroom's front door: what waits for the viewer, panel by panel, each with its count; and their account. */
export function DashboardPage({ view }: { view: DashboardPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      {view.notice ? <Notice notice={view.notice} /> : null}
      <p class="intro">
        {view.greeting}
        {view.scopeText ? ` ${view.scopeText}` : null}
      </p>
      {view.panels.length > 0 ? (
        <div class="dashboard-panels">
          {view.panels.map((panel) => (
            <DashboardPanel panel={panel} />
          ))}
        </div>
      ) : (
        <p>{view.emptyText}</p>
      )}
      <section class="account-panel" aria-labelledby="account-heading">
        <h2 id="account-heading">{view.accountHeading}</h2>
        <p>
          <a href={view.passwordLink.href}>{view.passwordLink.label}</a>
        </p>
        <p class="field-hint">{view.signOutEverywhereHint}</p>
        <AdminForm form={view.signOutEverywhere} />
      </section>
    </AdminLayout>
  );
}

function DashboardPanel({ panel }: { panel: DashboardPanelView }) {
  const headingId = `${panel.id}-heading`;
  return (
    <section class="dashboard-panel" id={panel.id} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {panel.heading} <span class="dashboard-count">{panel.countText}</span>
      </h2>
      {panel.items.length > 0 ? (
        <ul class="dashboard-items">
          {panel.items.map((item) => (
            <li>
              <a href={item.href} dir="auto">
                {item.title}
              </a>
              <span class="dashboard-meta">{item.meta.join(' · ')}</span>
              {item.note ? (
                <div class="dashboard-note">
                  <p class="dashboard-note-heading">{item.note.heading}</p>
                  <p dir="auto">{item.note.text}</p>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{panel.emptyText}</p>
      )}
      {panel.allLink ? (
        <p class="dashboard-all">
          <a href={panel.allLink.href}>{panel.allLink.label}</a>
        </p>
      ) : null}
    </section>
  );
}
