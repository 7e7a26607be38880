import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Notice } from '../components/notice.tsx';
import type { PeoplePageView } from '../admin-view-models.ts';

/** Everyone with an account, what the viewer may change about each, and the form to add someone. */
export function PeoplePage({ view }: { view: PeoplePageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      {view.errorSummary ? <ErrorSummary summary={view.errorSummary} /> : null}
      {view.notice ? <Notice notice={view.notice} /> : null}
      <DataTable id="people" caption={view.table.caption} columns={[view.table.name, view.table.email, view.table.role, view.table.status, view.table.actions]}>
        {view.people.map((person) => (
          <tr id={`person-${person.id}`}>
            <th scope="row">
              {person.name}
              {person.isYou ? <span class="muted"> {person.youLabel}</span> : null}
            </th>
            <td>{person.email}</td>
            <td>{person.roleLabel}</td>
            <td>{person.statusLabels.join(', ')}</td>
            <td class="row-actions">
              {person.roleForm ? <AdminForm form={person.roleForm} /> : null}
              {person.statusForm ? <AdminForm form={person.statusForm} /> : null}
              {person.passwordForm ? <AdminForm form={person.passwordForm} /> : null}
            </td>
          </tr>
        ))}
      </DataTable>
      <section class="add-person" aria-labelledby="add-person-heading">
        <h2 id="add-person-heading">{view.addHeading}</h2>
        <p class="intro">{view.addIntro}</p>
        <AdminForm form={view.addForm} />
      </section>
    </AdminLayout>
  );
}
