import { Editor, Extension, mergeAttributes, type JSONContent } from '@tiptap/core';
import { Image } from '@tiptap/extension-image';
import { Link } from '@tiptap/extension-link';
import { StarterKit } from '@tiptap/starter-kit';
import { checkImageSource, checkLinkTarget } from '../content/validate-body.ts';
import { enhanceStoryPictures, type PictureTools, type StoryPictures } from './story-pictures.ts';
import { pictureFiles } from './upload-pictures.ts';

/**
 * The story editor, upgrading the story form's plain textarea (which works without JavaScript) into a
 * Tiptap rich-text editor: a toolbar of real buttons, keyboard shortcuts, autosave through the admin API,
 * a status line, conflict handling and a warning before leaving with unsaved changes.
 *
 * Everything it needs comes from the page as data (`data-*` on `[data-story-editor]`, the CSRF token in
 * `<meta name="csrf-token">`): the CSP allows no inline script. The server checks and converts whatever
 * this sends (src/content/validate-body.ts); nothing here is trusted.
 */

type Strings = Record<string, string>;

const AUTOSAVE_DELAY_MS = 2_500;
/** While someone types without pause, a save still happens this often. */
const AUTOSAVE_MAX_WAIT_MS = 15_000;
const RETRY_MS = 10_000;

/**
 * Dateline's image block has a caption; Tiptap's image does not, so it gets one, shown under the image. A
 * picture of the library also carries its number (`mediaId`), which pages use to show its current texts.
 */
const StoryImage = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      mediaId: {
        default: null,
        parseHTML: (element: HTMLElement) => {
          const id = Number(element.getAttribute('data-media-id'));
          return Number.isSafeInteger(id) && id > 0 ? id : null;
        },
        renderHTML: (attributes: Record<string, unknown>) => (typeof attributes.mediaId === 'number' ? { 'data-media-id': String(attributes.mediaId) } : {}),
      },
      caption: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute('data-caption'),
        renderHTML: (attributes: Record<string, unknown>) => (typeof attributes.caption === 'string' && attributes.caption !== '' ? { 'data-caption': attributes.caption } : {}),
      },
    };
  },
  renderHTML({ HTMLAttributes }) {
    const caption = typeof HTMLAttributes['data-caption'] === 'string' ? HTMLAttributes['data-caption'] : '';
    return ['figure', { class: 'editor-figure' }, ['img', mergeAttributes(this.options.HTMLAttributes, HTMLAttributes)], ['figcaption', {}, caption]];
  },
});

function isAllowed(check: (value: string) => void, value: string): boolean {
  try {
    check(value);
    return true;
  } catch {
    return false;
  }
}

interface ToolbarButton {
  key: string;
  label: string;
  shortcut?: string;
  /** Toggles show their state with aria-pressed. */
  isActive?: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
}

