import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { Notice } from '../components/notice.tsx';
import type { SettingsPageView } from '../admin-view-models.ts';

/** Each edition's settings, a plain form per edition, named by the edition in its own language. */
export function SettingsPage({ view }: { view: SettingsPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <p class="intro">{view.intro}</p>
      {view.notice ? <Notice notice={view.notice} /> : null}
      <p>
        <a href={view.addEdition.href} class="button">
          {view.addEdition.label}
        </a>{' '}
        <a href={view.apiKeys.href}>{view.apiKeys.label}</a>
      </p>
      <p>
        <a href={view.webhooks.href}>{view.webhooks.label}</a>
      </p>
      {view.editions.map((edition) => (
        <section class="edition-settings" id={edition.id} aria-labelledby={edition.headingId}>
          <h2 id={edition.headingId}>
            <span lang={edition.language} dir="auto">
              {edition.name}
            </span>{' '}
            <span class="muted">({edition.code})</span>
          </h2>
          <p>
            <a href={edition.edit.href}>{edition.edit.label}</a>
          </p>
          <AdminForm form={edition.form} />
        </section>
      ))}
    </AdminLayout>
  );
}
