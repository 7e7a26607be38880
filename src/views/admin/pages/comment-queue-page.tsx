import { AdminLayout } from '../components/admin-layout.tsx';
import { ButtonForm } from '../components/button-form.tsx';
import { Notice } from '../components/notice.tsx';
import { PageLinks } from '../components/page-links.tsx';
import type { CommentQueuePageView } from '../comment-view-models.ts';

/**
 * The moderation queue: tabs by status with their counts, filters by edition, story and age, one comment per
 * card with its story's headline, Approve first, and bulk actions for the ticked ones; banning is a link to a
 * page that asks first. Bans and banned words live on the settings page it links to. Forms and links only.
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
            <li>
              <a href={t.href} aria-current={t.isCurrent ? 'page' : undefined}>
                {t.label} <span class="tab-count">{t.count}</span>
                <span class="visually-hidden"> ({t.countText})</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={view.filter.action} class="queue-filters" aria-label={view.filter.heading}>
        <input type="hidden" name="status" value={view.filter.status} />
        <div class="field">
          <label for="filter-edition">{view.filter.editionLabel}</label>
          <select id="filter-edition" name="edition">
            {view.filter.editions.map((o) => (
              <option value={o.value} selected={o.isSelected}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-story">{view.filter.storyLabel}</label>
          <select id="filter-story" name="story" dir="auto">
            {view.filter.stories.map((o) => (
              <option value={o.value} selected={o.isSelected}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-older">{view.filter.olderLabel}</label>
          <input id="filter-older" name="older" type="text" inputMode="numeric" value={view.filter.older} aria-describedby="filter-older-hint" />
          <p class="field-hint" id="filter-older-hint">
            {view.filter.olderHint}
          </p>
        </div>
        <div class="queue-filter-actions">
          <button type="submit" class="button button-small">
            {view.filter.applyLabel}
          </button>
          {view.filter.clear ? <a href={view.filter.clear.href}>{view.filter.clear.label}</a> : null}
        </div>
      </form>
      <p class="muted">{view.zoneText}</p>
      {view.emptyText ? <p class="muted">{view.emptyText}</p> : null}
      {view.items.length > 0 ? (
        <form method="post" action={view.bulk.action} id="bulk-form" class="bulk-form" aria-label={view.bulk.heading}>
          <input type="hidden" name="_csrf" value={view.bulk.csrfToken} />
          <input type="hidden" name="back" value={view.bulk.back} />
          <label for="bulk-action">{view.bulk.actionLabel}</label>
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
          <li id={`comment-${c.id}`} class={c.isReply ? 'queue-comment is-reply' : 'queue-comment'}>
            <div class="queue-comment-head">
              <input type="checkbox" name="id" value={String(c.id)} form="bulk-form" id={`select-${c.id}`} />
              <label for={`select-${c.id}`}>
                <span class="visually-hidden">{view.bulk.selectLabel} </span>
                <strong dir="auto">{c.authorName}</strong> <span class="muted">&lt;{c.email}&gt;</span>
              </label>
              <time datetime={c.createdAt.iso}>{c.createdAt.text}</time>
              {c.heldReason ? <span class="held-reason">{c.heldReason}</span> : null}
            </div>
            <p class="queue-comment-story">
              <a href={c.story.href} dir="auto">
                {c.story.headline}
              </a>{' '}
              · <a href={c.story.filterHref}>{c.story.filterLabel}</a>
            </p>
            <p class="queue-comment-body" dir="auto">
              {c.body}
            </p>
            <div class="queue-comment-actions">
              <div class="row-actions">
                {c.actions.map((a) => (
                  <ButtonForm form={a} />
                ))}
              </div>
              <details class="queue-comment-edit">
                <summary>{c.edit.label}</summary>
                <form method="post" action={c.edit.action}>
                  <input type="hidden" name="_csrf" value={c.edit.csrfToken} />
                  <label for={`edit-${c.id}`}>{c.edit.bodyLabel}</label>
                  <textarea id={`edit-${c.id}`} name="body" rows={5} dir="auto">
                    {c.edit.body}
                  </textarea>
                  <button type="submit" class="button button-small">
                    {c.edit.saveLabel}
                  </button>
                </form>
              </details>
              <a class="ban-link" href={c.ban.href}>
                {c.ban.label}
                <span class="visually-hidden">{c.ban.context}</span>
              </a>
            </div>
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
