/** What the admin pages are given. Every string is final text: views choose nothing but markup. */

export interface AdminFrame {
  /** The language the newsroom speaks to this person, and its writing direction: the page's `<html lang dir>`. */
  language: string;
  direction: 'ltr' | 'rtl';
  siteName: string;
  homeHref: string;
  stylesheetHref: string;
  /** The request's CSRF token: also in a `<meta>` for scripts that post with `x-csrf-token`. */
  csrfToken: string;
  text: { skipToContent: string; mainNavigation: string; accountNavigation: string };
  /** Absent on the setup and sign-in pages. */
  account?: AccountView;
  navigation: NavItemView[];
  /** "New story" (for those who write) and "View site", on every page once signed in. */
  quickLinks: Array<{ href: string; label: string; isPrimary?: boolean }>;
}

export interface AccountView {
  signedInAs: string;
  passwordHref: string;
  passwordLabel: string;
  accountHref: string;
  accountLabel: string;
  signOutAction: string;
  signOutLabel: string;
}

export interface NavItemView {
  href: string;
  label: string;
  isCurrent: boolean;
}

export interface PageHead {
  title: string;
  /** Script islands that enhance the page (src/admin/*.island.ts); the page works without them. */
  scriptHrefs?: string[];
}

export interface NoticeView {
  text: string;
  /** A secret shown once (a one-time password), set apart for copying. */
  secret?: { label: string; value: string; note: string };
}

export interface ErrorSummaryView {
  title: string;
  items: Array<{ href: string; text: string }>;
}

interface FieldBase {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  /** Shown as visually hidden text when the label is obvious from the table around it. */
  isLabelHidden?: boolean;
}

export interface InputFieldView extends FieldBase {
  kind: 'input';
  type: 'email' | 'text' | 'password' | 'date';
  value?: string;
  autocomplete: string;
  isRequired?: boolean;
  maxLength?: number;
  spellcheck?: boolean;
}

export interface SelectFieldView extends FieldBase {
  kind: 'select';
  options: Array<{ value: string; label: string; isSelected: boolean }>;
}

/** A yes-or-no setting: sent as `on` when ticked, absent when not (as browsers send checkboxes). */
export interface CheckboxFieldView extends FieldBase {
  kind: 'checkbox';
  isChecked: boolean;
}

/** Several lines of plain text: a description, a biography, a list of links. */
export interface TextAreaFieldView extends FieldBase {
  kind: 'textarea';
  value: string;
  rows: number;
  maxLength?: number;
}

export type FieldView = InputFieldView | SelectFieldView | CheckboxFieldView | TextAreaFieldView;

/** Links to the same page for each edition; edition names are in their own language (`lang`). */
export interface EditionSwitchView {
  label: string;
  items: Array<{ href: string; label: string; language: string; isCurrent: boolean }>;
}

export interface FormView {
  action: string;
  method: 'post' | 'get';
  /** Present on every POST form. */
  csrfToken?: string;
  fields: FieldView[];
  hidden?: Array<{ name: string; value: string }>;
  submitLabel: string;
  /** Visually hidden words after the button's label, to tell buttons in a table apart. */
  submitContext?: string;
  errorSummary?: ErrorSummaryView;
  /** A named form landmark when a page has several forms. */
  ariaLabel?: string;
  className?: string;
}

export interface FormPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro?: string;
  notice?: NoticeView;
  form: FormView;
}

/** One of the dashboard's panels: a count, the first few items, and a link to all of them. */
export interface DashboardPanelView {
  id: string;
  heading: string;
  count: number;
  /** "3 stories", "1 comment". */
  countText: string;
  items: Array<{ href: string; title: string; meta: string[]; note?: { heading: string; text: string } }>;
  emptyText: string;
  allLink?: { href: string; label: string };
}

export interface DashboardPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  greeting: string;
  notice?: NoticeView;
  /** What the counts cover: the whole desk, or the person's own stories. */
  scopeText?: string;
  panels: DashboardPanelView[];
  emptyText: string;
  accountHeading: string;
  passwordLink: { href: string; label: string };
  signOutEverywhere: FormView;
  signOutEverywhereHint: string;
}

export interface PersonRowView {
  id: number;
  name: string;
  isYou: boolean;
  youLabel: string;
  email: string;
  roleLabel: string;
  statusLabels: string[];
  /** Forms the viewer may use on this person; none when they may not touch them. */
  roleForm?: FormView;
  statusForm?: FormView;
  passwordForm?: FormView;
}

export interface PeoplePageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  notice?: NoticeView;
  errorSummary?: ErrorSummaryView;
  table: { caption: string; name: string; email: string; role: string; status: string; actions: string };
  people: PersonRowView[];
  addHeading: string;
  addIntro: string;
  addForm: FormView;
}

