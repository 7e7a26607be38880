import type { FastifyInstance, FastifyReply } from 'fastify';
import { commentAdminStrings as t } from '../../config/comment-admin-strings.ts';
import type { User } from '../../modules/accounts/account-types.ts';
import { hasGrant } from '../../modules/accounts/permissions.ts';
import { personActor } from '../../modules/accounts/account-types.ts';
import { maskEmail } from '../../content/comment-text.ts';
import { CommentError, commentLimits, type CommentStatus, type ModerationAction, type QueueComment } from '../../modules/comments/index.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { isoInEdition } from '../../modules/editions/edition-time.ts';
import type { CommentQueuePageView } from '../../views/admin/comment-view-models.ts';
import { CommentQueuePage } from '../../views/admin/pages/comment-queue-page.tsx';
import { sitePaths } from '../site-paths.ts';
import { requirePermission } from './admin-access.ts';
import { formFields, frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { newsroomTime } from './story-form.ts';

const STATUSES: readonly CommentStatus[] = ['pending', 'approved', 'rejected', 'spam'];
const ACTIONS: readonly ModerationAction[] = ['approve', 'reject', 'spam'];
const base = adminPaths.comments;

/**
 * Comment moderation for moderators, editors, admins and owners (`comment.moderate`): the queue with
 * tabs, filters and bulk actions, editing, and banning a comment's author. Every change goes through
 * CommentService, which writes the audit log; actions answer with a 303 back to the queue. Settings,
 * bans and banned words: comment-settings-routes.ts.
 */
export function registerCommentModerationRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { comments, editions } = ctx.services;
  const actorOf = (request: Parameters<typeof adminStateOf>[0]) => personActor(adminStateOf(request).user as User, ctx.services.siteKeys.hash('address', request.ip));
  const back = (reply: FastifyReply, to: string, done: string) => reply.redirect(`${to}${to.includes('?') ? '&' : '?'}done=${done}`, 303);
  /** Only back into the queue: a form cannot send a moderator elsewhere. */
  const backOf = (value: unknown) => (typeof value === 'string' && /^\/admin\/comments(\?[\w=&%.-]*)?$/.test(value) ? value : base);

  app.get('/comments', requirePermission('comment.moderate'), async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '');
    const status = (STATUSES as readonly string[]).includes(text('status')) ? (text('status') as CommentStatus) : 'pending';
    const storyId = idParam(text('story'));
    const older = idParam(text('older'));
    const page = idParam(text('page')) ?? 1;
    const queue = await comments.listQueue(actorOf(request), { status, storyId, olderThanDays: older, page });
    const frame = frameFor(ctx, request, reply, base);
    const pageCount = Math.max(1, Math.ceil(queue.total / commentLimits.pageSize));
    if (page > pageCount) return reply.callNotFound();
    const link = (p: number, s: CommentStatus = status, keepFilters = true) => {
      const params = new URLSearchParams({ status: s });
      if (keepFilters && storyId !== undefined) params.set('story', String(storyId));
      if (keepFilters && older !== undefined) params.set('older', String(older));
      if (p > 1) params.set('page', String(p));
      return `${base}?${params.toString()}`;
    };
    const done = text('done');
    const view: CommentQueuePageView = {
      frame,
      head: { title: `${t.heading}: ${t.tabs[status]}` },
      heading: t.heading,
      notice: t.done[done] !== undefined ? { text: t.done[done] } : undefined,
      tabs: STATUSES.map((s) => ({ href: link(1, s), label: t.tabs[s], isCurrent: s === status })),
      filter: {
        action: base,
        status,
        storyLabel: t.storyFilter,
        story: storyId === undefined ? '' : String(storyId),
        olderLabel: t.olderFilter,
        older: older === undefined ? '' : String(older),
        applyLabel: t.apply,
        clear: storyId !== undefined || older !== undefined ? { href: link(1, status, false), label: t.clear } : undefined,
      },
      bulk: {
        action: `${base}/moderate`,
        csrfToken: frame.csrfToken,
        back: link(page),
        label: t.bulk,
        actions: ACTIONS.filter((a) => a !== statusAction(status)).map((a) => ({ value: a, label: t.actions[a] })),
        selectLabel: t.select,
      },
      emptyText: queue.items.length === 0 ? t.empty : undefined,
      items: queue.items.map((c) => itemView(c, editions.get(c.story.editionCode), frame.csrfToken, link(page), status)),
      pagination: pageCount > 1 ? { previous: page > 1 ? link(page - 1) : undefined, next: page < pageCount ? link(page + 1) : undefined, text: t.pageOf(page, pageCount) } : undefined,
      links: [
        { href: adminPaths.commentSettings, label: t.settingsLink },
        ...(storyId !== undefined && hasGrant(signedInUser(request).role, 'comment.configure') ? [{ href: adminPaths.storyComments(storyId), label: t.storySettingsLink }] : []),
      ],
    };
    return sendPage(reply, 200, CommentQueuePage, view);
  });

  app.post('/comments/moderate', requirePermission('comment.moderate'), async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const rawIds = Array.isArray(body.id) ? body.id : [body.id];
    const ids = rawIds.flatMap((v) => (typeof v === 'string' && idParam(v) !== undefined ? [Number(v)] : []));
    const action = body.action;
    const to = backOf(body.back);
    if (ids.length === 0 || typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) return back(reply, to, 'invalid');
    try {
      await comments.moderate(actorOf(request), ids, action as ModerationAction);
    } catch (error) {
      if (error instanceof CommentError && error.code === 'COMMENT_NOT_FOUND') return back(reply, to, 'invalid');
      throw error;
    }
    return back(reply, to, action);
  });

  app.post<{ Params: { id: string } }>('/comments/:id/edit', requirePermission('comment.moderate'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const { body } = formFields(request.body, ['body']);
    try {
      await comments.edit(actorOf(request), id, body);
    } catch (error) {
      if (!(error instanceof CommentError)) throw error;
      if (error.code === 'COMMENT_NOT_FOUND') return reply.callNotFound();
      return back(reply, base, 'invalid');
    }
    return back(reply, base, 'edited');
  });

  app.post<{ Params: { id: string } }>('/comments/:id/ban', requirePermission('comment.moderate'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const { kind, back: to } = formFields(request.body, ['kind', 'back']);
    if (kind !== 'email' && kind !== 'address') return back(reply, backOf(to), 'invalid');
    try {
      await comments.banAuthorOf(actorOf(request), id, kind, `comment ${id}`);
    } catch (error) {
      if (error instanceof CommentError && error.code === 'COMMENT_NOT_FOUND') return reply.callNotFound();
      throw error;
    }
    return back(reply, backOf(to), 'banned');
  });
}

