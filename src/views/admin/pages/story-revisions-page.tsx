import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Notice } from '../components/notice.tsx';
import { Pagination } from '../components/pagination.tsx';
import type { StoryRevisionsPageView } from '../story-view-models.ts';

/**
 * A story's revisions, newest first. Two columns of radio buttons choose the versions to compare (a GET
 * form, joined to its inputs by `form=`, so each row can also hold its own Restore form without nesting).
 */
export function StoryRevisionsPage({ view }: { view: StoryRevisionsPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      {view.notice ? <Notice notice={view.notice} /> : null}
      <p class="intro">{view.intro}</p>
      <p>
        <a href={view.back.href}>{view.back.label}</a>
      </p>
      <form id={view.compare.formId} method="get" action={view.compare.action} />
      <DataTable id="revisions" caption={view.table.caption} columns={[view.table.number, view.table.savedAt, view.table.savedBy, view.table.kind, view.table.headline, view.table.compareFrom, view.table.compareTo, view.table.actions]} class="revisions-table">
        {view.rows.map((row) => (
          <tr id={`revision-${row.number}`}>
            <th scope="row">
              {row.number}
              {row.isCurrent ? <span class="muted"> {row.currentLabel}</span> : null}
            </th>
            <td>
              <time datetime={row.savedAt.iso}>{row.savedAt.text}</time>
            </td>
            <td>{row.savedBy}</td>
            <td>{row.kind}</td>
            <td class="details">{row.headline}</td>
            <td>
              <input type="radio" form={view.compare.formId} name="a" value={String(row.number)} id={`from-${row.number}`} checked={row.isFromChecked} />
              <label for={`from-${row.number}`} class="visually-hidden">
                {row.fromLabel}
              </label>
            </td>
            <td>
              <input type="radio" form={view.compare.formId} name="b" value={String(row.number)} id={`to-${row.number}`} checked={row.isToChecked} />
              <label for={`to-${row.number}`} class="visually-hidden">
                {row.toLabel}
              </label>
            </td>
            <td>
              <div class="row-actions">
                <a href={row.preview.href}>
                  {row.preview.label}
                  <span class="visually-hidden">{row.preview.context}</span>
                </a>
                {row.restoreForm ? <AdminForm form={row.restoreForm} /> : null}
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      <button type="submit" form={view.compare.formId} class="button">
        {view.compare.submitLabel}
      </button>
      {view.pagination ? <Pagination pagination={view.pagination} /> : null}
    </AdminLayout>
  );
}
