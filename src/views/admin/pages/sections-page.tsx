import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { ButtonForm } from '../components/button-form.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EditionSwitch } from '../components/edition-switch.tsx';
import { Notice } from '../components/notice.tsx';
import { TaxonomyTabs } from '../components/taxonomy-tabs.tsx';
import type { SectionsPageView } from '../taxonomy-view-models.ts';

/** An edition's sections in navigation order, each movable and editable, and a form for a new one. */
export function SectionsPage({ view }: { view: SectionsPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <TaxonomyTabs tabs={view.tabs} />
      <EditionSwitch editions={view.editions} />
      <p class="intro">{view.intro}</p>
      {view.notice ? <Notice notice={view.notice} /> : null}
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
              <td>{row.navigationLabel}</td>
              <td>
                <div class="row-actions">
                  <ButtonForm form={row.moveUp} />
                  <ButtonForm form={row.moveDown} />
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <section aria-labelledby="new-section-heading">
        <h2 id="new-section-heading">{view.newHeading}</h2>
        <AdminForm form={view.newForm} />
      </section>
    </AdminLayout>
  );
}
