import type { FastifyInstance, FastifyReply } from 'fastify';
import { commentAdminStrings as t } from '../../config/comment-admin-strings.ts';
import type { User } from '../../modules/accounts/account-types.ts';
import { hasGrant } from '../../modules/accounts/permissions.ts';
import { personActor } from '../../modules/accounts/account-types.ts';
import { maskEmail } from '../../content/comment-text.ts';
import { CommentError, commentLimits, type CommentStatus, type ModerationAction, type QueueComment } from '../../modules/comments/index.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { isoInEdition } from '../../modules/editions/edition-time.ts';
import type { AdminFrame } from '../../views/admin/admin-view-models.ts';
import type { CommentBanPageView, CommentQueuePageView, QueueCommentView } from '../../views/admin/comment-view-models.ts';
import { CommentBanPage } from '../../views/admin/pages/comment-ban-page.tsx';
import { CommentQueuePage } from '../../views/admin/pages/comment-queue-page.tsx';
import { sitePaths } from '../site-paths.ts';
import { requirePermission } from './admin-access.ts';
import { formFields, frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { newsroomTime } from './newsroom-time.ts';

/** The zone of a queue page whose comments may come from several editions: one clock for all, said once. */
const UTC: Pick<Edition, 'timeZone'> = { timeZone: 'UTC' };

const STATUSES: readonly CommentStatus[] = ['pending', 'approved', 'rejected', 'spam'];
const ACTIONS: readonly ModerationAction[] = ['approve', 'reject', 'spam'];
const base = adminPaths.comments;

/**
 * Comment moderation for moderators, editors, admins and owners (`comment.moderate`): the queue with
 * tabs, filters and bulk actions, editing, and banning a comment's author. Every change goes through
 * CommentService, which writes the audit log; actions answer with a 303 back to the queue. Banning asks
 * first, on a page of its own, so the queue's buttons cannot ban in one press. Settings, bans and banned
 * words: comment-settings-routes.ts.
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
    const editionCode = editions.find(text('edition')) ? text('edition') : undefined;
    const page = idParam(text('page')) ?? 1;
    const actor = actorOf(request);
    const filter = { editionCode, storyId, olderThanDays: older };
    const [queue, counts, stories, chosen] = await Promise.all([
      comments.listQueue(actor, { ...filter, status, page }),
      comments.countQueue(actor, filter),
      comments.listQueueStories(actor, { status, editionCode }),
      storyId === undefined ? undefined : comments.findQueueStory(actor, storyId),
    ]);
    const frame = frameFor(ctx, request, reply, base);
    const pageCount = Math.max(1, Math.ceil(queue.total / commentLimits.pageSize));
    if (page > pageCount) return reply.callNotFound();
    const link = (p: number, s: CommentStatus = status, keepFilters = true) => {
      const params = new URLSearchParams({ status: s });
      if (keepFilters && editionCode !== undefined) params.set('edition', editionCode);
      if (keepFilters && storyId !== undefined) params.set('story', String(storyId));
      if (keepFilters && older !== undefined) params.set('older', String(older));
      if (p > 1) params.set('page', String(p));
      return `${base}?${params.toString()}`;
    };
    // Every time on the page on one clock: the edition's when the page is narrowed to one, else UTC.
    const zone = chosen ? editions.get(chosen.editionCode) : editionCode !== undefined ? editions.get(editionCode) : UTC;
    const storyOptions = chosen && !stories.some((st) => st.id === chosen.id) ? [chosen, ...stories] : stories;
    const done = text('done');
    const view: CommentQueuePageView = {
      frame,
      head: { title: `${t.heading}: ${t.tabs[status]}` },
      heading: t.heading,
      notice: t.done[done] !== undefined ? { text: t.done[done] } : undefined,
      tabs: STATUSES.map((s) => ({ href: link(1, s), label: t.tabs[s], count: counts[s], countText: t.tabCount(counts[s]), isCurrent: s === status })),
      filter: {
        action: base,
        heading: t.filtersHeading,
        status,
        editionLabel: t.editionFilter,
        editions: [{ value: '', label: t.anyEdition, isSelected: editionCode === undefined }, ...editions.list().map((e) => ({ value: e.code, label: e.name, isSelected: e.code === editionCode }))],
        storyLabel: t.storyFilter,
        stories: [
          { value: '', label: t.anyStory, isSelected: storyId === undefined },
          ...storyOptions.map((st) => ({ value: String(st.id), label: t.storyOption(st.headline, st.count), isSelected: st.id === storyId })),
        ],
        olderLabel: t.olderFilter,
        olderHint: t.olderHint,
        older: older === undefined ? '' : String(older),
        applyLabel: t.apply,
        clear: storyId !== undefined || older !== undefined || editionCode !== undefined ? { href: link(1, status, false), label: t.clear } : undefined,
      },
      zoneText: t.zoneText(zone.timeZone),
      bulk: {
        action: `${base}/moderate`,
        csrfToken: frame.csrfToken,
        back: link(page),
        label: t.bulk,
        actionLabel: t.bulkAction,
        heading: t.bulkHeading,
        actions: ACTIONS.filter((a) => a !== statusAction(status)).map((a) => ({ value: a, label: t.actions[a] })),
        selectLabel: t.select,
      },
      emptyText: queue.items.length === 0 ? t.empty : undefined,
      items: queue.items.map((c) => itemView(c, zone, frame.csrfToken, link(page), status)),
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

  app.get<{ Params: { id: string } }>('/comments/:id/ban', requirePermission('comment.moderate'), async (request, reply) => {
    const id = idParam(request.params.id);
    const comment = id === undefined ? undefined : await comments.findQueueComment(actorOf(request), id);
    if (!comment) return reply.callNotFound();
    const to = backOf((request.query as Record<string, unknown>).back);
    const kind = (request.query as Record<string, unknown>).kind === 'address' ? 'address' : 'email';
    return sendPage(reply, 200, CommentBanPage, banPageView(frameFor(ctx, request, reply, base), comment, editions.get(comment.story.editionCode), to, kind));
  });

  app.post<{ Params: { id: string } }>('/comments/:id/ban', requirePermission('comment.moderate'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const { kind, back: to, confirm } = formFields(request.body, ['kind', 'back', 'confirm']);
    if (kind !== 'email' && kind !== 'address') return back(reply, backOf(to), 'invalid');
    // Only the confirmation page's form says yes: any other post is shown that page first.
    if (confirm !== 'yes') return reply.redirect(`${adminPaths.commentBan(id)}?kind=${kind}&back=${encodeURIComponent(backOf(to))}`, 303);
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

function timeOf(instant: string, zone: Pick<Edition, 'timeZone'>) {
  return { iso: isoInEdition(instant, { language: 'en', time_zone: zone.timeZone }), text: newsroomTime(instant, zone) };
}

function itemView(c: QueueComment, zone: Pick<Edition, 'timeZone'>, csrfToken: string, backTo: string, status: CommentStatus): QueueCommentView {
  const context = `: ${c.authorName}`;
  const button = (action: ModerationAction) => ({
    action: `${base}/moderate`,
    csrfToken,
    hidden: [{ name: 'id', value: String(c.id) }, { name: 'action', value: action }, { name: 'back', value: backTo }],
    label: t.actions[action],
    context,
    // Approving is what a queue is mostly for; the other verdicts sit beside it, quieter.
    isSecondary: action !== 'approve',
  });
  return {
    id: c.id,
    authorName: c.authorName,
    email: maskEmail(c.email),
    body: c.body,
    createdAt: timeOf(c.createdAt, zone),
    heldReason: c.heldReason ? (t.heldReasons[c.heldReason] ?? c.heldReason) : undefined,
    isReply: c.parentId !== null,
    story: {
      headline: c.story.headline,
      href: `${sitePaths.story(c.story.editionCode, c.story.code, c.story.slug)}#comments`,
      filterHref: `${base}?status=${status}&story=${c.story.id}`,
      filterLabel: t.onlyThisStory,
    },
    actions: ACTIONS.filter((a) => a !== statusAction(status)).map(button),
    ban: { href: `${adminPaths.commentBan(c.id)}?back=${encodeURIComponent(backTo)}`, label: t.actions.ban, context },
    edit: { action: `${base}/${c.id}/edit`, csrfToken, label: t.edit, bodyLabel: t.editBody, body: c.body, saveLabel: t.save },
  };
}

function banPageView(frame: AdminFrame, c: QueueComment, edition: Edition, backTo: string, kind: 'email' | 'address'): CommentBanPageView {
  const b = t.banPage;
  return {
    frame,
    head: { title: `${b.heading}: ${c.authorName}` },
    heading: b.heading,
    intro: b.intro,
    comment: { authorName: c.authorName, email: maskEmail(c.email), body: c.body, createdAt: timeOf(c.createdAt, edition), storyHeadline: c.story.headline },
    form: {
      action: adminPaths.commentBan(c.id),
      csrfToken: frame.csrfToken,
      back: backTo,
      kindLegend: b.kindLegend,
      kinds: [
        { value: 'email', label: b.email, hint: b.emailHint, isChecked: kind === 'email' },
        { value: 'address', label: b.address, hint: b.addressHint, isChecked: kind === 'address' },
      ],
      submitLabel: b.submit,
    },
    cancel: { href: backTo, label: b.cancel },
  };
}
