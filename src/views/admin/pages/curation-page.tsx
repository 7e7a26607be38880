import { AdminLayout } from '../components/admin-layout.tsx';
import { ButtonForm } from '../components/button-form.tsx';
import { EditionSwitch } from '../components/edition-switch.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Notice } from '../components/notice.tsx';
import { ReorderableList } from '../components/reorderable-list.tsx';
import { StorySearch } from '../components/story-search.tsx';
import type { CurationPageView } from '../admin-view-models.ts';

/** An edition's lead story and Featured Stories, and a search to choose stories for them. */
export function CurationPage({ view }: { view: CurationPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>
        {view.heading}:{' '}
        <span lang={view.edition.language} dir="auto">
          {view.edition.name}
        </span>
      </h1>
      <p class="intro">{view.intro}</p>
      <EditionSwitch editions={view.editions} />
      {view.errorSummary ? <ErrorSummary summary={view.errorSummary} /> : null}
      {view.notice ? <Notice notice={view.notice} /> : null}
      <section class="curation-lead" aria-labelledby="lead-heading">
        <h2 id="lead-heading">{view.lead.heading}</h2>
        {view.lead.story ? (
          <p class="lead-choice">
            <span class="reorderable-headline" lang={view.lead.language} dir="auto">
              {view.lead.story.href ? <a href={view.lead.story.href}>{view.lead.story.headline}</a> : view.lead.story.headline}
            </span>{' '}
            <span class="reorderable-meta">{view.lead.story.meta}</span>
          </p>
        ) : null}
        <p>{view.lead.text}</p>
        {view.lead.clear ? <ButtonForm form={view.lead.clear} /> : null}
      </section>
      <section class="curation-featured" aria-labelledby="featured-heading">
        <h2 id="featured-heading">
          {view.featured.heading} <span class="muted">({view.featured.countText})</span>
        </h2>
        <p class="intro">{view.featured.intro}</p>
        <ReorderableList list={view.featured.list} />
      </section>
      <StorySearch search={view.search} id="find" />
    </AdminLayout>
  );
}
