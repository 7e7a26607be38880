import { AdminLayout } from '../components/admin-layout.tsx';
import type { CommentBanPageView } from '../comment-view-models.ts';

/**
 * The question before a ban: the comment, what a ban does, email or address. A page of its own, so the
 * confirmation works without JavaScript and no button in the queue bans in one press.
 */
export function CommentBanPage({ view }: { view: CommentBanPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <div class="narrow">
        <h1>{view.heading}</h1>
        <blockquote class="ban-comment">
          <p>
            <strong dir="auto">{view.comment.authorName}</strong> &lt;{view.comment.email}&gt; · <time datetime={view.comment.createdAt.iso}>{view.comment.createdAt.text}</time>
          </p>
          <p dir="auto">{view.comment.storyHeadline}</p>
          <p class="queue-comment-body" dir="auto">
            {view.comment.body}
          </p>
        </blockquote>
        <p>{view.intro}</p>
        <form method="post" action={view.form.action} class="admin-form">
          <input type="hidden" name="_csrf" value={view.form.csrfToken} />
          <input type="hidden" name="back" value={view.form.back} />
          <input type="hidden" name="confirm" value="yes" />
          <fieldset class="choice-group">
            <legend>{view.form.kindLegend}</legend>
            {view.form.kinds.map((k) => (
              <div class="field field-checkbox">
                <input type="radio" id={`ban-${k.value}`} name="kind" value={k.value} checked={k.isChecked} aria-describedby={`ban-${k.value}-hint`} />
                <label for={`ban-${k.value}`}>{k.label}</label>
                <p class="field-hint" id={`ban-${k.value}-hint`}>
                  {k.hint}
                </p>
              </div>
            ))}
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="button button-danger">
              {view.form.submitLabel}
            </button>
            <a href={view.cancel.href}>{view.cancel.label}</a>
          </div>
        </form>
      </div>
    </AdminLayout>
  );
}
