import { AdminForm } from '../components/admin-form.tsx';
import { AdminLayout } from '../components/admin-layout.tsx';
import { Notice } from '../components/notice.tsx';
import { PageLinks } from '../components/page-links.tsx';
import { TaxonomyTabs } from '../components/taxonomy-tabs.tsx';
import type { TaxonEditPageView } from '../taxonomy-view-models.ts';

/** One section, tag or author: its details, and for a tag, merging it into another. */
export function TaxonEditPage({ view }: { view: TaxonEditPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <div class="narrow">
        <h1 dir="auto">
          {view.heading}
        </h1>
        <TaxonomyTabs tabs={view.tabs} />
        <PageLinks links={[view.backLink, view.publicLink]} />
        {view.notice ? <Notice notice={view.notice} /> : null}
        <p class="intro">{view.intro}</p>
        <AdminForm form={view.form} />
        {view.secondary ? (
          <section aria-labelledby="secondary-heading">
            <h2 id="secondary-heading">{view.secondary.heading}</h2>
            <p>{view.secondary.intro}</p>
            <AdminForm form={view.secondary.form} />
          </section>
        ) : null}
      </div>
    </AdminLayout>
  );
}
