import { SiteLayout } from '../components/site-layout.tsx';
import type { MessagePageView } from '../view-models.ts';

/** 404 and error pages: the site's frame around one plain message. */
export function MessagePage({ view }: { view: MessagePageView }) {
  return (
    <SiteLayout frame={view.frame} head={view.head}>
      <main class="message-page">
        <h1>{view.heading}</h1>
        <p>{view.text}</p>
        <p>
          <a href={view.frame.homeHref}>{view.homeLabel}</a>
        </p>
      </main>
    </SiteLayout>
  );
}
