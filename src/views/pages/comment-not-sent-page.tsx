import { CommentSection } from '../components/comment-section.tsx';
import { SiteLayout } from '../components/site-layout.tsx';
import type { CommentNotSentPageView } from '../view-models.ts';

/** The answer to a comment posted while the site could not save it: the form again, holding the reader's text. */
export function CommentNotSentPage({ view }: { view: CommentNotSentPageView }) {
  return (
    <SiteLayout frame={view.frame} head={view.head}>
      <main class="message-page">
        <h1>{view.heading}</h1>
        <CommentSection view={view.comments} />
        <p>
          <a href={view.back.href}>{view.back.label}</a>
        </p>
      </main>
    </SiteLayout>
  );
}
