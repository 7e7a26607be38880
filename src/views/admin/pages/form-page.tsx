import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { Notice } from '../components/notice.tsx';
import type { FormPageView } from '../admin-view-models.ts';

/** A page that is one form: first-run setup, sign-in, changing a password. */
export function FormPage({ view }: { view: FormPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <div class="narrow">
        <h1>{view.heading}</h1>
        {view.notice ? <Notice notice={view.notice} /> : null}
        {view.intro ? <p class="intro">{view.intro}</p> : null}
        <AdminForm form={view.form} />
      </div>
    </AdminLayout>
  );
}
