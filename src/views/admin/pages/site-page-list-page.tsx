import { AdminLayout } from '../components/admin-layout.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EditionSwitch } from '../components/edition-switch.tsx';
import { Notice } from '../components/notice.tsx';
import type { SitePageListPageView } from '../site-page-view-models.ts';

/** An edition's own pages: each with its address and state, and the way to a new page and the footer links. */
export function SitePageListPage({ view }: { view: SitePageListPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <EditionSwitch editions={view.editions} />
      <p class="intro">{view.intro}</p>
      {view.notice ? <Notice notice={view.notice} /> : null}
      <ul class="story-links">
        {view.actions.map((link) => (
          <li>
            <a href={link.href}>{link.label}</a>
          </li>
        ))}
      </ul>
      {view.rows.length === 0 ? (
        <p>{view.emptyText}</p>
      ) : (
        <DataTable id={view.table.id} caption={view.table.caption} columns={view.table.columns}>
          {view.rows.map((row) => (
            <tr>
              <td>
                <a href={row.editHref} lang={row.language} dir="auto">
                  {row.title}
                </a>
              </td>
              <td>{row.address ? <a href={row.address.href}>{row.address.label}</a> : '—'}</td>
              <td>{row.isDraft ? <span class="status-badge">{row.state}</span> : row.state}</td>
              <td>{row.updated}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </AdminLayout>
  );
}
