import type { Editor } from '@tiptap/core';
import { NodeSelection } from '@tiptap/pm/state';
import { pictureFiles, uploadPicture, type UploadedPicture } from './upload-pictures.ts';

/**
 * Pictures inside the story editor: uploading (a button, dropping on the text, pasting), choosing from the
 * library in a dialog, writing alt text, and choosing the lead picture. Every picture is the library's: an
 * image block carries its `mediaId`, and its alt text is written to the library (one PUT to the admin API,
 * with the CSRF token), so that pages show the library's current texts wherever the picture appears.
 *
 * The lead picture stays the story form's `leadMediaId` field, hidden here and shown as a picture instead:
 * the form (and autosave) send it as before, and without this script the field still takes a number.
 */

/** What the page hands over (StoryPictureToolsView on the server). */
export interface PictureTools {
  uploadUrl: string;
  searchUrl: string;
  detailsUrl: string;
  known: UploadedPicture[];
}

export interface StoryPictures {
  /** Opens the file dialog; the chosen files go into the text at the cursor. */
  chooseFiles(): void;
  /** Uploads files one by one with their progress, then puts each into the text (at `at`, else the cursor). */
  uploadFiles(files: File[], at?: number): Promise<void>;
  openLibrary(): void;
}

interface Context {
  editor: Editor;
  tools: PictureTools;
  csrfToken: string;
  text: (key: string) => string;
  /** The editor's container: the progress list and the story's pictures go at its end. */
  root: HTMLElement;
  /** The story form's lead picture field, when the form has one. */
  leadInput: HTMLInputElement | null;
}

const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

