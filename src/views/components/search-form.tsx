import type { SearchFormView } from '../view-models.ts';

/** A labelled search box that submits with GET: it works without JavaScript. `id` keeps labels unique on a page. */
export function SearchForm({ form, id }: { form: SearchFormView; id: string }) {
  return (
    <form class="search-form" role="search" aria-label={form.label} action={form.action} method="get">
      <label for={`${id}-q`}>{form.label}</label>
      <input id={`${id}-q`} type="search" name="q" value={form.query} placeholder={form.label} maxlength={400} autocomplete="off" />
      <button type="submit">{form.buttonLabel}</button>
    </form>
  );
}
