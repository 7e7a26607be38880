import { FieldNotes } from './admin-form.tsx';
import type { StoryFieldView } from '../story-view-models.ts';

/**
 * One field of the story form: its label, its hint and error tied to it with `aria-describedby`, and the
 * control. The body's field also carries the editor island's data (see StoryEditPage).
 */
export function StoryField({ field }: { field: StoryFieldView }) {
  const hintId = field.hint ? `${field.id}-hint` : undefined;
  const errorId = field.error ? `${field.id}-error` : undefined;
  const afterId = field.after ? `${field.id}-after` : undefined;
  const describedBy = [hintId, errorId, afterId].filter((id) => id !== undefined).join(' ') || undefined;
  const common = {
    id: field.id,
    name: field.name,
    'aria-describedby': describedBy,
    'aria-invalid': field.error ? ('true' as const) : undefined,
    required: field.isRequired,
    lang: field.lang,
    dir: field.dir,
  };
  return (
    <div class={field.error ? 'field field-invalid' : 'field'}>
      <label for={field.id} id={`${field.id}-label`}>
        {field.label}
      </label>
      <FieldNotes hint={field.hint} hintId={hintId} error={field.error} errorId={errorId} />
      {field.kind === 'textarea' ? (
        <textarea {...common} rows={field.rows ?? 3} maxlength={field.maxLength} readonly={field.isReadOnly}>
          {field.value}
        </textarea>
      ) : field.kind === 'select' ? (
        <select {...common} disabled={field.isReadOnly}>
          {(field.options ?? []).map((o) => (
            <option value={o.value} selected={o.isSelected}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={field.type ?? 'text'}
          value={field.value}
          maxlength={field.maxLength}
          list={field.suggestions?.id}
          readonly={field.isReadOnly}
          autocomplete={field.autocomplete ?? 'off'}
        />
      )}
      {field.suggestions ? (
        <datalist id={field.suggestions.id}>
          {field.suggestions.options.map((o) => (
            <option value={o} />
          ))}
        </datalist>
      ) : null}
      {field.after ? (
        <p id={afterId} class="field-after">
          {field.after}
        </p>
      ) : null}
    </div>
  );
}
