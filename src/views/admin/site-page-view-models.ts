import type { AdminFrame, EditionSwitchView, ErrorSummaryView, NoticeView, PageHead } from './admin-view-models.ts';
import type { StoryEditorView, StoryFieldView } from './story-view-models.ts';

interface Link {
  href: string;
  label: string;
}

/** An edition's own pages, with their state, and the way to its footer links. */
export interface SitePageListPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  editions: EditionSwitchView;
  intro: string;
  notice?: NoticeView;
  actions: Link[];
  table: { id: string; caption: string; columns: string[] };
  rows: Array<{ title: string; language: string; editHref: string; address?: Link; state: string; isDraft: boolean; updated: string }>;
  emptyText: string;
}

/** One page's form: title, body in the story editor, address, description and state. */
export interface SitePageEditPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  notice?: NoticeView;
  errorSummary?: ErrorSummaryView;
  links: Link[];
  form: {
    action: string;
    csrfToken: string;
    title: StoryFieldView;
    body: StoryFieldView;
    editor: StoryEditorView;
    details: StoryFieldView[];
    submitLabel: string;
  };
  /** Apart from the form, secondary, and confirmed with a box to tick. */
  deleteForm?: { action: string; csrfToken: string; heading: string; confirmLabel: string; label: string };
}
