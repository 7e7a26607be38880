import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { Notice } from '../components/notice.tsx';
import { StorySubpageIntro } from '../components/page-links.tsx';
import type { StoryNotesPageView } from '../admin-view-models.ts';

/** A story's corrections and updates, oldest first, and the form to add one. */
export function StoryNotesPage({ view }: { view: StoryNotesPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <StorySubpageIntro view={view} />
      {view.notice ? <Notice notice={view.notice} /> : null}
      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">{view.listHeading}</h2>
        {view.notes.length > 0 ? (
          <ol class="note-list">
            {view.notes.map((note) => (
              <li>
                <p class="reorderable-meta">
                  <strong>{note.kindLabel}</strong> <time datetime={note.time.iso}>{note.time.text}</time>
                </p>
                <p lang={note.language} dir="auto">
                  {note.text}
                </p>
              </li>
            ))}
          </ol>
        ) : (
          <p>{view.emptyText}</p>
        )}
      </section>
      <section aria-labelledby="add-note-heading">
        <h2 id="add-note-heading">{view.addHeading}</h2>
        {view.addForm ? <AdminForm form={view.addForm} /> : <p>{view.notPublishedText}</p>}
      </section>
    </AdminLayout>
  );
}
