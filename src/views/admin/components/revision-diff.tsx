import type { DiffSegmentView, DiffView } from '../story-view-models.ts';

/**
 * A comparison of two versions in one column: added words underlined (`<ins>`), removed ones struck through
 * (`<del>`), each announced to screen readers, which do not voice those elements by default. Shown on the
 * revisions' Compare page and in a translation's "the original changed" notice.
 */
export function RevisionDiff({ diff, idPrefix, headingLevel = 2 }: { diff: DiffView; idPrefix: string; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const written = diff.language ? { lang: diff.language, dir: diff.direction } : {};
  return (
    <>
      {diff.fields.length > 0 ? (
        <section aria-labelledby={`${idPrefix}-fields-heading`}>
          <Heading id={`${idPrefix}-fields-heading`}>{diff.fieldsHeading}</Heading>
          <dl class="diff-fields">
            {diff.fields.map((field) => (
              <div class={field.isChanged ? 'diff-field is-changed' : 'diff-field'}>
                <dt>{field.label}</dt>
                <dd>
                  <span {...written}>
                    <Segments segments={field.segments} markers={diff.markers} />
                  </span>
                  {!field.isChanged ? <span class="muted"> ({field.unchangedLabel})</span> : null}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <section aria-labelledby={`${idPrefix}-body-heading`}>
        <Heading id={`${idPrefix}-body-heading`}>{diff.bodyHeading}</Heading>
        <ol class="diff-blocks">
          {diff.blocks.map((block) =>
            block.kind === 'collapsed' ? (
              <li class="diff-collapsed">{block.text}</li>
            ) : (
              <li class={`diff-block diff-${block.change}`}>
                <p class="diff-label">
                  {block.label} · {block.changeLabel}
                </p>
                <p class="diff-text" {...written}>
                  <Segments segments={block.segments} markers={diff.markers} />
                </p>
                {block.note ? <p class="field-hint">{block.note}</p> : null}
              </li>
            ),
          )}
        </ol>
      </section>
    </>
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
