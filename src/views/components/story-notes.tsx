import type { StoryNotesView } from '../view-models.ts';

/**
 * A story's corrections and updates above its body, oldest first: readers who come back see what
 * changed before they read on. Each is labelled in words (not only styled) and carries its `<time>`.
 */
export function StoryNotes({ notes }: { notes: StoryNotesView }) {
  return (
    <section class="story-notes" aria-labelledby="story-notes-heading">
      <h2 id="story-notes-heading">{notes.heading}</h2>
      <ol>
        {notes.items.map((note) => (
          <li class={`story-note story-note-${note.kind}`}>
            <p class="story-note-meta">
              <strong>{note.kindLabel}</strong> <time datetime={note.time.iso}>{note.time.text}</time>
            </p>
            <p>{note.text}</p>
          </li>
        ))}
      </ol>
      <p class="story-notes-more">
        <a href={notes.allCorrections.href}>{notes.allCorrections.label}</a>
      </p>
    </section>
  );
}
