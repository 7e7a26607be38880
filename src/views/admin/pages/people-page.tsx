import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
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
      <div class="table-scroll" role="region" aria-labelledby="people-caption" tabindex={0}>
        <table class="data-table">
          <caption id="people-caption">{view.table.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{view.table.name}</th>
              <th scope="col">{view.table.email}</th>
              <th scope="col">{view.table.role}</th>
              <th scope="col">{view.table.status}</th>
              <th scope="col">{view.table.actions}</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
      <section class="add-person" aria-labelledby="add-person-heading">
        <h2 id="add-person-heading">{view.addHeading}</h2>
        <p class="intro">{view.addIntro}</p>
        <AdminForm form={view.addForm} />
      </section>
    </AdminLayout>
  );
}
