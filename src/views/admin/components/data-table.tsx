import type { ComponentChildren } from 'preact';

/**
 * A table of the newsroom: captioned, with column headings, in a region that scrolls sideways on a phone
 * and can take the focus to be scrolled with the keyboard. The rows are the children.
 */
export function DataTable(props: { id: string; caption: string; columns: ReadonlyArray<string | null>; class?: string; children: ComponentChildren }) {
  const captionId = `${props.id}-caption`;
  return (
    <div class="table-scroll" role="region" aria-labelledby={captionId} tabindex={0}>
      <table class={props.class ? `data-table ${props.class}` : 'data-table'}>
        <caption id={captionId}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => (column === null ? null : <th scope="col">{column}</th>))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
