import type { CommentOutcome } from '../config/ui-strings.ts';
import { commentLimits, type CommentSettings, type CommentThreadPage, type PublicComment } from '../modules/comments/index.ts';
import type { Edition } from '../modules/editions/edition-service.ts';
import type { StoryDetail } from '../modules/stories/story-types.ts';
import type { CommentFormView, CommentNotSentPageView, CommentSectionView, CommentView, SiteFrame } from '../views/view-models.ts';
import { timeView } from './page-parts.ts';
import { sitePaths } from './site-paths.ts';

/** The comments under a story: the approved thread, its order and pages, and the form while comments are open. */
export function commentSectionView(edition: Edition, story: StoryDetail, comments: StoryComments | undefined): CommentSectionView {
  const s = edition.strings;
  const c = s.commenting;
  const base: CommentSectionView = { heading: s.comments, countText: s.commentCount(story.commentCount), items: [], orderLinks: [] };
  if (!comments) return base;
  const path = sitePaths.story(edition.code, story.code, story.slug);
  const { thread, settings } = comments;
  const link = (page: number, order: string, extra = '') => {
    const query = new URLSearchParams();
    if (page > 1) query.set('comments', String(page));
    if (order !== 'newest') query.set('order', order);
    const text = query.toString();
    return `${path}${text ? `?${text}` : ''}${extra}`;
  };
  const toView = (comment: PublicComment, isTopLevel: boolean): CommentView => ({
    anchor: `comment-${comment.id}`,
    authorName: comment.authorName,
    time: timeView(comment.createdAt, edition, edition.datelineFormat),
    lines: comment.lines,
    editedLabel: comment.isEdited ? c.edited : undefined,
    reply:
      isTopLevel && settings.isOpen
        ? { href: `${link(thread.page, thread.order)}${thread.page > 1 || thread.order !== 'newest' ? '&' : '?'}reply=${comment.id}#comment-form`, label: c.reply }
        : undefined,
    replies: comment.replies.map((r) => toView(r, false)),
  });
  const draft = comments.draft;
  const replyTo = comments.replyTo ?? (draft?.outcome === 'parent' ? undefined : draft?.parentId);
  const replyTarget = replyTo === undefined ? undefined : thread.items.find((i) => i.id === replyTo);
  // A refused post's message sits in the form, beside what the reader typed; others above the thread.
  const outcome = draft ? undefined : comments.outcome;
  return {
    ...base,
    message: outcome ? { text: c.outcomes[outcome], isError: outcome !== 'published' && outcome !== 'pending' } : undefined,
    closedText: settings.isOpen ? undefined : c.closed,
    unsent: draft && !settings.isOpen ? { label: c.unsent, body: draft.body } : undefined,
    emptyText: thread.threadCount === 0 ? c.none : undefined,
    items: thread.items.map((i) => toView(i, true)),
    orderLinks: (['newest', 'oldest'] as const).map((order) => ({
      href: `${link(1, order)}#comments`,
      label: order === 'newest' ? c.newestFirst : c.oldestFirst,
      isCurrent: thread.order === order,
    })),
    pagination:
      thread.pageCount > 1
        ? {
            label: c.pages,
            current: s.pageOf(thread.page),
            newer: thread.page > 1 ? { href: `${link(thread.page - 1, thread.order)}#comments`, label: thread.order === 'newest' ? c.newerComments : c.olderComments } : undefined,
            older: thread.page < thread.pageCount ? { href: `${link(thread.page + 1, thread.order)}#comments`, label: thread.order === 'newest' ? c.olderComments : c.newerComments } : undefined,
          }
        : undefined,
    form: settings.isOpen
      ? commentForm(edition, story.code, comments.formToken, {
          heading: replyTarget ? c.replyTo(replyTarget.authorName) : c.formHeading,
          // A reply refused on another page of the thread stays a reply, though its target is not shown here.
          parentId: replyTarget?.id ?? (draft?.outcome === 'parent' ? undefined : draft?.parentId),
          values: draft ? { name: draft.name, email: draft.email, body: draft.body } : undefined,
          error: draft ? { text: c.outcomes[draft.outcome], field: draft.field } : undefined,
          islandSrc: comments.islandSrc,
        })
      : undefined,
  };
}

/**
 * A comment the database could not take, given back in the form to send again. The database is not asked
 * for anything (it is the trouble): no thread, no count, no sections, and the story by its code alone.
 */
export function commentNotSentPage(frame: SiteFrame, edition: Edition, storyCode: number, draft: UnsentComment, formToken: string, islandSrc?: string): CommentNotSentPageView {
  const s = edition.strings;
  const c = s.commenting;
  return {
    frame,
    head: { title: `${c.notSent.title} – ${s.siteName}` },
    heading: c.notSent.title,
    comments: {
      heading: s.comments,
      // Where the count would be: the count needs the database; what the reader needs to know is that nothing is lost.
      countText: c.notSent.kept,
      items: [],
      orderLinks: [],
      form: commentForm(edition, storyCode, formToken, {
        heading: c.formHeading,
        parentId: draft.parentId,
        values: { name: draft.name, email: draft.email, body: draft.body },
        error: { text: c.notSent.reason },
        islandSrc,
      }),
    },
    back: { href: sitePaths.storyByCode(edition.code, storyCode), label: c.notSent.backToStory },
  };
}

function commentForm(
  edition: Edition,
  storyCode: number,
  token: string,
  own: Pick<CommentFormView, 'heading' | 'parentId' | 'values' | 'error' | 'islandSrc'>,
): CommentFormView {
  const c = edition.strings.commenting;
  return {
    action: `/${edition.code}/news/${storyCode}/comments`,
    heading: own.heading,
    token,
    parentId: own.parentId,
    values: own.values,
    error: own.error,
    nameLabel: c.name,
    emailLabel: c.email,
    emailHint: c.emailHint,
    bodyLabel: c.body,
    honeypotLabel: c.honeypot,
    sendLabel: c.send,
    maxLength: commentLimits.bodyMaxLength,
    counterText: c.charactersLeft(commentLimits.bodyMaxLength - [...(own.values?.body ?? '')].length),
    counterTemplate: c.charactersLeft(987654).replace(/987[,.\u066c\u060c\s]?654|[۹٩][۸٨][۷٧][٬,]?[۶٦][۵٥][۴٤]/u, '{n}'),
    failedText: c.failed,
    islandSrc: own.islandSrc,
  };
}

/** What the story page shows of its comments, gathered by the route. */
export interface StoryComments {
  thread: CommentThreadPage;
  settings: CommentSettings;
  formToken: string;
  outcome?: CommentOutcome;
  /** A top-level comment on this page being replied to. */
  replyTo?: number;
  /** A refused post, shown again to its sender. */
  draft?: CommentDraft;
  /** The comment form's script, for posting without a reload. */
  islandSrc?: string;
}

/** What a reader sent in the comment form, as they typed it. */
export interface UnsentComment {
  name: string;
  email: string;
  body: string;
  parentId?: number;
}

/**
 * A refused post as its sender typed it, and why it was refused: answered in the response to that post
 * only (never cached, never stored), so that a reader without scripts loses nothing they wrote.
 */
export interface CommentDraft {
  name: string;
  email: string;
  body: string;
  parentId?: number;
  outcome: CommentOutcome;
  /** The field to blame, when one is. */
  field?: 'name' | 'email' | 'body';
}
