import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Pagination } from '../components/pagination.tsx';
import type { TranslationsPageView } from '../story-view-models.ts';

/**
 * One edition's published stories that another edition lacks, or has in a translation whose original changed
 * since; the pair of editions is chosen with plain GET parameters (bookmarkable). Each headline carries its own
 * edition's language and direction.
 */
export function TranslationsPage({ view }: { view: TranslationsPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <p class="intro">{view.intro}</p>
      <section class="filters" aria-label={view.filterForm.submitLabel}>
        <AdminForm form={view.filterForm} />
      </section>
      {view.problem ? (
        <p class="notice" role="alert">
          {view.problem}
        </p>
      ) : null}
      {view.table ? (
        <DataTable id="translations" caption={view.table.caption} columns={[view.table.code, view.table.original, view.table.translation, view.table.state]} class="translations-table">
          {view.rows.map((row) => (
            <tr id={`translation-${row.code}`}>
              <td>{row.code}</td>
              <th scope="row">
                <a href={row.original.href} lang={row.original.language} dir={row.original.direction}>
                  {row.original.label}
                </a>
              </th>
              <td>
                {row.translation ? (
                  <a href={row.translation.href} lang={row.translation.language} dir={row.translation.direction}>
                    {row.translation.label}
                  </a>
                ) : row.translateForm ? (
                  <AdminForm form={row.translateForm} />
                ) : null}
              </td>
              <td>
                <span class={row.isOutOfDate ? 'status-badge status-out-of-date' : 'status-badge'}>{row.state}</span>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {view.emptyText ? <p>{view.emptyText}</p> : null}
      {view.pagination ? <Pagination pagination={view.pagination} /> : null}
    </AdminLayout>
  );
}
