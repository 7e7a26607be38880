import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { ButtonForm } from '../components/button-form.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Notice } from '../components/notice.tsx';
import type { WebhookEndpointPageView } from '../webhook-view-models.ts';

/** One webhook endpoint: its settings, a new secret on demand, its recent deliveries (each can be sent again). */
export function WebhookEndpointPage({ view }: { view: WebhookEndpointPageView }) {
  const { deliveries } = view;
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <p>
        <a href={view.back.href}>{view.back.label}</a>
      </p>
      <h1>{view.heading}</h1>
      {view.notice ? <Notice notice={view.notice} /> : null}
      {view.alert ? (
        <div class="notice notice-warning" role="alert">
          <p>{view.alert}</p>
        </div>
      ) : null}
      <AdminForm form={view.form} />
      <section aria-labelledby="webhook-deliveries">
        <h2 id="webhook-deliveries">{deliveries.heading}</h2>
        {deliveries.rows.length === 0 ? (
          <p>{deliveries.emptyText}</p>
        ) : (
          <DataTable id={deliveries.table.id} caption={deliveries.table.caption} columns={deliveries.table.columns}>
            {deliveries.rows.map((row) => (
              <tr>
                <td>{row.event}</td>
                <td>{row.status}</td>
                <td>
                  <time datetime={row.created.iso}>{row.created.text}</time>
                </td>
                <td>{row.lastAttempt ? <time datetime={row.lastAttempt.iso}>{row.lastAttempt.text}</time> : null}</td>
                <td>{row.response}</td>
                <td class="numeric">{row.attempts}</td>
                <td>{row.redeliver ? <ButtonForm form={row.redeliver} /> : null}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section aria-labelledby="webhook-secret">
        <h2 id="webhook-secret">{view.secret.heading}</h2>
        <p>{view.secret.intro}</p>
        <ButtonForm form={view.secret.rotate} />
      </section>
      <section aria-labelledby="webhook-delete">
        <h2 id="webhook-delete">{view.remove.heading}</h2>
        <ButtonForm form={view.remove.form} />
      </section>
    </AdminLayout>
  );
}