export function enhanceStoryPictures(context: Context): StoryPictures {
  const { editor, tools, csrfToken, text, root, leadInput } = context;
  const known = new Map(tools.known.map((picture) => [picture.id, picture]));

  const progress = element('ul', { class: 'upload-progress', 'aria-live': 'polite' });
  const bodyFiles = fileInput(true);
  const leadFiles = fileInput(false);
  const list = element('ul', { class: 'picture-cards' });
  const section = element('fieldset', { class: 'story-pictures' }, [element('legend', {}, [text('picturesHeading')]), element('p', { class: 'field-hint' }, [text('picturesHint')]), list]);
  root.append(progress, bodyFiles, leadFiles, section);
  // Choosing files is not a change of the story: the form's own listener must not hear it.
  for (const input of [bodyFiles, leadFiles]) input.addEventListener('input', (event) => event.stopPropagation());

  bodyFiles.addEventListener('change', () => {
    const files = pictureFiles(bodyFiles.files);
    bodyFiles.value = '';
    void uploadFiles(files);
  });
  leadFiles.addEventListener('change', () => {
    const files = pictureFiles(leadFiles.files).slice(0, 1);
    leadFiles.value = '';
    void send(files).then(([picture]) => {
      if (picture) setLead(picture);
    });
  });

  /** Sends each file on its own, with a progress bar and a line that says how it went. */
  async function send(files: File[]): Promise<UploadedPicture[]> {
    const added: UploadedPicture[] = [];
    for (const file of files) {
      const bar = element('progress', { max: '100', 'aria-label': file.name }) as HTMLProgressElement;
      bar.value = 0;
      const label = element('span', {}, [`${file.name}: 0%`]);
      const line = element('li', {}, [label, ' ', bar]);
      progress.append(line);
      const outcome = await uploadPicture(tools.uploadUrl, file, {}, csrfToken, (percent) => {
        bar.value = percent;
        label.textContent = `${file.name}: ${percent}%`;
      });
      line.replaceChildren(label);
      if ('picture' in outcome) {
        known.set(outcome.picture.id, outcome.picture);
        label.textContent = `${file.name}: ${text('uploaded')}`;
        added.push(outcome.picture);
      } else {
        line.classList.add('field-error');
        label.textContent = `${file.name}: ${outcome.error}`;
      }
    }
    return added;
  }

  async function uploadFiles(files: File[], at?: number): Promise<void> {
    if (files.length === 0) return;
    let position = at;
    for (const picture of await send(files)) position = insertPicture(picture, position);
  }

  /**
   * Puts a picture into the text at `at`, else at the cursor, and answers where the next one goes (after it).
   * A selected picture (a click on one selects it) stays: the new one follows it instead of replacing it.
   */
  function insertPicture(picture: UploadedPicture, at?: number): number {
    known.set(picture.id, picture);
    const node = { type: 'image', attrs: { src: picture.src, alt: picture.alt, caption: null, mediaId: picture.id } };
    const { selection } = editor.state;
    const position = at ?? (selection instanceof NodeSelection ? selection.to : undefined);
    if (position === undefined) editor.chain().focus().insertContent(node).run();
    else editor.chain().focus().insertContentAt(position, node).run();
    return editor.state.selection.to;
  }

  /* The library's dialog: a search and the matching pictures, each a button that chooses it. */
  const dialog = element('dialog', { class: 'picture-dialog', 'aria-labelledby': 'picture-dialog-title' }) as HTMLDialogElement;
  const searchInput = element('input', { type: 'search', id: 'picture-dialog-q' }) as HTMLInputElement;
  const results = element('ul', { class: 'picture-results' });
  const resultStatus = element('p', { role: 'status', class: 'muted' });
  const searchButton = button(text('search'));
  const closeButton = button(text('close'));
  dialog.append(
    element('h2', { id: 'picture-dialog-title' }, [text('dialogTitle')]),
    element('div', { class: 'field', role: 'search' }, [element('label', { for: 'picture-dialog-q' }, [text('searchLabel')]), searchInput]),
    searchButton,
    resultStatus,
    results,
    closeButton,
  );
  document.body.append(dialog);
  let onChoose: (picture: UploadedPicture) => void = (picture) => insertPicture(picture);

  async function search(): Promise<void> {
    resultStatus.textContent = text('searching');
    try {
      const response = await fetch(`${tools.searchUrl}?q=${encodeURIComponent(searchInput.value.trim())}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      const body = (await response.json()) as { pictures?: UploadedPicture[]; total?: number; detail?: string };
      if (!response.ok) throw new Error(body.detail ?? response.statusText);
      const pictures = body.pictures ?? [];
      results.replaceChildren(
        ...pictures.map((picture) => {
          const choose = button('', 'picture-result');
          choose.append(element('img', { src: picture.thumbnail, alt: '', width: '96', height: '72', loading: 'lazy' }), element('span', {}, [picture.fileName]), element('span', { class: 'muted' }, [picture.alt || text('noAlt')]));
          choose.addEventListener('click', () => {
            dialog.close();
            onChoose(picture);
          });
          return element('li', {}, [choose]);
        }),
      );
      resultStatus.textContent = pictures.length === 0 ? text('noMatch') : `${text('found')} ${body.total ?? pictures.length}`;
    } catch (error) {
      resultStatus.textContent = error instanceof Error ? error.message : String(error);
    }
  }
  searchButton.addEventListener('click', () => void search());
  searchInput.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    // Enter searches; it must not send the story form underneath.
    event.preventDefault();
    void search();
  });
  closeButton.addEventListener('click', () => dialog.close());

  function openLibrary(choose: (picture: UploadedPicture) => void = (picture) => insertPicture(picture)): void {
    onChoose = choose;
    dialog.showModal();
    searchInput.focus();
    void search();
  }

  /* Alt text, written to the library. */
  async function saveAlt(id: number, alt: string, status: HTMLElement): Promise<void> {
    status.textContent = '';
    try {
      const response = await fetch(`${tools.detailsUrl}/${id}`, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ alt }),
      });
      const body = (await response.json().catch(() => ({}))) as { picture?: UploadedPicture; detail?: string };
      if (!response.ok || !body.picture) throw new Error(body.detail ?? response.statusText);
      known.set(id, body.picture);
      status.textContent = text('altSaved');
      for (const other of document.querySelectorAll<HTMLTextAreaElement>(`textarea[data-alt-of="${id}"]`)) other.value = body.picture.alt;
      setAltInText(id, body.picture.alt);
    } catch (error) {
      status.textContent = `${text('altNotSaved')} ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** The image blocks keep the alt text they showed when saved: bring them in line with the library. */
  function setAltInText(id: number, alt: string): void {
    const { tr } = editor.state;
    editor.state.doc.descendants((node, pos) => {
      if (node.type.name === 'image' && node.attrs.mediaId === id && node.attrs.alt !== alt) tr.setNodeMarkup(pos, undefined, { ...node.attrs, alt });
    });
    if (tr.docChanged) editor.view.dispatch(tr);
  }

  /** One picture: its thumbnail, its name (a link to its library page), its alt text and what can be done with it. */
  function card(picture: UploadedPicture, role: 'lead' | 'body', actions: HTMLElement[]): HTMLElement {
    const id = `picture-alt-${role}-${picture.id}`;
    const alt = element('textarea', { id, rows: '2', 'data-alt-of': String(picture.id) }) as HTMLTextAreaElement;
    alt.value = picture.alt;
    // Alt text belongs to the library, not to the story: typing it is not a change of the story.
    alt.addEventListener('input', (event) => event.stopPropagation());
    const status = element('p', { role: 'status', class: 'picture-card-status' });
    const save = button(text('saveAlt'));
    save.addEventListener('click', () => void saveAlt(picture.id, alt.value, status));
    const link = element('a', { href: picture.href, target: '_blank', rel: 'noopener' }, [text('openInLibrary')]);
    return element('div', { class: 'picture-card' }, [
      element('img', { src: picture.thumbnail, alt: '', width: '120', height: '90', loading: 'lazy' }),
      element('div', { class: 'picture-card-body' }, [
        element('p', { class: 'picture-card-name' }, [picture.fileName, ' (', link, ')']),
        element('label', { for: id }, [`${text('altLabel')}: ${picture.fileName}`]),
        alt,
        element('div', { class: 'picture-card-actions' }, [save, ...actions]),
        status,
      ]),
    ]);
  }

  /* The body's pictures, listed under the text whenever the set of them changes. */
  let shownIds = '';
  function bodyPictureIds(): number[] {
    const ids: number[] = [];
    editor.state.doc.descendants((node) => {
      const id = node.attrs.mediaId as unknown;
      if (node.type.name === 'image' && typeof id === 'number' && !ids.includes(id)) ids.push(id);
    });
    return ids;
  }
  function refreshList(): void {
    const ids = bodyPictureIds().filter((id) => known.has(id));
    const key = `${ids.join(',')}|${leadInput?.value ?? ''}`;
    if (key === shownIds) return;
    shownIds = key;
    list.replaceChildren(
      ...ids.map((id) => {
        const picture = known.get(id)!;
        const isLead = leadInput?.value === String(id);
        const actions: HTMLElement[] = [];
        if (leadInput && !isLead) {
          const makeLead = button(text('makeLead'));
          makeLead.addEventListener('click', () => setLead(picture));
          actions.push(makeLead);
        } else if (isLead) actions.push(element('span', { class: 'picture-card-badge' }, [text('isLead')]));
        return element('li', {}, [card(picture, 'body', actions)]);
      }),
    );
    section.hidden = ids.length === 0;
  }
  editor.on('update', refreshList);

  /* The lead picture: the form's number field becomes the picture, its alt text and three buttons. */
  const leadPanel = element('div', { class: 'lead-picture' });
  function setLead(picture: UploadedPicture | undefined): void {
    if (!leadInput) return;
    if (picture) known.set(picture.id, picture);
    leadInput.value = picture ? String(picture.id) : '';
    // The story form hears of it as of any field, so autosave sends it.
    leadInput.dispatchEvent(new Event('input', { bubbles: true }));
    drawLead();
    refreshList();
  }
  function drawLead(): void {
    const picture = leadInput ? known.get(Number(leadInput.value)) : undefined;
    const choose = button(text('chooseLead'));
    choose.addEventListener('click', () => openLibrary((chosen) => setLead(chosen)));
    const upload = button(text('uploadLead'));
    upload.addEventListener('click', () => leadFiles.click());
    const actions: HTMLElement[] = [choose, upload];
    if (leadInput?.value) {
      const remove = button(text('removeLead'), 'button button-secondary');
      remove.addEventListener('click', () => setLead(undefined));
      actions.push(remove);
    }
    if (picture) leadPanel.replaceChildren(card(picture, 'lead', actions));
    else leadPanel.replaceChildren(element('p', {}, [leadInput?.value ? `${text('isLead')}: #${leadInput.value}` : text('leadNone')]), element('div', { class: 'picture-card-actions' }, actions));
  }
  if (leadInput) {
    const field = leadInput.closest<HTMLElement>('.field');
    const label = field?.querySelector<HTMLLabelElement>(`label[for="${leadInput.id}"]`);
    if (field && label) {
      // The number input leaves the page's view but stays in the form; the field becomes a group named by its label.
      const name = element('p', { id: label.id || `${leadInput.id}-label`, class: 'field-label' }, [label.textContent ?? '']);
      label.replaceWith(name);
      field.setAttribute('role', 'group');
      field.setAttribute('aria-labelledby', name.id);
      const described = leadInput.getAttribute('aria-describedby');
      if (described) field.setAttribute('aria-describedby', described);
      const hint = field.querySelector<HTMLElement>('.field-hint');
      if (hint) hint.textContent = text('leadHint');
      leadInput.type = 'hidden';
      // The error summary links to the field by the input's id: the group takes it, so the link lands on something.
      field.id = leadInput.id;
      field.tabIndex = -1;
      leadInput.removeAttribute('id');
      field.append(leadPanel);
      drawLead();
    }
  }
  refreshList();

  return {
    chooseFiles: () => bodyFiles.click(),
    uploadFiles,
    openLibrary: () => openLibrary(),
  };
}

function element(tag: string, attributes: Record<string, string> = {}, children: Array<Node | string> = []): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function button(label: string, className = 'button button-secondary'): HTMLButtonElement {
  const node = element('button', { type: 'button', class: className }, label === '' ? [] : [label]) as HTMLButtonElement;
  return node;
}

function fileInput(isMultiple: boolean): HTMLInputElement {
  const input = element('input', { type: 'file', accept: ACCEPT, hidden: '', tabindex: '-1', 'aria-hidden': 'true' }) as HTMLInputElement;
  input.multiple = isMultiple;
  return input;
}
