import { AdminLayout } from '../components/admin-layout.tsx';
import { BodyEditorField } from '../components/body-editor-field.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Notice } from '../components/notice.tsx';
import { StoryField } from '../components/story-field.tsx';
import { StoryBody } from '../../components/story-body.tsx';
import { AdminForm } from '../components/admin-form.tsx';
import { RevisionDiff } from '../components/revision-diff.tsx';
import type { OutOfDateView, StoryEditPageView, StoryFormView, TranslationSourceView, WorkflowStepView } from '../story-view-models.ts';

/**
 * The story form and the workflow's buttons. Without JavaScript the body is a textarea; the editor island
 * (src/admin/editor.island.ts) turns it into a rich-text editor with autosave, reading the data attributes
 * on `[data-story-editor]`.
 */
export function StoryEditPage({ view }: { view: StoryEditPageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      {view.errorSummary ? <ErrorSummary summary={view.errorSummary} /> : null}
      {view.notice ? <Notice notice={view.notice} /> : null}
      {view.facts.length > 0 ? (
        <dl class="story-facts">
          {view.facts.map((fact) => (
            <div>
              <dt>{fact.term}</dt>
              <dd>{fact.detail}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {view.banner ? <p class="story-banner">{view.banner}</p> : null}
      {view.returnNote ? (
        <section class="return-note" aria-labelledby="return-note-heading">
          <h2 id="return-note-heading">{view.returnNote.heading}</h2>
          <p dir="auto">{view.returnNote.text}</p>
        </section>
      ) : null}
      {view.links.length > 0 ? (
        <ul class="story-links">
          {view.links.map((link) => (
            <li>
              <a href={link.href}>{link.label}</a>
            </li>
          ))}
        </ul>
      ) : null}
      {view.outOfDate ? <OutOfDate outOfDate={view.outOfDate} /> : null}
      <div class={view.source ? 'story-edit-layout has-source' : 'story-edit-layout'}>
        {view.source ? <TranslationSource source={view.source} /> : null}
        {view.form ? <StoryForm form={view.form} /> : null}
        {view.workflow && view.workflow.steps.length > 0 ? (
          <section class="workflow" aria-labelledby="workflow-heading">
            <h2 id="workflow-heading">{view.workflow.heading}</h2>
            {view.workflow.steps.map((step) => (
              <WorkflowStep step={step} csrfToken={view.workflow?.csrfToken ?? ''} />
            ))}
          </section>
        ) : null}
      </div>
      {view.translate ? (
        <section class="translate" aria-labelledby="translate-heading">
          <h2 id="translate-heading">{view.translate.heading}</h2>
          {view.translate.form ? <AdminForm form={view.translate.form} /> : <p>{view.translate.text}</p>}
        </section>
      ) : null}
    </AdminLayout>
  );
}

/** The original, read-only, in its own language and direction: a Persian translator reads an English original left to right. */
function TranslationSource({ source }: { source: TranslationSourceView }) {
  return (
    <section class="translation-source" aria-labelledby="translation-source-heading">
      <h2 id="translation-source-heading">{source.heading}</h2>
      <p class="translation-source-meta">
        {source.version}
        {source.link ? (
          <>
            {' · '}
            <a href={source.link.href}>{source.link.label}</a>
          </>
        ) : null}
      </p>
      {source.note ? <p class="translation-source-meta">{source.note}</p> : null}
      <article class="translation-source-text" lang={source.language} dir={source.direction}>
        <p class="translation-source-headline">{source.headline}</p>
        {source.standfirst ? <p class="translation-source-standfirst">{source.standfirst}</p> : null}
        <StoryBody blocks={source.body} />
      </article>
    </section>
  );
}

function OutOfDate({ outOfDate }: { outOfDate: OutOfDateView }) {
  return (
    <section class="out-of-date" aria-labelledby="out-of-date-heading">
      <h2 id="out-of-date-heading">{outOfDate.heading}</h2>
      <p>{outOfDate.text}</p>
      {outOfDate.changes ? <RevisionDiff diff={outOfDate.changes} idPrefix="source-changes" headingLevel={3} /> : null}
      {outOfDate.noComparison ? <p>{outOfDate.noComparison}</p> : null}
      {outOfDate.markCurrent ? (
        <>
          <AdminForm form={outOfDate.markCurrent} />
          <p class="field-hint">{outOfDate.markCurrent.hint}</p>
        </>
      ) : null}
    </section>
  );
}

function StoryForm({ form }: { form: StoryFormView }) {
  return (
    <form method="post" action={form.action} class="story-form" novalidate>
      <input type="hidden" name="_csrf" value={form.csrfToken} />
      {form.hidden.map((h) => (
        <input type="hidden" name={h.name} value={h.value} />
      ))}
      {form.fields.map((field) => (
        <StoryField field={field} />
      ))}
      <BodyEditorField field={form.body} editor={form.editor} />
      {form.detailsFields.map((field) => (
        <StoryField field={field} />
      ))}
      <fieldset class="seo-fields">
        <legend>{form.seoHeading}</legend>
        {form.seoFields.map((field) => (
          <StoryField field={field} />
        ))}
      </fieldset>
      <button type="submit" class="button">
        {form.submitLabel}
      </button>
    </form>
  );
}

function WorkflowStep({ step, csrfToken }: { step: WorkflowStepView; csrfToken: string }) {
  return (
    <form method="post" action={step.action} class="workflow-step" data-workflow="">
      <input type="hidden" name="_csrf" value={csrfToken} />
      {step.field ? <StoryField field={step.field} /> : null}
      {step.confirm ? (
        <div class={step.confirm.error ? 'field field-checkbox field-invalid' : 'field field-checkbox'}>
          <input type="checkbox" id={step.confirm.id} name={step.confirm.name} value="yes" required aria-describedby={step.confirm.error ? `${step.confirm.id}-error` : undefined} />
          <label for={step.confirm.id}>{step.confirm.label}</label>
          {step.confirm.error ? <p class="field-error" id={`${step.confirm.id}-error`}>{step.confirm.error}</p> : null}
        </div>
      ) : null}
      <button type="submit" class={`button button-${step.style}`}>
        {step.label}
      </button>
    </form>
  );
}
