import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { Notice } from '../components/notice.tsx';
import type { AdminFrame, FormView, NoticeView, PageHead } from '../admin-view-models.ts';

export interface ApiKeyRowView {
  name: string;
  prefix: string;
  scope: string;
  origins: string;
  rate: string;
  created: string;
  lastUsed: string;
  state: string;
  revokeForm?: FormView;
}

export interface ApiKeysPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro: string;
  notice?: NoticeView;
  createHeading: string;
  createForm: FormView;
  listHeading: string;
  emptyText: string;
  columns: { name: string; token: string; scope: string; origins: string; rate: string; created: string; lastUsed: string; state: string };
  keys: ApiKeyRowView[];
}

/** The keys of the content API and of staff automation: make one (its token shown once), or revoke one. */
export function ApiKeysPage({ view }: { view: ApiKeysPageView }) {
  const c = view.columns;
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <p class="intro">{view.intro}</p>
      {view.notice ? <Notice notice={view.notice} /> : null}
      <h2>{view.listHeading}</h2>
      {view.keys.length === 0 ? (
        <p>{view.emptyText}</p>
      ) : (
        <table class="data-table">
          <thead>
            <tr>
              {[c.name, c.token, c.scope, c.origins, c.rate, c.created, c.lastUsed, c.state].map((label) => (
                <th scope="col">{label}</th>
              ))}
              <th scope="col">
                <span class="visually-hidden">{c.state}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.keys.map((key) => (
              <tr>
                <th scope="row">{key.name}</th>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{key.scope}</td>
                <td>{key.origins}</td>
                <td>{key.rate}</td>
                <td>{key.created}</td>
                <td>{key.lastUsed}</td>
                <td>{key.state}</td>
                <td>{key.revokeForm ? <AdminForm form={key.revokeForm} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{view.createHeading}</h2>
      <AdminForm form={view.createForm} />
    </AdminLayout>
  );
}
