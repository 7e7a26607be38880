import type { AdminFrame, ButtonFormView, ErrorSummaryView, FormView, NoticeView, PageHead, StorySubpageView } from './admin-view-models.ts';

/** One comment in the moderation queue, with its story for context and the actions on it. */
export interface QueueCommentView {
  id: number;
  authorName: string;
  /** The email masked (`j…@example.com`, maskEmail): no page shows a commenter's whole address. */
  email: string;
  body: string;
  createdAt: { iso: string; text: string };
  heldReason?: string;
  isReply: boolean;
  story: { headline: string; href: string; filterHref: string; filterLabel: string };
  actions: ButtonFormView[];
  /** The page that asks before banning the author: set apart from the everyday actions. */
  ban: { href: string; label: string; context: string };
  edit: { action: string; csrfToken: string; label: string; bodyLabel: string; body: string; saveLabel: string };
}

export interface CommentQueuePageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  notice?: NoticeView;
  tabs: Array<{ href: string; label: string; count: number; countText: string; isCurrent: boolean }>;
  filter: {
    action: string;
    heading: string;
    status: string;
    editionLabel: string;
    editions: Array<{ value: string; label: string; isSelected: boolean }>;
    storyLabel: string;
    stories: Array<{ value: string; label: string; isSelected: boolean }>;
    olderLabel: string;
    olderHint: string;
    older: string;
    applyLabel: string;
    clear?: { href: string; label: string };
  };
  /** The one zone every time on the page is in, said once. */
  zoneText: string;
  bulk: { action: string; csrfToken: string; back: string; label: string; actionLabel: string; heading: string; actions: Array<{ value: string; label: string }>; selectLabel: string };
  emptyText?: string;
  items: QueueCommentView[];
  pagination?: { previous?: string; next?: string; text: string };
  /** The settings page, and the filtered story's own when the viewer may change it. */
  links: Array<{ href: string; label: string }>;
}

/** One section's comment setting, and the form to change it when the viewer may. */
export interface SectionSettingView {
  id: number;
  name: string;
  edition: { name: string; language: string };
  text: string;
  form?: FormView;
}

/** One ban: never the email or address, which are only hashes; the button lifts it. */
export interface BanRowView {
  id: number;
  kind: string;
  reason: string;
  when: { iso: string; text: string };
  by: string;
  unban: ButtonFormView;
}

export interface CommentSettingsPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro: string;
  links: Array<{ href: string; label: string }>;
  notice?: NoticeView;
  errorSummary?: ErrorSummaryView;
  sections: {
    heading: string;
    caption: string;
    columns: { section: string; edition: string; current: string; change: string };
    rows: SectionSettingView[];
    emptyText: string;
    /** When the viewer may not change policies. */
    readOnlyText?: string;
  };
  bans: {
    heading: string;
    intro: string;
    caption: string;
    columns: { kind: string; reason: string; when: string; by: string; actions: string };
    rows: BanRowView[];
    emptyText: string;
    addHeading: string;
    addForm: FormView;
  };
  words: {
    heading: string;
    intro: string;
    items: Array<{ word: string; remove: ButtonFormView }>;
    emptyText: string;
    addForm: FormView;
  };
}

export interface StoryCommentsPageView extends StorySubpageView {
  /** What applies now, and what the section says. */
  facts: string[];
  form: FormView;
}

/** Asks before banning a comment's author: the comment, what a ban does, and the two kinds of ban. */
export interface CommentBanPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro: string;
  comment: { authorName: string; email: string; body: string; createdAt: { iso: string; text: string }; storyHeadline: string };
  form: { action: string; csrfToken: string; back: string; kindLegend: string; kinds: Array<{ value: string; label: string; hint: string; isChecked: boolean }>; submitLabel: string };
  cancel: { href: string; label: string };
}
