import type { FieldView, FormView } from '../admin-view-models.ts';
import { ErrorSummary } from './error-summary.tsx';

/**
 * Every admin form: its error summary, labelled fields whose hints and errors are tied to them with
 * `aria-describedby`, the CSRF token, one submit button. The server checks everything, so the
 * browser's own validation bubbles are switched off (`novalidate`) in favour of the summary.
 */
export function AdminForm({ form }: { form: FormView }) {
  return (
    <form method={form.method} action={form.action} class={form.className ?? 'admin-form'} aria-label={form.ariaLabel} novalidate>
      {form.errorSummary ? <ErrorSummary summary={form.errorSummary} /> : null}
      {form.csrfToken !== undefined ? <input type="hidden" name="_csrf" value={form.csrfToken} /> : null}
      {(form.hidden ?? []).map((h) => (
        <input type="hidden" name={h.name} value={h.value} />
      ))}
      {form.fields.map((field) => (
        <Field field={field} />
      ))}
      <button type="submit" class="button">
        {form.submitLabel}
        {form.submitContext ? <span class="visually-hidden">{form.submitContext}</span> : null}
      </button>
    </form>
  );
}

function Field({ field }: { field: FieldView }) {
  const hintId = field.hint ? `${field.id}-hint` : undefined;
  const errorId = field.error ? `${field.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter((id) => id !== undefined).join(' ') || undefined;
  const common = {
    id: field.id,
    name: field.name,
    'aria-describedby': describedBy,
    'aria-invalid': field.error ? ('true' as const) : undefined,
  };
  if (field.kind === 'checkbox') {
    // The box comes before its label, as people expect to find it; hint and error follow both.
    return (
      <div class={field.error ? 'field field-checkbox field-invalid' : 'field field-checkbox'}>
        <input {...common} type="checkbox" value="on" checked={field.isChecked} />
        <label for={field.id} class={field.isLabelHidden ? 'visually-hidden' : undefined}>
          {field.label}
        </label>
        <FieldNotes hint={field.hint} hintId={hintId} error={field.error} errorId={errorId} />
      </div>
    );
  }
  return (
    <div class={field.error ? 'field field-invalid' : 'field'}>
      <label for={field.id} class={field.isLabelHidden ? 'visually-hidden' : undefined}>
        {field.label}
      </label>
      <FieldNotes hint={field.hint} hintId={hintId} error={field.error} errorId={errorId} />
      {field.kind === 'textarea' ? (
        <textarea {...common} rows={field.rows} maxlength={field.maxLength}>
          {field.value}
        </textarea>
      ) : field.kind === 'select' ? (
        <select {...common}>
          {field.options.map((o) => (
            <option value={o.value} selected={o.isSelected}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          // Preact's typings pick attribute sets by a literal type; every type here takes these attributes.
          type={field.type as 'text'}
          value={field.value}
          autocomplete={field.autocomplete}
          required={field.isRequired}
          maxlength={field.maxLength}
          spellcheck={field.spellcheck}
        />
      )}
    </div>
  );
}

/** A field's hint and error, under its label; their ids are what the control's `aria-describedby` names. */
export function FieldNotes({ hint, hintId, error, errorId }: { hint?: string; hintId?: string; error?: string; errorId?: string }) {
  return (
    <>
      {hint ? (
        <p id={hintId} class="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} class="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