function start(root: HTMLElement): void {
  const form = root.closest('form');
  const textarea = root.querySelector('textarea');
  const hint = root.querySelector<HTMLElement>('.field-hint');
  const label = root.querySelector('label');
  if (!form || !textarea) return;
  const strings = JSON.parse(root.dataset.strings ?? '{}') as Strings;
  const text = (key: string) => strings[key] ?? key;
  const initial = JSON.parse(root.dataset.doc ?? '{"type":"doc","content":[]}') as JSONContent;
  let autosaveUrl = root.dataset.autosaveUrl;
  let previewUrl = root.dataset.previewUrl;
  /** A story not created yet is created by its first autosave, then saved like any other. */
  const createUrl = root.dataset.createUrl;
  const isLive = root.dataset.live === 'true';
  const csrfToken = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
  const revisionInput = form.querySelector<HTMLInputElement>('input[name="revision"]');

  // The textarea stays in the page (hidden and disabled, so it is not sent); the editor's JSON is sent instead.
  const bodyJson = document.createElement('input');
  bodyJson.type = 'hidden';
  bodyJson.name = 'bodyJson';
  form.append(bodyJson);
  textarea.hidden = true;
  textarea.disabled = true;
  if (hint && text('hint') !== 'hint') hint.textContent = text('hint');

  const toolbar = document.createElement('div');
  toolbar.className = 'editor-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', text('toolbar'));
  const surface = document.createElement('div');
  surface.className = 'editor-surface';
  const status = document.createElement('p');
  status.className = 'autosave-status';
  status.setAttribute('role', 'status');
  const conflict = document.createElement('div');
  conflict.className = 'autosave-conflict';
  conflict.hidden = true;
  textarea.after(toolbar, surface, status, conflict);
  const pictureTools = root.dataset.pictures ? (JSON.parse(root.dataset.pictures) as PictureTools) : undefined;
  /** Set once the editor exists; drops and pastes of picture files go to it. */
  let pictures: StoryPictures | undefined;

  const editor = new Editor({
    element: surface,
    content: initial,
    // Tiptap would add a <style> element, which the CSP refuses; admin.css carries the editor's styles.
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        strike: false,
        underline: false,
        horizontalRule: false,
        hardBreak: false,
        link: false,
      }),
      Link.configure({
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        HTMLAttributes: { rel: null, target: null, class: null },
        // The same rule as the server's: web, mail and this site's paths only.
        isAllowedUri: (url) => isAllowed(checkLinkTarget, url),
        shouldAutoLink: (url) => isAllowed(checkLinkTarget, url),
      }),
      StoryImage.configure({ inline: false, allowBase64: false }),
      Extension.create({
        name: 'newsroomShortcuts',
        addKeyboardShortcuts: () => ({ 'Mod-k': () => (promptLink(), true) }),
      }),
    ],
    editorProps: {
      handleDrop: (view, event, _slice, isMoved) => {
        const files = pictureFiles(event.dataTransfer?.files);
        if (isMoved || !pictures || files.length === 0) return false;
        event.preventDefault();
        void pictures.uploadFiles(files, view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos);
        return true;
      },
      handlePaste: (_view, event) => {
        const files = pictureFiles(event.clipboardData?.files);
        if (!pictures || files.length === 0) return false;
        event.preventDefault();
        void pictures.uploadFiles(files);
        return true;
      },
      attributes: {
        class: 'editor-content',
        'aria-multiline': 'true',
        // The story's language and direction, from the plain field the editor replaces.
        ...(textarea.lang ? { lang: textarea.lang } : {}),
        ...(textarea.dir ? { dir: textarea.dir } : {}),
        ...(label?.id ? { 'aria-labelledby': label.id } : { 'aria-label': text('editorLabel') }),
        ...(hint?.id ? { 'aria-describedby': hint.id } : {}),
      },
    },
  });
  label?.addEventListener('click', (event) => {
    event.preventDefault();
    editor.commands.focus();
  });
  if (pictureTools) {
    pictures = enhanceStoryPictures({ editor, tools: pictureTools, csrfToken, text, root, leadInput: form.querySelector<HTMLInputElement>('input[name="leadMediaId"]') });
  }

  function promptLink(): void {
    const previous = String(editor.getAttributes('link').href ?? '');
    const href = window.prompt(text('linkPrompt'), previous);
    if (href === null) return;
    const target = href.trim();
    if (target === '') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      return;
    }
    if (!isAllowed(checkLinkTarget, target)) {
      window.alert(text('linkInvalid'));
      return;
    }
    if (editor.state.selection.empty && !editor.isActive('link')) {
      editor.chain().focus().insertContent({ type: 'text', text: target, marks: [{ type: 'link', attrs: { href: target } }] }).run();
      return;
    }
    editor.chain().focus().extendMarkRange('link').setLink({ href: target }).run();
  }

  function promptImage(): void {
    const src = window.prompt(text('imageSrcPrompt'), 'https://');
    if (src === null || src.trim() === '' || src.trim() === 'https://') return;
    if (!isAllowed(checkImageSource, src.trim())) {
      window.alert(text('imageInvalid'));
      return;
    }
    const alt = window.prompt(text('imageAltPrompt'), '') ?? '';
    const caption = window.prompt(text('imageCaptionPrompt'), '') ?? '';
    editor
      .chain()
      .focus()
      .insertContent({ type: 'image', attrs: { src: src.trim(), alt: alt.trim(), caption: caption.trim() === '' ? null : caption.trim() } })
      .run();
  }

  const buttons: ToolbarButton[] = [
    { key: 'bold', label: text('bold'), shortcut: 'Control+B', isActive: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
    { key: 'italic', label: text('italic'), shortcut: 'Control+I', isActive: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
    { key: 'link', label: text('link'), shortcut: 'Control+K', isActive: (e) => e.isActive('link'), run: () => promptLink() },
    { key: 'heading2', label: text('heading2'), shortcut: 'Control+Alt+2', isActive: (e) => e.isActive('heading', { level: 2 }), run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
    { key: 'heading3', label: text('heading3'), shortcut: 'Control+Alt+3', isActive: (e) => e.isActive('heading', { level: 3 }), run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run() },
    { key: 'quote', label: text('quote'), shortcut: 'Control+Shift+B', isActive: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
    { key: 'bulletList', label: text('bulletList'), shortcut: 'Control+Shift+8', isActive: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
    { key: 'orderedList', label: text('orderedList'), shortcut: 'Control+Shift+7', isActive: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
    { key: 'image', label: text('image'), run: () => promptImage() },
    ...(pictures
      ? [
          { key: 'uploadPicture', label: text('uploadPicture'), run: () => pictures?.chooseFiles() },
          { key: 'libraryPicture', label: text('libraryPicture'), run: () => pictures?.openLibrary() },
        ]
      : []),
  ];
  const elements = buttons.map((button, i) => {
    const element = document.createElement('button');
    element.type = 'button';
    element.className = 'toolbar-button';
    element.textContent = button.label;
    element.dataset.command = button.key;
    // One tab stop for the whole toolbar; the arrow keys move inside it (the ARIA toolbar pattern).
    element.tabIndex = i === 0 ? 0 : -1;
    if (button.shortcut) element.setAttribute('aria-keyshortcuts', button.shortcut);
    if (button.isActive) element.setAttribute('aria-pressed', 'false');
    // Keep the editor's selection: a mouse press on a button would otherwise take the focus first.
    element.addEventListener('mousedown', (event) => event.preventDefault());
    element.addEventListener('click', () => button.run(editor));
    toolbar.append(element);
    return element;
  });
  toolbar.addEventListener('keydown', (event) => {
    const current = elements.indexOf(document.activeElement as HTMLButtonElement);
    if (current < 0) return;
    const last = elements.length - 1;
    const next = event.key === 'ArrowRight' ? (current === last ? 0 : current + 1) : event.key === 'ArrowLeft' ? (current === 0 ? last : current - 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : -1;
    if (next < 0) return;
    event.preventDefault();
    elements.forEach((el, i) => (el.tabIndex = i === next ? 0 : -1));
    elements[next]?.focus();
  });
  const refreshToolbar = () => {
    buttons.forEach((button, i) => {
      if (button.isActive) elements[i]?.setAttribute('aria-pressed', String(button.isActive(editor)));
    });
  };
  editor.on('selectionUpdate', refreshToolbar);
  editor.on('transaction', refreshToolbar);

  /* Autosave, the status line and leaving the page. */
  let changeCount = 0;
  let savedChangeCount = 0;
  let firstUnsavedAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<boolean> | undefined;
  let isAutosaveOn = (autosaveUrl !== undefined || createUrl !== undefined) && !isLive;
  let isSubmitting = false;
  const isDirty = () => changeCount !== savedChangeCount;

  const setStatus = (message: string) => {
    status.textContent = message;
  };
  setStatus(isLive ? text('live') : '');

  function changed(): void {
    changeCount++;
    if (!isAutosaveOn) {
      if (!isLive) setStatus(text('unsaved'));
      return;
    }
    setStatus(text('unsaved'));
    if (firstUnsavedAt === 0) firstUnsavedAt = Date.now();
    clearTimeout(timer);
    const wait = Math.max(0, Math.min(AUTOSAVE_DELAY_MS, firstUnsavedAt + AUTOSAVE_MAX_WAIT_MS - Date.now()));
    timer = setTimeout(() => void saveNow(), wait);
  }
  editor.on('update', changed);
  form.addEventListener('input', (event) => {
    if (event.target !== bodyJson) changed();
  });

  function payload() {
    const fields: Record<string, string> = {};
    new FormData(form as HTMLFormElement).forEach((value, name) => {
      if (typeof value === 'string' && !['_csrf', 'revision', 'bodyJson', 'bodyText'].includes(name)) fields[name] = value;
    });
    return { expectedRevision: Number(revisionInput?.value ?? 0), fields, body: editor.getJSON() };
  }

  /** After the first autosave created the story, the page becomes that story's editor. */
  function becomeCreated(data: Record<string, unknown>): void {
    autosaveUrl = String(data.autosaveUrl);
    previewUrl = String(data.previewUrl);
    const editUrl = String(data.editUrl);
    (form as HTMLFormElement).action = editUrl;
    window.history.replaceState(null, '', editUrl);
    form?.querySelector<HTMLSelectElement>('select[name="editionCode"]')?.setAttribute('disabled', '');
    const submit = form?.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (submit) submit.textContent = text('saveLabel');
  }

  /** Saves now if there is anything to save; true when everything typed so far is saved. */
  function saveNow(): Promise<boolean> {
    const isCreating = autosaveUrl === undefined;
    const url = autosaveUrl ?? createUrl;
    if (!url || !isAutosaveOn) return Promise.resolve(!isDirty());
    if (inFlight) return inFlight.then(() => saveNow());
    if (!isDirty()) return Promise.resolve(true);
    clearTimeout(timer);
    if (isCreating && (form?.querySelector<HTMLInputElement>('input[name="headline"]')?.value.trim() ?? '') === '') {
      setStatus(text('needsHeadline'));
      return Promise.resolve(false);
    }
    const sentAt = changeCount;
    setStatus(text('saving'));
    inFlight = (async () => {
      try {
        const response = await fetch(url, {
          method: isCreating ? 'POST' : 'PUT',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken },
          body: JSON.stringify(payload()),
        });
        const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
        if (response.ok) {
          if (isCreating) becomeCreated(data);
          if (revisionInput) revisionInput.value = String(data.revision);
          savedChangeCount = sentAt;
          firstUnsavedAt = 0;
          setStatus(`${text('saved')} ${String(data.savedAtText ?? '')}`.trim());
          if (isDirty()) changed();
          return !isDirty();
        }
        if (response.status === 409 && data.code === 'STORY_CONFLICT') {
          showConflict(data);
          return false;
        }
        if (response.status === 409 && data.code === 'STORY_IS_LIVE') {
          isAutosaveOn = false;
          setStatus(text('live'));
          return false;
        }
        if (response.status === 401 || response.status === 403 || response.status === 404) isAutosaveOn = false;
        // A refused save (a field the server will not take) waits for the next change to try again.
        setStatus(`${text('notSaved')} ${String(data.detail ?? response.statusText)}`);
        return false;
      } catch {
        setStatus(text('offline'));
        timer = setTimeout(() => void saveNow(), RETRY_MS);
        return false;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  function showConflict(data: Record<string, unknown>): void {
    isAutosaveOn = false;
    const current = (data.current ?? {}) as { revision?: number; savedAtText?: string; savedBy?: string | null };
    setStatus(`${text('conflict')} ${current.savedBy ?? text('someone')} ${text('conflictDetail')} ${current.savedAtText ?? ''}.`);
    conflict.replaceChildren();
    const overwrite = document.createElement('button');
    overwrite.type = 'button';
    overwrite.className = 'button button-secondary';
    overwrite.textContent = text('overwrite');
    overwrite.addEventListener('click', () => {
      // A deliberate choice, after being told: the next save names their version as the one it replaces.
      if (revisionInput && typeof current.revision === 'number') revisionInput.value = String(current.revision);
      conflict.hidden = true;
      isAutosaveOn = true;
      void saveNow();
    });
    conflict.append(overwrite);
    if (previewUrl) {
      const theirs = document.createElement('a');
      theirs.href = previewUrl;
      theirs.target = '_blank';
      theirs.rel = 'noopener';
      theirs.textContent = text('seeTheirs');
      conflict.append(' ', theirs);
    }
    conflict.hidden = false;
  }

  form.addEventListener('submit', (event) => {
    // A save still on its way would leave the form naming an old version: wait for it, then send.
    if (inFlight) {
      event.preventDefault();
      void inFlight.then(() => form.requestSubmit());
      return;
    }
    bodyJson.value = JSON.stringify(editor.getJSON());
    clearTimeout(timer);
    isSubmitting = true;
  });

  // The workflow's buttons are forms of their own: changes not saved yet are saved first, or confirmed lost.
  for (const other of document.querySelectorAll<HTMLFormElement>('form[data-workflow]')) {
    other.addEventListener('submit', (event) => {
      if (!isDirty() || isSubmitting) return;
      event.preventDefault();
      if (isAutosaveOn) {
        void saveNow().then((isSaved) => {
          if (isSaved) {
            isSubmitting = true;
            other.submit();
          }
        });
        return;
      }
      if (window.confirm(text('confirmLeaveChanges'))) {
        isSubmitting = true;
        other.submit();
      }
    });
  }

  window.addEventListener('beforeunload', (event) => {
    if (!isDirty() || isSubmitting) return;
    event.preventDefault();
    // Older browsers show the dialog only when returnValue is set.
    event.returnValue = text('leaveWarning');
  });

  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  root.classList.add('is-enhanced');
}

for (const root of document.querySelectorAll<HTMLElement>('[data-story-editor]')) start(root);