/** One edition's settings: a section of its own, named by the edition (in its own language). */
export interface EditionSettingsView {
  /** The section's id, so that the redirect after saving lands on it. */
  id: string;
  headingId: string;
  name: string;
  language: string;
  code: string;
  /** The edition's own page: name, language, direction, clock. */
  edit: { href: string; label: string };
  form: FormView;
}

export interface SettingsPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro: string;
  notice?: NoticeView;
  addEdition: { href: string; label: string };
  editions: EditionSettingsView[];
}

export interface AuditRowView {
  id: number;
  when: { iso: string; text: string };
  who: string;
  what: string;
  subject: string;
  details: string;
}

export interface AuditPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  filtersHeading: string;
  filterForm: FormView;
  clearHref?: string;
  clearLabel: string;
  table: { caption: string; when: string; who: string; what: string; subject: string; details: string };
  rows: AuditRowView[];
  emptyText: string;
  pagination?: { label: string; current: string; newer?: { href: string; label: string }; older?: { href: string; label: string } };
}

export interface AdminMessagePageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  text: string;
  link: { href: string; label: string };
}

/** A form that is one button: hidden fields, the CSRF token, and a label (with hidden words telling buttons apart). */
export interface ButtonFormView {
  action: string;
  csrfToken: string;
  hidden: Array<{ name: string; value: string }>;
  label: string;
  /** Visually hidden words after the label: "Move up" + ": Headline". */
  context?: string;
  /** A move past either end does nothing, so the button is there but off. */
  isDisabled?: boolean;
  /** Takes the focus when the page loads: the button used last, after a move that reloaded the page. */
  hasFocus?: boolean;
  /** A quieter button beside the one primary action of a row. */
  isSecondary?: boolean;
}

export interface ReorderableItemView {
  /** Names the entry in forms and to the script island. */
  key: string;
  headline: string;
  /** The story on the reader site, when it is published there. */
  href?: string;
  /** One line about the entry: its date, or why readers see it without a link. */
  meta: string;
  moveUp: ButtonFormView;
  moveDown: ButtonFormView;
  remove: ButtonFormView;
}

/**
 * A list editors put in order. Without JavaScript, every item's Move up / Move down / Remove buttons are
 * forms; the script island (src/admin/curation.island.ts) adds drag and drop, moves without reloading,
 * and says what happened in the list's live region.
 */
export interface ReorderableListView {
  id: string;
  /** The id of the heading that names the list. */
  labelledBy: string;
  items: ReorderableItemView[];
  /** The edition's language: headlines are marked with it, the buttons around them stay in the newsroom's. */
  language: string;
  emptyText: string;
  /** Where the island posts a whole new order (`entry` repeated, in order). */
  orderAction: string;
  /** For the island, with `{headline}`, `{position}` and `{count}` filled in. */
  movedTemplate: string;
  failedText: string;
  /** Fields every order post carries besides the entries. */
  csrfToken: string;
}

export interface StorySearchResultView {
  headline: string;
  href: string;
  meta: string;
  actions: ButtonFormView[];
  /** `context`: visually hidden words naming the story, as on buttons. */
  links: Array<{ href: string; label: string; context?: string }>;
}

/** A GET search for published stories, and what it found, each with what the editor may do with it. */
export interface StorySearchView {
  heading: string;
  /** The language of the edition searched, for the headlines found. */
  language: string;
  form: FormView;
  summary?: string;
  results: StorySearchResultView[];
}

export interface CurationPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  edition: { name: string; language: string };
  intro: string;
  /** Edition names are in their own language (`lang`), as the reader site lists them. */
  editions: EditionSwitchView;
  notice?: NoticeView;
  errorSummary?: ErrorSummaryView;
  lead: {
    heading: string;
    language: string;
    text: string;
    story?: { headline: string; href?: string; meta: string };
    clear?: ButtonFormView;
  };
  featured: { heading: string; countText: string; intro: string; list: ReorderableListView };
  search: StorySearchView;
}

/** What every page about one story shows first: its heading with the story's headline, links, a notice. */
export interface StorySubpageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  storyHeadline: string;
  storyLanguage: string;
  intro: string;
  links: Array<{ href: string; label: string }>;
  notice?: NoticeView;
}

export interface StoryRelatedPageView extends StorySubpageView {
  errorSummary?: ErrorSummaryView;
  pinned: { heading: string; list: ReorderableListView };
  search: StorySearchView;
}

export interface StoryNoteRowView {
  kindLabel: string;
  /** Notes are written in the edition's language. */
  language: string;
  time: { iso: string; text: string };
  text: string;
}

export interface StoryNotesPageView extends StorySubpageView {
  listHeading: string;
  notes: StoryNoteRowView[];
  emptyText: string;
  addHeading: string;
  /** Absent when the story is not published: notes go on published stories only. */
  addForm?: FormView;
  notPublishedText?: string;
}
