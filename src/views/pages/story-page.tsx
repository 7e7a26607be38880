import { CommentSection } from '../components/comment-section.tsx';
import { FeaturedStories } from '../components/featured-stories.tsx';
import { SiteLayout } from '../components/site-layout.tsx';
import { Figure, Thumbnail } from '../components/figure.tsx';
import { StoryBody } from '../components/story-body.tsx';
import { StoryNotes } from '../components/story-notes.tsx';
import type { StoryPageView } from '../view-models.ts';

/**
 * The story page, in the seed page's order: breadcrumb, dateline, headline, standfirst, byline and story code,
 * lead picture, corrections and updates, body, tags, share links, related, comments; then the rail.
 */
export function StoryPage({ view }: { view: StoryPageView }) {
  return (
    <SiteLayout frame={view.frame} head={view.head}>
      <main class="story-layout">
        {view.previewBanner ? <p class="preview-banner">{view.previewBanner}</p> : null}
        <article class="story">
          <header class="story-header">
            <nav class="breadcrumb" aria-label={view.breadcrumb.label}>
              <ol>
                {view.breadcrumb.trail.map((step) => (
                  <li>
                    <a href={step.href}>{step.label}</a>
                  </li>
                ))}
              </ol>
            </nav>
            <p class="dateline">
              <time datetime={view.dateline.iso}>{view.dateline.text}</time>
              {view.updated ? (
                <span class="dateline-updated">
                  {' · '}
                  {view.updatedLabel} <time datetime={view.updated.iso}>{view.updated.text}</time>
                </span>
              ) : null}
            </p>
            <h1>{view.headline}</h1>
            {view.standfirst ? <p class="standfirst">{view.standfirst}</p> : null}
            <div class="byline-block">
              {view.authors.length > 0 ? (
                <p class="byline">
                  {view.byLabel}{' '}
                  {view.authors.map((author, index) => (
                    <>
                      {index > 0 ? ', ' : null}
                      <a href={author.href} rel="author">
                        {author.label}
                      </a>
                    </>
                  ))}
                </p>
              ) : null}
              <p class="story-code">
                {view.storyCodeLabel} : <span>{view.code}</span>
              </p>
            </div>
          </header>
          {view.leadFigure ? <Figure figure={view.leadFigure} class="lead-figure" /> : null}
          {view.notes ? <StoryNotes notes={view.notes} /> : null}
          {view.staleTranslation ? (
            <p class="translation-note" role="note">
              {view.staleTranslation.text}{' '}
              <a href={view.staleTranslation.link.href} hreflang={view.staleTranslation.link.language}>
                {view.staleTranslation.link.label}
              </a>
            </p>
          ) : null}
          <StoryBody blocks={view.body} figures={view.bodyFigures} />
          {view.credit ? (
            <p class="story-credit">
              {view.credit.href ? <a href={view.credit.href}>{view.creditLabel}</a> : <span>{view.creditLabel}</span>}:{' '}
              {view.credit.licenseHref ? (
                <a href={view.credit.licenseHref} rel="license">
                  {view.credit.text}
                </a>
              ) : (
                view.credit.text
              )}
            </p>
          ) : null}
          {view.tags.length > 0 ? (
            <ul class="story-tags">
              {view.tags.map((t) => (
                <li>
                  <a href={t.href} rel="tag">
                    {t.label}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {view.translations.length > 0 ? (
            <ul class="story-translations">
              {view.translations.map((t) => (
                <li>
                  <a href={t.href} lang={t.language} hreflang={t.language}>
                    {t.label}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          <section class="share" aria-labelledby="share-heading">
            <h2 id="share-heading">{view.share.heading}</h2>
            <ul>
              {view.share.links.map((l) => (
                <li>
                  <a class={`share-${l.kind}`} href={l.href} rel="noopener noreferrer">
                    {l.label}
                  </a>
                </li>
              ))}
            </ul>
          </section>
          {view.related.length > 0 ? (
            <section class="related-stories" aria-labelledby="related-stories-heading">
              <h2 id="related-stories-heading">{view.relatedHeading}</h2>
              <ul class="card-grid">
                {view.related.map((r) => (
                  <li>
                    <article class={r.picture ? 'related-story has-picture' : 'related-story'}>
                      <h3>{r.href ? <a href={r.href}>{r.headline}</a> : r.headline}</h3>
                      {r.teaser ? <p>{r.teaser}</p> : null}
                      {r.picture ? <Thumbnail picture={r.picture} credit={r.pictureCredit} /> : null}
                    </article>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <CommentSection view={view.comments} />
        </article>
        <FeaturedStories heading={view.featuredHeading} items={view.featured} />
      </main>
    </SiteLayout>
  );
}
