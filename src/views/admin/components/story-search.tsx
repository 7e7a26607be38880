import type { StorySearchView } from '../admin-view-models.ts';
import { AdminForm } from './admin-form.tsx';
import { ButtonForm } from './button-form.tsx';

/** Finds published stories by their words or code, and offers what the page can do with each one. */
export function StorySearch({ search, id }: { search: StorySearchView; id: string }) {
  const headingId = `${id}-heading`;
  return (
    <section class="story-search" aria-labelledby={headingId}>
      <h2 id={headingId}>{search.heading}</h2>
      <AdminForm form={search.form} />
      {search.summary ? (
        <p class="search-summary" id={`${id}-summary`}>
          {search.summary}
        </p>
      ) : null}
      {search.results.length > 0 ? (
        <ul class="search-results" aria-labelledby={`${id}-summary`}>
          {search.results.map((result) => (
            <li>
              <div class="reorderable-text">
                <a href={result.href} class="reorderable-headline" lang={search.language} dir="auto">
                  {result.headline}
                </a>
                <span class="reorderable-meta">{result.meta}</span>
              </div>
              <div class="reorderable-actions">
                {result.actions.map((action) => (
                  <ButtonForm form={action} />
                ))}
                {result.links.map((link) => (
                  <a href={link.href} class="action-link">
                    {link.label}
                    {link.context ? <span class="visually-hidden">{link.context}</span> : null}
                  </a>
                ))}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
