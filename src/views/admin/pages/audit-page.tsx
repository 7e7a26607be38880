import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { DataTable } from '../components/data-table.tsx';
import type { AuditPageView } from '../admin-view-models.ts';

/** The audit log, newest first, with filters that are plain GET parameters (so a filtered view can be bookmarked). */
export function AuditPage({ view }: { view: AuditPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <section class="filters" aria-labelledby="filters-heading">
        <h2 id="filters-heading">{view.filtersHeading}</h2>
        <AdminForm form={view.filterForm} />
        {view.clearHref ? (
          <p>
            <a href={view.clearHref}>{view.clearLabel}</a>
          </p>
        ) : null}
      </section>
      {view.rows.length > 0 ? (
        <DataTable id="audit" caption={view.table.caption} columns={[view.table.when, view.table.who, view.table.what, view.table.subject, view.table.details]}>
          {view.rows.map((row) => (
            <tr>
              <td>
                <time datetime={row.when.iso}>{row.when.text}</time>
              </td>
              <td>{row.who}</td>
              <td>{row.what}</td>
              <td>{row.subject}</td>
              <td class="details">{row.details}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>{view.emptyText}</p>
      )}
      {view.pagination ? (
        <nav class="pagination" aria-label={view.pagination.label}>
          {view.pagination.newer ? <a href={view.pagination.newer.href}>{view.pagination.newer.label}</a> : <span />}
          <span>{view.pagination.current}</span>
          {view.pagination.older ? <a href={view.pagination.older.href}>{view.pagination.older.label}</a> : <span />}
        </nav>
      ) : null}
    </AdminLayout>
  );
}
