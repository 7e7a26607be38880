import type { ButtonFormView } from '../admin-view-models.ts';

/**
 * A form that is one button, for actions on one thing in a list (move, remove, pin): it works without
 * JavaScript, and the hidden context tells a screen reader's list of buttons which story each is for.
 */
export function ButtonForm({ form, className = 'button-form', move }: { form: ButtonFormView; className?: string; move?: 'up' | 'down' | 'remove' }) {
  return (
    <form method="post" action={form.action} class={className} data-reorder-button={move}>
      <input type="hidden" name="_csrf" value={form.csrfToken} />
      {form.hidden.map((h) => (
        <input type="hidden" name={h.name} value={h.value} />
      ))}
      <button type="submit" class={form.isSecondary ? 'button button-small button-secondary' : 'button button-small'} disabled={form.isDisabled} autofocus={form.hasFocus}>
        {form.label}
        {form.context ? <span class="visually-hidden">{form.context}</span> : null}
      </button>
    </form>
  );
}
