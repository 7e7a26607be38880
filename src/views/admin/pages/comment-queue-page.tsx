import { AdminLayout } from '../components/admin-layout.tsx';
import { ButtonForm } from '../components/button-form.tsx';
import { Notice } from '../components/notice.tsx';
import { PageLinks } from '../components/page-links.tsx';
import type { CommentQueuePageView } from '../comment-view-models.ts';

/**
 * The moderation queue: tabs by status, filters by story and age, one comment per row with its story,
 * single and bulk actions, and inline editing; bans and banned words live on the settings page it links
 * to. Forms and links only.
 */
export function CommentQueuePage({ view }: { view: CommentQueuePageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <PageLinks links={view.links} />
      {view.notice ? <Notice notice={view.notice} /> : null}
      <nav class="tabs" aria-label={view.heading}>
        <ul>
          {view.tabs.map((t) => (
            <li>{t.isCurrent ? <a href={t.href} aria-current="page">{t.label}</a> : <a href={t.href}>{t.label}</a>}</li>
          ))}
        </ul>
      </nav>
      <form method="get" action={view.filter.action} class="filter-form">
        <input type="hidden" name="status" value={view.filter.status} />
        <label for="filter-story">{view.filter.storyLabel}</label>
        <input id="filter-story" name="story" type="text" inputMode="numeric" value={view.filter.story} />
        <label for="filter-older">{view.filter.olderLabel}</label>
        <input id="filter-older" name="older" type="text" inputMode="numeric" value={view.filter.older} />
        <button type="submit" class="button button-small">
          {view.filter.applyLabel}
        </button>
        {view.filter.clear ? <a href={view.filter.clear.href}>{view.filter.clear.label}</a> : null}
      </form>
      {view.emptyText ? <p class="muted">{view.emptyText}</p> : null}
      {view.items.length > 0 ? (
        <form method="post" action={view.bulk.action} id="bulk-form" class="bulk-form">
          <input type="hidden" name="_csrf" value={view.bulk.csrfToken} />
          <input type="hidden" name="back" value={view.bulk.back} />
          <label for="bulk-action">{view.bulk.label}</label>
          <select id="bulk-action" name="action">
            {view.bulk.actions.map((a) => (
              <option value={a.value}>{a.label}</option>
            ))}
          </select>
          <button type="submit" class="button button-small">
            {view.bulk.label}
          </button>
        </form>
      ) : null}
      <ol class="comment-queue">
        {view.items.map((c) => (
          <li id={`comment-${c.id}`} class="queue-comment">
            <p>
              <input type="checkbox" name="id" value={String(c.id)} form="bulk-form" id={`select-${c.id}`} />{' '}
              <label for={`select-${c.id}`}>
                <span class="visually-hidden">{view.bulk.selectLabel} </span>
                <strong>{c.authorName}</strong> &lt;{c.email}&gt;
              </label>{' '}
              <time datetime={c.createdAt.iso}>{c.createdAt.text}</time>
              {c.heldReason ? <span class="muted"> · {c.heldReason}</span> : null}
            </p>
            <p>
              <a href={c.story.href}>{c.story.headline}</a> · <a href={c.story.filterHref}>{view.filter.storyLabel}</a>
            </p>
            <p class="queue-comment-body">{c.body}</p>
            <div class="row-actions">
              {c.actions.map((a) => (
                <ButtonForm form={a} />
              ))}
            </div>
            <details>
              <summary>{c.edit.label}</summary>
              <form method="post" action={c.edit.action}>
                <input type="hidden" name="_csrf" value={c.edit.csrfToken} />
                <label for={`edit-${c.id}`}>{c.edit.bodyLabel}</label>
                <textarea id={`edit-${c.id}`} name="body" rows={5}>
                  {c.edit.body}
                </textarea>
                <button type="submit" class="button button-small">
                  {c.edit.saveLabel}
                </button>
              </form>
            </details>
          </li>
        ))}
      </ol>
      {view.pagination ? (
        <nav class="pagination" aria-label={view.heading}>
          {view.pagination.previous ? <a href={view.pagination.previous}>←</a> : null} <span>{view.pagination.text}</span>{' '}
          {view.pagination.next ? <a href={view.pagination.next}>→</a> : null}
        </nav>
      ) : null}
    </AdminLayout>
  );
}
