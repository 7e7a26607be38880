import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Notice } from '../components/notice.tsx';
import type { WebhooksPageView } from '../webhook-view-models.ts';

/** Every webhook endpoint, what it is sent and whether it is on; then the form to add one. */
export function WebhooksPage({ view }: { view: WebhooksPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <p class="intro">{view.intro}</p>
      {view.notice ? <Notice notice={view.notice} /> : null}
      {view.alerts.map((alert) => (
        <div class="notice notice-warning" role="alert">
          <p>{alert}</p>
        </div>
      ))}
      {view.rows.length === 0 ? (
        <p>{view.emptyText}</p>
      ) : (
        <DataTable id={view.table.id} caption={view.table.caption} columns={view.table.columns}>
          {view.rows.map((row) => (
            <tr>
              <td>
                <a href={row.href}>{row.url}</a>
              </td>
              <td>{row.description}</td>
              <td>{row.events}</td>
              <td>{row.status}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <section aria-labelledby="add-webhook">
        <h2 id="add-webhook">{view.addHeading}</h2>
        <AdminForm form={view.addForm} />
      </section>
    </AdminLayout>
  );
}
