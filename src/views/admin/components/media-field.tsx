import type { FieldView } from '../media-view-models.ts';

/** One labelled field of a picture form, with its hint and its error tied to it for screen readers. */
export function MediaField({ field }: { field: FieldView }) {
  const id = field.id;
  const hintId = field.hint ? `${id}-hint` : undefined;
  const errorId = field.error ? `${id}-error` : undefined;
  const described = [hintId, errorId].filter((x) => x !== undefined).join(' ') || undefined;
  const shared = { id, name: field.name, lang: field.lang, dir: field.dir, 'aria-describedby': described, 'aria-invalid': field.error ? ('true' as const) : undefined };
  return (
    <div class={field.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{field.label}</label>
      {field.isMultiline ? (
        <textarea {...shared} rows={3}>
          {field.value}
        </textarea>
      ) : field.type === 'number' ? (
        <input {...shared} type="number" value={field.value} min={0} max={100} step={1} />
      ) : field.type === 'url' ? (
        // Text with a URL keyboard, not type="url": a refused address is shown back as typed, which a url input may not hold.
        <input {...shared} type="text" inputmode="url" spellcheck={false} value={field.value} />
      ) : (
        <input {...shared} type="text" value={field.value} />
      )}
      {field.hint ? (
        <p id={hintId} class="field-hint">
          {field.hint}
        </p>
      ) : null}
      {field.error ? (
        <p id={errorId} class="field-error">
          {field.error}
        </p>
      ) : null}
    </div>
  );
}
