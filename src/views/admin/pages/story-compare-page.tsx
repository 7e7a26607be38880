import { AdminLayout } from '../components/admin-layout.tsx';
import type { DiffSegmentView, StoryComparePageView } from '../story-view-models.ts';

/**
 * Two revisions side by side in one column: added words underlined (`<ins>`), removed ones struck through
 * (`<del>`), each announced to screen readers, which do not voice those elements by default.
 */
export function StoryComparePage({ view }: { view: StoryComparePageView }) {
  return (
    <AdminLayout frame={view.frame} head={view.head}>
      <h1>{view.heading}</h1>
      <p class="intro">{view.intro}</p>
      <p>
        <a href={view.back.href}>{view.back.label}</a>
      </p>
      {view.sameText ? <p class="notice">{view.sameText}</p> : null}
      <section aria-labelledby="compare-fields-heading">
        <h2 id="compare-fields-heading">{view.fieldsHeading}</h2>
        <dl class="diff-fields">
          {view.fields.map((field) => (
            <div class={field.isChanged ? 'diff-field is-changed' : 'diff-field'}>
              <dt>{field.label}</dt>
              <dd>
                <Segments segments={field.segments} markers={view.markers} />
                {!field.isChanged ? <span class="muted"> ({field.unchangedLabel})</span> : null}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="compare-body-heading">
        <h2 id="compare-body-heading">{view.bodyHeading}</h2>
        <ol class="diff-blocks">
          {view.blocks.map((block) =>
            block.kind === 'collapsed' ? (
              <li class="diff-collapsed">{block.text}</li>
            ) : (
              <li class={`diff-block diff-${block.change}`}>
                <p class="diff-label">
                  {block.label} · {block.changeLabel}
                </p>
                <p class="diff-text">
                  <Segments segments={block.segments} markers={view.markers} />
                </p>
                {block.note ? <p class="field-hint">{block.note}</p> : null}
              </li>
            ),
          )}
        </ol>
      </section>
    </AdminLayout>
  );
}

function Segments({ segments, markers }: { segments: DiffSegmentView[]; markers: { added: string; removed: string } }) {
  return (
    <>
      {segments.map((s) =>
        s.change === 'added' ? (
          <ins>
            <span class="visually-hidden">{markers.added}</span>
            {s.text}
          </ins>
        ) : s.change === 'removed' ? (
          <del>
            <span class="visually-hidden">{markers.removed}</span>
            {s.text}
          </del>
        ) : (
          s.text
        ),
      )}
    </>
  );
}
