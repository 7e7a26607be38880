import { ResponsivePicture } from '../../components/responsive-picture.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { MediaField } from '../components/media-field.tsx';
import { Notice } from '../components/notice.tsx';
import type { MediaItemPageView } from '../media-view-models.ts';

/** One picture: its details (each language's alt text and caption), its focal point, where it is used, and deleting it. */
export function MediaItemPage({ view }: { view: MediaItemPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      {view.notice ? <Notice notice={view.notice} /> : null}
      {view.errorSummary ? <ErrorSummary summary={view.errorSummary} /> : null}
      <div class="media-preview" data-focal-picker>
        <ResponsivePicture picture={view.preview} />
      </div>
      <p class="muted">{view.size}</p>
      <form method="post" action={view.action} class="media-details">
        <input type="hidden" name="_csrf" value={view.frame.csrfToken} />
        {view.fields.map((field) => (
          <MediaField field={field} />
        ))}
        <fieldset>
          <legend>{view.focal.heading}</legend>
          <p class="field-hint">{view.focal.hint}</p>
          {view.focal.fields.map((field) => (
            <MediaField field={field} />
          ))}
        </fieldset>
        {view.languages.map((language) => (
          <fieldset>
            <legend>{language.heading}</legend>
            <p class="field-hint">{language.hint}</p>
            {language.fields.map((field) => (
              <MediaField field={field} />
            ))}
          </fieldset>
        ))}
        <button type="submit" class="button">
          {view.save}
        </button>
      </form>
      <section aria-labelledby="uses-heading" id={view.uses.id}>
        <h2 id="uses-heading">{view.uses.heading}</h2>
        {view.uses.items.length === 0 ? (
          <p>{view.uses.none}</p>
        ) : (
          <ul>
            {view.uses.items.map((use) => (
              <li>
                <a href={use.href}>{use.headline}</a> <span class="muted">({use.detail})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {view.deletion ? (
        <section aria-labelledby="delete-heading">
          <h2 id="delete-heading">{view.deletion.heading}</h2>
          <p>{view.deletion.hint}</p>
          <form method="post" action={view.deletion.action}>
            <input type="hidden" name="_csrf" value={view.frame.csrfToken} />
            <button type="submit" class="button button-danger">
              {view.deletion.label}
            </button>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}
