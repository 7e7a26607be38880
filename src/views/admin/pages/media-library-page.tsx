import { ResponsivePicture } from '../../components/responsive-picture.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { MediaField } from '../components/media-field.tsx';
import { Notice } from '../components/notice.tsx';
import type { MediaLibraryPageView } from '../media-view-models.ts';

/**
 * The picture library: an upload form (the media island adds dropping, pasting and progress), a search,
 * and the pictures, newest first, each with its alt text, credit and where it is used.
 */
export function MediaLibraryPage({ view }: { view: MediaLibraryPageView }) {
  const t = view.text;
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{t.heading}</h1>
      <p class="intro">{t.intro}</p>
      {view.notice ? <Notice notice={view.notice} /> : null}
      {view.errorSummary ? <ErrorSummary summary={view.errorSummary} /> : null}
      <section aria-labelledby="upload-heading" class="media-upload">
        <h2 id="upload-heading">{t.uploadHeading}</h2>
        <form method="post" action={view.uploadAction} enctype="multipart/form-data" data-media-upload>
          <input type="hidden" name="_csrf" value={view.frame.csrfToken} />
          <div class="drop-zone" data-drop-zone>
            <p id="upload-hint">{t.uploadHint}</p>
            <label for={view.filesId}>{t.chooseFiles}</label>
            <input id={view.filesId} type="file" name="files" multiple accept={view.accept} aria-describedby="upload-hint" />
          </div>
          {view.uploadFields.map((field) => (
            <MediaField field={field} />
          ))}
          <button type="submit" class="button">
            {t.upload}
          </button>
          <ul class="upload-progress" aria-live="polite" data-upload-progress></ul>
        </form>
      </section>
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">{t.searchHeading}</h2>
        <form method="get" action={view.searchAction} role="search" class="media-search">
          <div class="field">
            <label for="media-q">{t.search}</label>
            <input id="media-q" type="search" name="q" value={view.query} />
          </div>
          <div class="field">
            <label for="media-filter">{t.filter}</label>
            <select id="media-filter" name="filter">
              {view.filters.map((option) => (
                <option value={option.value} selected={option.value === view.filter}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button">
            {t.find}
          </button>
        </form>
        <p class="muted">{view.count}</p>
        {view.items.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul class="media-grid">
            {view.items.map((item) => (
              <li class="media-card">
                <ResponsivePicture picture={item.thumbnail} />
                <p class="media-card-name">
                  <a href={item.href}>{item.fileName}</a>
                </p>
                <p>{item.hasAlt ? item.alt : <strong class="warning">{t.noAlt}</strong>}</p>
                {item.caption !== '' ? <p class="muted">{item.caption}</p> : null}
                {item.credit !== '' ? <p class="muted">{item.credit}</p> : null}
                <p class="muted">{item.usedIn}</p>
              </li>
            ))}
          </ul>
        )}
        <nav aria-label={view.pages.label} class="pagination">
          {view.pages.previous ? <a href={view.pages.previous}>{view.pages.previousLabel}</a> : null} <span>{view.pages.label}</span>{' '}
          {view.pages.next ? <a href={view.pages.next}>{view.pages.nextLabel}</a> : null}
        </nav>
      </section>
    </AdminLayout>
  );
}
