import { AdminLayout } from '../components/admin-layout.tsx';
import { BodyEditorField } from '../components/body-editor-field.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Notice } from '../components/notice.tsx';
import { StoryField } from '../components/story-field.tsx';
import type { SitePageEditPageView } from '../site-page-view-models.ts';

/**
 * One of an edition's own pages, written in the story editor (the island upgrades the body's textarea; the
 * form works without it). Saved with one button; deleting is apart, secondary.
 */
export function SitePageEditPage({ view }: { view: SitePageEditPageView }) {
  const form = view.form;
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      {view.errorSummary ? <ErrorSummary summary={view.errorSummary} /> : null}
      {view.notice ? <Notice notice={view.notice} /> : null}
      <ul class="story-links">
        {view.links.map((link) => (
          <li>
            <a href={link.href}>{link.label}</a>
          </li>
        ))}
      </ul>
      <form method="post" action={form.action} class="story-form" novalidate>
        <input type="hidden" name="_csrf" value={form.csrfToken} />
        <StoryField field={form.title} />
        <BodyEditorField field={form.body} editor={form.editor} />
        {form.details.map((field) => (
          <StoryField field={field} />
        ))}
        <button type="submit" class="button">
          {form.submitLabel}
        </button>
      </form>
      {view.deleteForm ? (
        <section class="workflow" aria-labelledby="delete-page-heading">
          <h2 id="delete-page-heading">{view.deleteForm.heading}</h2>
          <form method="post" action={view.deleteForm.action} class="workflow-step">
            <input type="hidden" name="_csrf" value={view.deleteForm.csrfToken} />
            <div class="field field-checkbox">
              <input type="checkbox" id="confirm-delete" name="confirm" value="yes" required />
              <label for="confirm-delete">{view.deleteForm.confirmLabel}</label>
            </div>
            <button type="submit" class="button button-secondary">
              {view.deleteForm.label}
            </button>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}
