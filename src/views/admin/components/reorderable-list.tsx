import type { ReorderableListView } from '../admin-view-models.ts';
import { ButtonForm } from './button-form.tsx';

/**
 * An ordered list editors rearrange. The server renders working forms for every move; the script island
 * finds the list by `data-reorder`, makes items draggable, and announces moves in the list's own live
 * region (rendered here, empty, so that screen readers are already listening when it speaks).
 */
export function ReorderableList({ list }: { list: ReorderableListView }) {
  return (
    <div class="reorderable">
      {list.items.length > 0 ? (
        <ol
          id={list.id}
          class="reorderable-list"
          aria-labelledby={list.labelledBy}
          data-reorder=""
          data-order-action={list.orderAction}
          data-csrf-token={list.csrfToken}
          data-moved-template={list.movedTemplate}
          data-failed-text={list.failedText}
        >
          {list.items.map((item) => (
            <li class="reorderable-item" data-key={item.key} data-headline={item.headline}>
              <div class="reorderable-text">
                <span class="reorderable-headline" lang={list.language} dir="auto">
                  {item.href ? <a href={item.href}>{item.headline}</a> : item.headline}
                </span>
                <span class="reorderable-meta">{item.meta}</span>
              </div>
              <div class="reorderable-actions">
                <ButtonForm form={item.moveUp} move="up" />
                <ButtonForm form={item.moveDown} move="down" />
                <ButtonForm form={item.remove} move="remove" />
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p>{list.emptyText}</p>
      )}
      <p class="visually-hidden" role="status" data-reorder-status={list.id}></p>
    </div>
  );
}
