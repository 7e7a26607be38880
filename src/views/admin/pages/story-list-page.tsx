import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Notice } from '../components/notice.tsx';
import { Pagination } from '../components/pagination.tsx';
import type { StoryListPageView } from '../story-view-models.ts';

/** The newsroom's stories, last changed first, with filters that are plain GET parameters (bookmarkable). */
export function StoryListPage({ view }: { view: StoryListPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      {view.notice ? <Notice notice={view.notice} /> : null}
      {view.undoForm ? <AdminForm form={view.undoForm} /> : null}
      {view.newStory ? (
        <p>
          <a class="button" href={view.newStory.href}>
            {view.newStory.label}
          </a>
        </p>
      ) : null}
      {view.intro ? <p class="intro">{view.intro}</p> : null}
      <section class="filters" aria-labelledby="filters-heading">
        <h2 id="filters-heading">{view.filtersHeading}</h2>
        <AdminForm form={view.filterForm} />
        {view.clearLink ? (
          <p>
            <a href={view.clearLink.href}>{view.clearLink.label}</a>
          </p>
        ) : null}
      </section>
      {view.rows.length > 0 ? (
        <DataTable id="stories" caption={view.table.caption} columns={[view.table.headline, view.table.status, view.table.edition, view.table.section, view.table.bylines, view.table.updated]} class="story-table">
          {view.rows.map((row) => (
            <tr id={`story-${row.id}`}>
              <th scope="row">
                <a href={row.href} dir="auto">
                  {row.headline}
                </a>
              </th>
              <td>
                <span class={`status-badge status-${row.status.toLowerCase().replace(/\W+/g, '-')}`}>{row.status}</span>
                {row.statusDetail ? <span class="status-detail">{row.statusDetail}</span> : null}
                {row.outOfDateLabel ? <span class="status-badge status-out-of-date">{row.outOfDateLabel}</span> : null}
              </td>
              <td>{row.edition}</td>
              <td dir="auto">{row.section}</td>
              <td dir="auto">{row.bylines}</td>
              <td>
                <time datetime={row.updated.iso}>{row.updated.text}</time>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>{view.emptyText}</p>
      )}
      {view.pagination ? <Pagination pagination={view.pagination} /> : null}
    </AdminLayout>
  );
}
