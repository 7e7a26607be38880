import type { ErrorSummaryView } from '../admin-view-models.ts';

/**
 * The problems of a form, at its top, each a link to the field to fix. It takes the focus when the
 * page loads (autofocus), so keyboard and screen-reader users start where the trouble is.
 */
export function ErrorSummary({ summary }: { summary: ErrorSummaryView }) {
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">{summary.title}</h2>
      <ul>
        {summary.items.map((item) => (
          <li>
            <a href={item.href}>{item.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
