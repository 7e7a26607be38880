/**
 * The story page's comment form, enhanced: a live character counter, and posting without a reload.
 * Without this script the form is a plain POST that redirects back with a message (or, refused, answers
 * with the page and the reader's text still in the form); with it, the same
 * fields (and the same signed token) go to the same address with `Accept: application/json`, and the
 * answer's message appears where the redirect's would. Served to readers (src/http/comment-routes.ts).
 */

const form = document.querySelector<HTMLFormElement>('form#comment-form');
if (form) enhance(form);

function enhance(form: HTMLFormElement): void {
  const body = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  const counter = form.querySelector<HTMLElement>('#comment-counter');
  const template = form.dataset.counterTemplate ?? '{n}';
  const language = document.documentElement.lang || undefined;
  const count = () => {
    if (!body || !counter) return;
    const left = body.maxLength - [...body.value].length;
    counter.textContent = template.replace('{n}', left.toLocaleString(language));
  };
  body?.addEventListener('input', count);
  count();

  // The page is shared and kept, so its token was made with the page: a fresh one, taken when the reader
  // starts writing, times the writing from then and never runs out in a tab left open overnight.
  let fresh: Promise<void> | undefined;
  const refreshToken = () => {
    fresh ??= fetch(form.action.replace(/\/comments$/, '/comment-form'), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(async (response) => {
        const answer = (await response.json()) as { token?: unknown };
        const field = form.querySelector<HTMLInputElement>('input[name="_csrf"]');
        if (response.ok && field && typeof answer.token === 'string') field.value = answer.token;
      })
      .catch(() => {
        // The page's own token still works for a day.
      });
    return fresh;
  };
  form.addEventListener('focusin', () => void refreshToken(), { once: true });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await refreshToken();
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) button.disabled = true;
    const fields = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') fields.append(name, value);
    fetch(form.action, { method: 'POST', body: fields, headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(async (response) => {
        const answer = (await response.json().catch(() => ({}))) as { message?: string; detail?: string };
        show(form, answer.message ?? answer.detail ?? response.statusText, !response.ok);
        if (response.ok && body) {
          body.value = '';
          count();
        }
        // A page answered to a refused form post marks the field to fix; once a post passes, nothing is.
        if (response.ok) for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
      })
      // The words come with the page, in the edition's language: the script carries none of its own.
      .catch(() => show(form, form.dataset.failedText ?? '', true))
      .finally(() => {
        if (button) button.disabled = false;
      });
  });
}

function show(form: HTMLFormElement, text: string, isError: boolean): void {
  let message = form.querySelector<HTMLElement>('.comment-message');
  if (!message) {
    message = document.createElement('p');
    message.setAttribute('role', 'status');
    form.prepend(message);
  }
  message.className = isError ? 'comment-message comment-message-error' : 'comment-message';
  // textContent: the server's message is shown as text, never parsed as HTML.
  message.textContent = text;
}
