import type { Block } from '../../content/blocks.ts';
import type { AdminFrame, ErrorSummaryView, FormView, NoticeView, PageHead } from './admin-view-models.ts';

/** What the newsroom's story pages are given. Every string is final text: views choose nothing but markup. */

export interface TimeText {
  iso: string;
  text: string;
}

export interface LinkView {
  href: string;
  label: string;
}

export interface PaginationView {
  label: string;
  current: string;
  newer?: LinkView;
  older?: LinkView;
}

export interface StoryListRowView {
  id: number;
  href: string;
  headline: string;
  status: string;
  /** "goes live 14 Mar 2025, 10:30 (Europe/London)" and the like. */
  statusDetail?: string;
  edition: string;
  section: string;
  bylines: string;
  updated: TimeText;
  /** "Out of date": a translation whose original changed since. */
  outOfDateLabel?: string;
}

export interface StoryListPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro?: string;
  notice?: NoticeView;
  /** A button (a form) that undoes a deletion just made, for those who may. */
  undoForm?: FormView;
  newStory?: LinkView;
  filtersHeading: string;
  filterForm: FormView;
  clearLink?: LinkView;
  table: { caption: string; headline: string; status: string; edition: string; section: string; bylines: string; updated: string };
  rows: StoryListRowView[];
  emptyText: string;
  pagination?: PaginationView;
}

/** One field of the story form. */
export interface StoryFieldView {
  kind: 'input' | 'textarea' | 'select';
  id: string;
  name: string;
  label: string;
  value: string;
  hint?: string;
  error?: string;
  /** `datetime-local` for times in the edition's zone. */
  type?: 'text' | 'datetime-local';
  options?: Array<{ value: string; label: string; isSelected: boolean }>;
  rows?: number;
  maxLength?: number;
  isRequired?: boolean;
  /** A `<datalist>` of suggestions. */
  suggestions?: { id: string; options: string[] };
  /** Shown right after the control: the time zone beside a time. */
  after?: string;
  isReadOnly?: boolean;
  autocomplete?: string;
  /** Text in the story's own language: its tag and direction, so a Persian headline is typed right to left. */
  lang?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
}

/** A library picture as the editor island shows and inserts it (the same shape as src/admin/upload-pictures.ts). */
export interface EditorPictureView {
  id: number;
  fileName: string;
  alt: string;
  credit: string;
  width: number;
  height: number;
  /** The widest uncropped JPEG: what an image block's `src` keeps. */
  src: string;
  /** The picture's page in the library. */
  href: string;
  thumbnail: string;
}

/** Where the editor uploads, searches and describes pictures, and the pictures the story shows already. */
export interface StoryPictureToolsView {
  uploadUrl: string;
  searchUrl: string;
  /** `{detailsUrl}/{id}` takes a picture's alt text (PUT, JSON). */
  detailsUrl: string;
  known: EditorPictureView[];
}

/** The data the editor island reads from the body field (src/admin/editor.island.ts). */
export interface StoryEditorView {
  /** The body as a Tiptap document, JSON. */
  doc: string;
  autosaveUrl?: string;
  /** For a story not created yet: where the first autosave creates it. */
  createUrl?: string;
  previewUrl?: string;
  isLive: boolean;
  /** The island's words, JSON. */
  strings: string;
  /** StoryPictureToolsView as JSON, for people who may upload pictures; absent, the island offers none. */
  pictures?: string;
}

export interface StoryFormView {
  action: string;
  csrfToken: string;
  hidden: Array<{ name: string; value: string }>;
  fields: StoryFieldView[];
  body: StoryFieldView;
  editor: StoryEditorView;
  detailsFields: StoryFieldView[];
  seoHeading: string;
  seoFields: StoryFieldView[];
  submitLabel: string;
}

/** A workflow step: a form of its own with one button (and, for scheduling, a time). */
export interface WorkflowStepView {
  action: string;
  label: string;
  style: 'primary' | 'secondary' | 'danger';
  field?: StoryFieldView;
  /** A box to tick before a step that cannot be taken back in one press (deleting a live story). */
  confirm?: { id: string; name: string; label: string; error?: string };
}

export interface StoryEditPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  notice?: NoticeView;
  errorSummary?: ErrorSummaryView;
  /** Where the story stands: status, owner, version. */
  facts: Array<{ term: string; detail: string }>;
  /** A sentence set apart: the story is live, deleted, or read-only for this person. */
  banner?: string;
  form?: StoryFormView;
  links: LinkView[];
  workflow?: { heading: string; csrfToken: string; steps: WorkflowStepView[] };
  /** Why the story was sent back to draft, for its author. */
  returnNote?: { heading: string; text: string };
  /** The original of a translation, read-only beside the editor, in its own language and direction. */
  source?: TranslationSourceView;
  /** The original changed after the translation: what changed, and the button that marks the translation current. */
  outOfDate?: OutOfDateView;
  /** "Translate into…" another edition, or why there is none left. */
  translate?: { heading: string; form?: FormView; text?: string };
}

export interface TranslationSourceView {
  heading: string;
  language: string;
  direction: 'ltr' | 'rtl';
  version: string;
  headline: string;
  standfirst?: string;
  body: Block[];
  link?: LinkView;
  note?: string;
}

export interface OutOfDateView {
  heading: string;
  text: string;
  /** Absent when the earlier version is no longer kept. */
  changes?: DiffView;
  noComparison?: string;
  markCurrent?: FormView & { hint: string };
}

/** A comparison of two versions: the fields, then the body block by block. */
export interface DiffView {
  fieldsHeading: string;
  fields: Array<{ label: string; isChanged: boolean; segments: DiffSegmentView[]; unchangedLabel: string }>;
  bodyHeading: string;
  blocks: CompareBlockView[];
  markers: { added: string; removed: string };
  /** The language and direction the compared text is written in. */
  language?: string;
  direction?: 'ltr' | 'rtl';
}

/** The translations view: one edition's published stories that another lacks or has out of date. */
export interface TranslationsPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro: string;
  problem?: string;
  filterForm: FormView;
  table?: { caption: string; code: string; original: string; translation: string; state: string };
  rows: Array<{
    code: number;
    original: LinkView & { language: string; direction: 'ltr' | 'rtl' };
    translation?: LinkView & { language: string; direction: 'ltr' | 'rtl' };
    state: string;
    isOutOfDate: boolean;
    translateForm?: FormView;
  }>;
  emptyText?: string;
  pagination?: PaginationView;
}

export interface RevisionRowView {
  number: number;
  savedAt: TimeText;
  savedBy: string;
  kind: string;
  headline: string;
  isCurrent: boolean;
  currentLabel: string;
  fromLabel: string;
  toLabel: string;
  isFromChecked: boolean;
  isToChecked: boolean;
  preview: LinkView & { context: string };
  restoreForm?: FormView;
}

export interface StoryRevisionsPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro: string;
  notice?: NoticeView;
  compare: { formId: string; action: string; submitLabel: string };
  table: { caption: string; number: string; savedAt: string; savedBy: string; kind: string; headline: string; compareFrom: string; compareTo: string; actions: string };
  rows: RevisionRowView[];
  back: LinkView;
  pagination?: PaginationView;
}

export interface DiffSegmentView {
  text: string;
  change: 'same' | 'added' | 'removed';
}

export type CompareBlockView =
  | { kind: 'block'; label: string; changeLabel: string; change: 'same' | 'changed' | 'added' | 'removed'; segments: DiffSegmentView[]; note?: string }
  | { kind: 'collapsed'; text: string };

export interface StoryComparePageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro: string;
  sameText?: string;
  diff: DiffView;
  back: LinkView;
}