function statusAction(status: CommentStatus): ModerationAction | undefined {
  return status === 'approved' ? 'approve' : status === 'rejected' ? 'reject' : status === 'spam' ? 'spam' : undefined;
}

function itemView(c: QueueComment, edition: Edition, csrfToken: string, backTo: string, status: CommentStatus) {
  const context = `: ${c.authorName}`;
  const button = (action: string, label: string, hidden: Array<{ name: string; value: string }>) => ({ action, csrfToken, hidden: [...hidden, { name: 'back', value: backTo }], label, context });
  return {
    id: c.id,
    authorName: c.authorName,
    email: maskEmail(c.email),
    body: c.body,
    // On the story's edition's clock, as its newsroom and readers count the days.
    createdAt: { iso: isoInEdition(c.createdAt, { language: 'en', time_zone: edition.timeZone }), text: newsroomTime(c.createdAt, edition) },
    heldReason: c.heldReason ? (t.heldReasons[c.heldReason] ?? c.heldReason) : undefined,
    isReply: c.parentId !== null,
    story: {
      headline: c.story.headline,
      href: `${sitePaths.story(c.story.editionCode, c.story.code, c.story.slug)}#comments`,
      filterHref: `${base}?status=${status}&story=${c.story.id}`,
    },
    actions: [
      ...ACTIONS.filter((a) => a !== statusAction(status)).map((a) => button(`${base}/moderate`, t.actions[a], [{ name: 'id', value: String(c.id) }, { name: 'action', value: a }])),
      button(`${base}/${c.id}/ban`, t.actions.banEmail, [{ name: 'kind', value: 'email' }]),
      button(`${base}/${c.id}/ban`, t.actions.banAddress, [{ name: 'kind', value: 'address' }]),
    ],
    edit: { action: `${base}/${c.id}/edit`, csrfToken, label: t.edit, bodyLabel: t.editBody, body: c.body, saveLabel: t.save },
  };
}
