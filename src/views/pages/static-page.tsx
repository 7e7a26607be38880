import { SiteLayout } from '../components/site-layout.tsx';
import { StoryBody } from '../components/story-body.tsx';
import type { StaticPageView } from '../view-models.ts';

/** One of the edition's own pages (About, Contact, Privacy …): a title and the newsroom's words. */
export function StaticPage({ view }: { view: StaticPageView }) {
  return (
    <SiteLayout frame={view.frame} head={view.head}>
      <main class="static-page">
        <article>
          <h1>{view.heading}</h1>
          <StoryBody blocks={view.body} />
        </article>
      </main>
    </SiteLayout>
  );
}
