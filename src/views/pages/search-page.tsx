import { Thumbnail } from '../components/figure.tsx';
import { SiteLayout } from '../components/site-layout.tsx';
import { Pagination } from '../components/story-list.tsx';
import type { SearchPageFormView, SearchPageView, SnippetSegment } from '../view-models.ts';

/** The search page: the form with its filters, then help, problems or results. */
export function SearchPage({ view }: { view: SearchPageView }) {
  return (
    <SiteLayout frame={view.frame} head={view.head}>
      <main class="search-page">
        <h1>{view.heading}</h1>
        <SearchPageForm form={view.form} />
        {view.problems ? (
          <div class="search-problems" role="alert">
            <p>{view.problems.intro}</p>
            <ul>
              {view.problems.items.map((item) => (
                <li>{item}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {view.notices.map((notice) => (
          <p class="search-notice">{notice}</p>
        ))}
        {view.help ? (
          <section class="search-help">
            <p>{view.help.text}</p>
            <ul>
              {view.help.tips.map((tip) => (
                <li>{tip}</li>
              ))}
            </ul>
          </section>
        ) : null}
        {view.summary !== undefined || view.emptyText !== undefined ? (
          <section class="search-results" aria-labelledby="search-results-heading">
            <h2 id="search-results-heading">{view.resultsHeading}</h2>
            {view.summary !== undefined ? <p class="search-summary">{view.summary}</p> : null}
            {view.emptyText !== undefined ? <p class="search-empty">{view.emptyText}</p> : null}
            {view.results.length > 0 ? (
              <ol class="story-list">
                {view.results.map((result) => (
                  <li>
                    <article class={result.picture ? 'story-summary has-picture' : 'story-summary'}>
                      <h3>
                        <a href={result.href}>
                          <Highlighted segments={result.headline} />
                        </a>
                      </h3>
                      <p class="story-meta">
                        <time datetime={result.published.iso}>{result.published.text}</time>
                        {result.sectionName ? <span class="story-section"> · {result.sectionName}</span> : null}
                      </p>
                      <p class="search-snippet">
                        <Highlighted segments={result.snippet} />
                      </p>
                      {result.picture ? <Thumbnail picture={result.picture} credit={result.pictureCredit} /> : null}
                    </article>
                  </li>
                ))}
              </ol>
            ) : null}
          </section>
        ) : null}
        {view.pagination ? <Pagination pagination={view.pagination} /> : null}
      </main>
    </SiteLayout>
  );
}

/** Text segments with the matches in `<mark>`: the renderer escapes every segment, so stored text stays text. */
function Highlighted({ segments }: { segments: SnippetSegment[] }) {
  return <>{segments.map((s) => (s.isMatch ? <mark>{s.text}</mark> : s.text))}</>;
}

function SearchPageForm({ form }: { form: SearchPageFormView }) {
  return (
    <form class="search-form search-form-full" role="search" aria-label={form.label} action={form.action} method="get">
      <p>
        <label for="search-q">{form.label}</label>
        <input id="search-q" type="search" name="q" value={form.query} maxlength={400} autocomplete="off" />
        <button type="submit">{form.buttonLabel}</button>
      </p>
      <fieldset>
        <legend>{form.filtersLegend}</legend>
        <p>
          <label for="search-section">{form.section.label}</label>
          <select id="search-section" name="section">
            {form.section.options.map((o) => (
              <option value={o.value} selected={o.isSelected}>
                {o.label}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="search-from">{form.from.label}</label>
          <input id="search-from" type="date" name="from" value={form.from.value} />
        </p>
        <p>
          <label for="search-to">{form.to.label}</label>
          <input id="search-to" type="date" name="to" value={form.to.value} />
        </p>
        <p>
          <label for="search-sort">{form.sort.label}</label>
          <select id="search-sort" name="sort">
            {form.sort.options.map((o) => (
              <option value={o.value} selected={o.isSelected}>
                {o.label}
              </option>
            ))}
          </select>
        </p>
      </fieldset>
      {form.hidden.map((h) => (
        <input type="hidden" name={h.name} value={h.value} />
      ))}
    </form>
  );
}
