import { AdminLayout } from '../components/admin-layout.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EditionSwitch } from '../components/edition-switch.tsx';
import { Notice } from '../components/notice.tsx';
import { Pagination } from '../components/pagination.tsx';
import { TaxonomyTabs } from '../components/taxonomy-tabs.tsx';
import type { TaxonListPageView } from '../taxonomy-view-models.ts';

/** Tags or authors: a search, then one page of them, most used first, each with its edit page. */
export function TaxonListPage({ view }: { view: TaxonListPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <TaxonomyTabs tabs={view.tabs} />
      {view.editions ? <EditionSwitch editions={view.editions} /> : null}
      <p class="intro">{view.intro}</p>
      {view.notice ? <Notice notice={view.notice} /> : null}
      <form method="get" action={view.search.action} class="filters" role="search">
        {view.search.hidden.map((h) => (
          <input type="hidden" name={h.name} value={h.value} />
        ))}
        <div class="field">
          <label for="taxon-search">{view.search.label}</label>
          <input id="taxon-search" type="search" name="q" value={view.search.value} />
        </div>
        <button type="submit" class="button">
          {view.search.submitLabel}
        </button>
      </form>
      <p>{view.count}</p>
      {view.rows.length === 0 ? (
        <p>{view.emptyText}</p>
      ) : (
        <DataTable id={view.table.id} caption={view.table.caption} columns={view.table.columns}>
          {view.rows.map((row) => (
            <tr>
              <td>
                <a href={row.editHref} lang={row.language} dir="auto">
                  {row.name}
                </a>
              </td>
              <td>
                <a href={row.address.href}>{row.address.label}</a>
              </td>
              <td class="numeric">{row.storyCount}</td>
              {row.extra !== undefined ? <td>{row.extra}</td> : null}
            </tr>
          ))}
        </DataTable>
      )}
      {view.pagination ? <Pagination pagination={view.pagination} /> : null}
    </AdminLayout>
  );
}
