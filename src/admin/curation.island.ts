/**
 * The curation pages' script island: lists marked `data-reorder` (ReorderableList) get drag and drop
 * with the HTML drag API, and their Move up / Move down buttons move an item in place instead of
 * reloading the page — keeping the focus on the button pressed and saying what happened in the list's
 * live region. Without this script every button is still a working form; with it, nothing is posted
 * that the forms could not post themselves (the same fields, the same CSRF token).
 */

interface ListSettings {
  list: HTMLOListElement;
  orderAction: string;
  csrfToken: string;
  movedTemplate: string;
  failedText: string;
  status: HTMLElement | null;
}

for (const list of document.querySelectorAll<HTMLOListElement>('ol[data-reorder]')) enhance(list);

function enhance(list: HTMLOListElement): void {
  const settings: ListSettings = {
    list,
    orderAction: list.dataset.orderAction ?? '',
    csrfToken: list.dataset.csrfToken ?? '',
    movedTemplate: list.dataset.movedTemplate ?? '',
    failedText: list.dataset.failedText ?? '',
    status: document.querySelector<HTMLElement>(`[data-reorder-status="${CSS.escape(list.id)}"]`),
  };
  list.classList.add('is-enhanced');
  for (const item of items(list)) item.draggable = true;
  enableDragAndDrop(settings);
  for (const form of list.querySelectorAll<HTMLFormElement>('form[data-reorder-button="up"], form[data-reorder-button="down"]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void moveByButton(settings, form);
    });
  }
}

function items(list: HTMLOListElement): HTMLLIElement[] {
  return [...list.children].filter((child): child is HTMLLIElement => child instanceof HTMLLIElement);
}

function keysOf(list: HTMLOListElement): string[] {
  return items(list).map((item) => item.dataset.key ?? '');
}

/** Moves the item one place with the button's own form post, then moves it on the page to match. */
async function moveByButton(settings: ListSettings, form: HTMLFormElement): Promise<void> {
  const item = form.closest('li');
  const direction = form.dataset.reorderButton;
  if (!item || (direction !== 'up' && direction !== 'down')) return;
  const body = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') body.append(name, value);
  const isSaved = await post(form.action, body);
  if (!isSaved) {
    // Let the server say what went wrong (someone else changed the list, say), as it does without this script.
    form.submit();
    return;
  }
  const sibling = direction === 'up' ? item.previousElementSibling : item.nextElementSibling;
  if (sibling) settings.list.insertBefore(item, direction === 'up' ? sibling : sibling.nextElementSibling);
  refreshButtons(settings.list);
  // Moving a node takes the focus from it: give it back, or to the other move button at either end.
  const pressed = item.querySelector<HTMLButtonElement>(`form[data-reorder-button="${direction}"] button`);
  const other = item.querySelector<HTMLButtonElement>(`form[data-reorder-button="${direction === 'up' ? 'down' : 'up'}"] button`);
  (pressed && !pressed.disabled ? pressed : other)?.focus();
  announceMove(settings, item);
}

function enableDragAndDrop(settings: ListSettings): void {
  const { list } = settings;
  let dragged: HTMLLIElement | null = null;
  let startOrder: string[] = [];

  list.addEventListener('dragstart', (event) => {
    const item = (event.target as Element).closest?.('li');
    if (!(item instanceof HTMLLIElement) || item.parentElement !== list) return;
    dragged = item;
    startOrder = keysOf(list);
    item.classList.add('is-dragging');
    if (event.dataTransfer) {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', item.dataset.headline ?? '');
    }
  });

  list.addEventListener('dragover', (event) => {
    if (!dragged) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    const over = (event.target as Element).closest?.('li');
    if (!(over instanceof HTMLLIElement) || over === dragged || over.parentElement !== list) return;
    const box = over.getBoundingClientRect();
    const isAfter = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, isAfter ? over.nextElementSibling : over);
  });

  list.addEventListener('drop', (event) => {
    if (dragged) event.preventDefault();
  });

  list.addEventListener('dragend', () => {
    const item = dragged;
    dragged = null;
    if (!item) return;
    item.classList.remove('is-dragging');
    const order = keysOf(list);
    if (order.join('\n') === startOrder.join('\n')) return;
    refreshButtons(list);
    void saveOrder(settings, order, item);
  });
}

async function saveOrder(settings: ListSettings, order: string[], moved: HTMLLIElement): Promise<void> {
  const body = new URLSearchParams({ _csrf: settings.csrfToken });
  for (const key of order) body.append('entry', key);
  if (await post(settings.orderAction, body)) {
    announceMove(settings, moved);
    return;
  }
  announce(settings, settings.failedText);
  // The page is the only source of truth left: show the list as the server has it.
  window.setTimeout(() => window.location.reload(), 1500);
}

/** Posts a form body; true when the server took it (it answers a change with a redirect to the page). */
async function post(action: string, body: URLSearchParams): Promise<boolean> {
  try {
    const response = await fetch(action, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    return response.type === 'opaqueredirect' || response.ok;
  } catch {
    return false;
  }
}

/** A move past either end does nothing: the first item's Move up and the last one's Move down are off. */
function refreshButtons(list: HTMLOListElement): void {
  const all = items(list);
  all.forEach((item, index) => {
    const up = item.querySelector<HTMLButtonElement>('form[data-reorder-button="up"] button');
    const down = item.querySelector<HTMLButtonElement>('form[data-reorder-button="down"] button');
    if (up) up.disabled = index === 0;
    if (down) down.disabled = index === all.length - 1;
  });
}

function announceMove(settings: ListSettings, item: HTMLLIElement): void {
  const all = items(settings.list);
  const text = settings.movedTemplate
    .replace('{headline}', item.dataset.headline ?? '')
    .replace('{position}', String(all.indexOf(item) + 1))
    .replace('{count}', String(all.length));
  announce(settings, text);
}

function announce(settings: ListSettings, text: string): void {
  if (!settings.status) return;
  // Emptied first, so that the same words twice in a row are spoken twice.
  settings.status.textContent = '';
  window.setTimeout(() => {
    if (settings.status) settings.status.textContent = text;
  }, 50);
}
