import { AdminLayout } from '../components/admin-layout.tsx';
import type { AdminMessagePageView } from '../admin-view-models.ts';

/** 403, 404 and error pages inside the newsroom's frame. */
export function AdminMessagePage({ view }: { view: AdminMessagePageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <div class="narrow">
        <h1>{view.heading}</h1>
        <p>{view.text}</p>
        <p>
          <a href={view.link.href}>{view.link.label}</a>
        </p>
      </div>
    </AdminLayout>
  );
}
