import type { CommentFormView, CommentSectionView, CommentView } from '../view-models.ts';

/**
 * A story's comments: count, the message after posting, the approved thread (one level of replies),
 * paging and order, and the form. Comment text is rendered as text nodes and `<a>` elements only —
 * nothing a reader wrote is ever inserted as HTML.
 */
export function CommentSection({ view }: { view: CommentSectionView }) {
  return (
    <section class="comments" id="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{view.heading}</h2>
      <p class="comment-count">{view.countText}</p>
      {view.message ? (
        <p class={view.message.isError ? 'comment-message comment-message-error' : 'comment-message'} role="status">
          {view.message.text}
        </p>
      ) : null}
      {view.orderLinks.length > 0 && view.items.length > 1 ? (
        <p class="comment-order">
          {view.orderLinks.map((o, i) => (
            <>
              {i > 0 ? ' · ' : null}
              {o.isCurrent ? <strong aria-current="true">{o.label}</strong> : <a href={o.href}>{o.label}</a>}
            </>
          ))}
        </p>
      ) : null}
      {view.emptyText ? <p class="comments-empty">{view.emptyText}</p> : null}
      {view.items.length > 0 ? (
        <ol class="comment-list">
          {view.items.map((c) => (
            <CommentItem comment={c} />
          ))}
        </ol>
      ) : null}
      {view.pagination ? (
        <nav class="comment-pages" aria-label={view.pagination.label}>
          {view.pagination.newer ? <a href={view.pagination.newer.href}>{view.pagination.newer.label}</a> : null}
          <span>{view.pagination.current}</span>
          {view.pagination.older ? <a href={view.pagination.older.href}>{view.pagination.older.label}</a> : null}
        </nav>
      ) : null}
      {view.closedText ? <p class="comments-closed">{view.closedText}</p> : null}
      {view.unsent ? (
        <p class="comment-unsent">
          <label for="comment-unsent">{view.unsent.label}</label>
          <textarea id="comment-unsent" readOnly rows={6} dir="auto" autofocus>
            {view.unsent.body}
          </textarea>
        </p>
      ) : null}
      {view.form ? <CommentForm form={view.form} /> : null}
      {view.form?.islandSrc ? <script defer src={view.form.islandSrc} /> : null}
    </section>
  );
}

type Field = 'name' | 'email' | 'body';

/**
 * The form, empty or — after a refused post — holding what the reader typed, with the reason at its top and
 * the field to fix marked and focused (the page loads at its top otherwise, far from the form).
 */
function CommentForm({ form }: { form: CommentFormView }) {
  // The field to fix, else the text: where the reader's attention goes back to.
  const focused = form.error ? (form.error.field ?? 'body') : undefined;
  const marks = (field: Field, own?: string) => ({
    'aria-describedby': [own, focused === field ? 'comment-error' : undefined].filter((id) => id !== undefined).join(' ') || undefined,
    'aria-invalid': form.error?.field === field ? ('true' as const) : undefined,
    autofocus: focused === field ? true : undefined,
  });
  return (
    <form class="comment-form" id="comment-form" method="post" action={form.action} data-counter-template={form.counterTemplate} data-failed-text={form.failedText}>
      <h3>{form.heading}</h3>
      {form.error ? (
        <p id="comment-error" class="comment-message comment-message-error" role="alert">
          {form.error.text}
        </p>
      ) : null}
      <input type="hidden" name="_csrf" value={form.token} />
      {form.parentId !== undefined ? <input type="hidden" name="parent" value={String(form.parentId)} /> : null}
      {/* The honeypot: hidden from people and assistive technology, filled in by naive bots. */}
      <div class="comment-website" hidden aria-hidden="true">
        <label for="comment-website">{form.honeypotLabel}</label>
        <input id="comment-website" name="website" type="text" tabindex={-1} autocomplete="off" />
      </div>
      <p>
        <label for="comment-name">{form.nameLabel}</label>
        <input id="comment-name" name="name" type="text" required maxLength={80} autocomplete="name" value={form.values?.name} {...marks('name')} />
      </p>
      <p>
        <label for="comment-email">{form.emailLabel}</label>
        <input
          id="comment-email"
          name="email"
          type="email"
          required
          maxLength={254}
          autocomplete="email"
          value={form.values?.email}
          {...marks('email', 'comment-email-hint')}
        />
        <span id="comment-email-hint" class="hint">
          {form.emailHint}
        </span>
      </p>
      <p>
        <label for="comment-body">{form.bodyLabel}</label>
        <textarea id="comment-body" name="body" required rows={6} maxLength={form.maxLength} dir="auto" {...marks('body', 'comment-counter')}>
          {form.values?.body}
        </textarea>
        <span id="comment-counter" class="hint" aria-live="polite">
          {form.counterText}
        </span>
      </p>
      <p>
        <button type="submit">{form.sendLabel}</button>
      </p>
    </form>
  );
}

function CommentItem({ comment }: { comment: CommentView }) {
  return (
    <li class="comment" id={comment.anchor}>
      <p class="comment-meta">
        <span class="comment-author" dir="auto">
          {comment.authorName}
        </span>{' '}
        <time datetime={comment.time.iso}>{comment.time.text}</time>
        {comment.editedLabel ? <span class="comment-edited"> · {comment.editedLabel}</span> : null}
      </p>
      <p class="comment-body" dir="auto">
        {comment.lines.map((line, i) => (
          <>
            {i > 0 ? <br /> : null}
            {line.map((segment) =>
              'href' in segment ? (
                <a href={segment.href} rel="nofollow ugc noopener">
                  {segment.text}
                </a>
              ) : (
                segment.text
              ),
            )}
          </>
        ))}
      </p>
      {comment.reply ? (
        <p class="comment-reply">
          <a href={comment.reply.href}>{comment.reply.label}</a>
        </p>
      ) : null}
      {comment.replies.length > 0 ? (
        <ol class="comment-replies">
          {comment.replies.map((r) => (
            <CommentItem comment={r} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}
