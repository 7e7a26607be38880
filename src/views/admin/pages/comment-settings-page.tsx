import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { ButtonForm } from '../components/button-form.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Notice } from '../components/notice.tsx';
import { PageLinks } from '../components/page-links.tsx';
import type { CommentSettingsPageView } from '../comment-view-models.ts';

/**
 * Comment settings: each section's policy and auto-close days, the bans (kind, reason, when, by whom —
 * never the banned value) with Unban buttons and a form to ban an email, and the banned words. Plain
 * forms, one change each.
 */
export function CommentSettingsPage({ view }: { view: CommentSettingsPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <p class="intro">{view.intro}</p>
      <PageLinks links={view.links} />
      {view.errorSummary ? <ErrorSummary summary={view.errorSummary} /> : null}
      {view.notice ? <Notice notice={view.notice} /> : null}

      <section aria-labelledby="sections-heading">
        <h2 id="sections-heading">{view.sections.heading}</h2>
        {view.sections.readOnlyText ? <p>{view.sections.readOnlyText}</p> : null}
        {view.sections.rows.length > 0 ? (
          <DataTable id="sections" caption={view.sections.caption} columns={[view.sections.columns.section, view.sections.columns.edition, view.sections.columns.current, view.sections.readOnlyText ? null : view.sections.columns.change]}>
            {view.sections.rows.map((row) => (
              <tr id={`section-${row.id}`}>
                <th scope="row" lang={row.edition.language} dir="auto">
                  {row.name}
                </th>
                <td lang={row.edition.language} dir="auto">
                  {row.edition.name}
                </td>
                <td>{row.text}</td>
                {row.form ? (
                  <td>
                    <AdminForm form={row.form} />
                  </td>
                ) : null}
              </tr>
            ))}
          </DataTable>
        ) : (
          <p>{view.sections.emptyText}</p>
        )}
      </section>

      <section id="bans" aria-labelledby="bans-heading">
        <h2 id="bans-heading">{view.bans.heading}</h2>
        <p class="intro">{view.bans.intro}</p>
        {view.bans.rows.length > 0 ? (
          <DataTable id="bans" caption={view.bans.caption} columns={[view.bans.columns.kind, view.bans.columns.reason, view.bans.columns.when, view.bans.columns.by, view.bans.columns.actions]}>
            {view.bans.rows.map((ban) => (
              <tr id={`ban-${ban.id}`}>
                <th scope="row">{ban.kind}</th>
                <td dir="auto">{ban.reason}</td>
                <td>
                  <time datetime={ban.when.iso}>{ban.when.text}</time>
                </td>
                <td>{ban.by}</td>
                <td>
                  <ButtonForm form={ban.unban} />
                </td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p>{view.bans.emptyText}</p>
        )}
        <h3>{view.bans.addHeading}</h3>
        <AdminForm form={view.bans.addForm} />
      </section>

      <section id="banned-words" aria-labelledby="words-heading">
        <h2 id="words-heading">{view.words.heading}</h2>
        <p class="intro">{view.words.intro}</p>
        {view.words.items.length > 0 ? (
          <ul class="note-list">
            {view.words.items.map((item) => (
              <li class="row-actions">
                <span dir="auto">{item.word}</span>
                <ButtonForm form={item.remove} />
              </li>
            ))}
          </ul>
        ) : (
          <p>{view.words.emptyText}</p>
        )}
        <AdminForm form={view.words.addForm} />
      </section>
    </AdminLayout>
  );
}
