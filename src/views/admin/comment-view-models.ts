import type { AdminFrame, ButtonFormView, NoticeView, PageHead } from './admin-view-models.ts';

/** One comment in the moderation queue, with its story for context and the actions on it. */
export interface QueueCommentView {
  id: number;
  authorName: string;
  /** Moderators see the email (to contact or ban); readers never do. */
  email: string;
  body: string;
  createdAt: { iso: string; text: string };
  heldReason?: string;
  isReply: boolean;
  story: { headline: string; href: string; filterHref: string };
  actions: ButtonFormView[];
  edit: { action: string; csrfToken: string; label: string; bodyLabel: string; body: string; saveLabel: string };
}

export interface CommentQueuePageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  notice?: NoticeView;
  tabs: Array<{ href: string; label: string; isCurrent: boolean }>;
  filter: {
    action: string;
    status: string;
    storyLabel: string;
    story: string;
    olderLabel: string;
    older: string;
    applyLabel: string;
    clear?: { href: string; label: string };
  };
  bulk: { action: string; csrfToken: string; back: string; label: string; actions: Array<{ value: string; label: string }>; selectLabel: string };
  emptyText?: string;
  items: QueueCommentView[];
  pagination?: { previous?: string; next?: string; text: string };
  bans: {
    heading: string;
    emailForm: { action: string; csrfToken: string; emailLabel: string; reasonLabel: string; submitLabel: string };
    wordHeading: string;
    words: string[];
    wordForm: { action: string; csrfToken: string; wordLabel: string; submitLabel: string };
  };
}
