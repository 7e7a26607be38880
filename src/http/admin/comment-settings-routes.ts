import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { commentAdminStrings } from '../../config/comment-admin-strings.ts';
import { personActor, type Actor } from '../../modules/accounts/account-types.ts';
import { CommentError, isCommentPolicy, type CommentPolicy } from '../../modules/comments/index.ts';
import { CommentSettingsPage } from '../../views/admin/pages/comment-settings-page.tsx';
import { StoryCommentsPage } from '../../views/admin/pages/story-comments-page.tsx';
import { requirePermission } from './admin-access.ts';
import { formFields, frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { CommentSettingsPresenter, type SettingsPageOptions, type StoryCommentsPageOptions } from './comment-settings-presenter.ts';

interface IdParams {
  id: string;
}

const t = commentAdminStrings.settings;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/**
 * Comment settings (docs/decisions/008-readers-comments.md):
 * - `/admin/comments/settings` — each section's policy and auto-close days (`comment.configure`: editors,
 *   admins, owners), the bans with Unban and a form to ban an email, the banned words with Remove and Add
 *   (`comment.moderate`, moderators too);
 * - `/admin/stories/:id/comments` — one story's own policy and close days (`comment.configure`).
 * Thin: CommentService checks the role again, validates, and audits each change in its transaction. A change
 * answers with a 303 back to its page, or the page again (422) with what to fix.
 */
export function registerCommentSettingsRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { comments, editions } = ctx.services;
  const presenter = new CommentSettingsPresenter();
  const actorOf = (request: FastifyRequest): Actor => personActor(signedInUser(request), adminStateOf(request).addressHash);
  const done = (reply: FastifyReply, to: string, what: string, anchor: string) => reply.redirect(`${to}${to.includes('?') ? '&' : '?'}done=${what}${anchor}`, 303);

  async function showSettings(request: FastifyRequest, reply: FastifyReply, status: number, options: SettingsPageOptions = {}) {
    const actor = actorOf(request);
    const [sections, bans, words] = await Promise.all([comments.listSectionSettings(actor), comments.listBans(actor), comments.listBannedWords(actor)]);
    const view = presenter.settingsPage(frameFor(ctx, request, reply, adminPaths.comments), signedInUser(request), editions.list(), sections, bans, words, options);
    return sendPage(reply, status, CommentSettingsPage, view);
  }

  async function showStory(request: FastifyRequest, reply: FastifyReply, status: number, storyId: number, options: StoryCommentsPageOptions = {}) {
    const story = await comments.getStorySettings(actorOf(request), storyId);
    const view = presenter.storyPage(frameFor(ctx, request, reply, adminPaths.stories), editions.get(story.editionCode), story, options);
    return sendPage(reply, status, StoryCommentsPage, view);
  }

  app.get('/comments/settings', requirePermission('comment.moderate'), async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const section = typeof query.section === 'string' ? idParam(query.section) : undefined;
    return showSettings(request, reply, 200, { done: typeof query.done === 'string' ? query.done : undefined, sectionId: section });
  });

  app.post<{ Params: IdParams }>('/comments/settings/sections/:id', requirePermission('comment.configure'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const values = formFields(request.body, ['policy', 'closeDays']);
    try {
      const setting = readSetting(values);
      await comments.setSectionPolicy(actorOf(request), id, setting.policy, setting.closeDays);
    } catch (error) {
      if (error instanceof CommentError && error.code === 'SETTINGS_INVALID') {
        const field = error.field === 'closeDays' ? 'closeDays' : 'policy';
        return showSettings(request, reply, error.status, { problem: { form: 'section', sectionId: id, field, message: error.message, values } });
      }
      throw error;
    }
    return done(reply, `${adminPaths.commentSettings}?section=${id}`, 'section', `#section-${id}`);
  });

  app.post('/comments/bans', requirePermission('comment.moderate'), async (request, reply) => {
    const { email, reason } = formFields(request.body, ['email', 'reason']);
    if (!EMAIL_PATTERN.test(email.trim())) return showSettings(request, reply, 422, { problem: { form: 'ban', field: 'email', message: t.badEmail, values: { reason } } });
    await comments.banEmail(actorOf(request), email, reason);
    return done(reply, adminPaths.commentSettings, 'banned', '#bans');
  });

  app.post<{ Params: IdParams }>('/comments/bans/:id/remove', requirePermission('comment.moderate'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    await comments.unban(actorOf(request), id);
    return done(reply, adminPaths.commentSettings, 'unbanned', '#bans');
  });

  app.post('/comments/banned-words', requirePermission('comment.moderate'), async (request, reply) => {
    const { word } = formFields(request.body, ['word']);
    try {
      await comments.addBannedWord(actorOf(request), word);
    } catch (error) {
      if (error instanceof CommentError && error.code === 'COMMENT_INVALID') {
        return showSettings(request, reply, 422, { problem: { form: 'word', message: error.message, values: { word } } });
      }
      throw error;
    }
    return done(reply, adminPaths.commentSettings, 'word', '#banned-words');
  });

  app.post('/comments/banned-words/remove', requirePermission('comment.moderate'), async (request, reply) => {
    const { word } = formFields(request.body, ['word']);
    await comments.removeBannedWord(actorOf(request), word);
    return done(reply, adminPaths.commentSettings, 'word-removed', '#banned-words');
  });

  app.get<{ Params: IdParams }>('/stories/:id/comments', requirePermission('comment.configure'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const query = request.query as Record<string, unknown>;
    return showStory(request, reply, 200, id, { isSaved: query.done === 'saved' });
  });

  app.post<{ Params: IdParams }>('/stories/:id/comments', requirePermission('comment.configure'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const values = formFields(request.body, ['policy', 'closeDays']);
    try {
      const setting = readSetting(values);
      await comments.setStoryPolicy(actorOf(request), id, setting.policy, setting.closeDays);
    } catch (error) {
      if (error instanceof CommentError && error.code === 'SETTINGS_INVALID') {
        const field = error.field === 'closeDays' ? 'closeDays' : 'policy';
        return showStory(request, reply, error.status, id, { problem: { field, message: error.message, values } });
      }
      throw error;
    }
    return done(reply, adminPaths.storyComments(id), 'saved', '');
  });
}

/**
 * A setting form's two fields: `policy` empty for "inherit", `closeDays` empty for "inherit" (a story) or
 * "never" (a section). Out-of-range days are the service's to refuse, with its message.
 */
function readSetting(values: { policy: string; closeDays: string }): { policy: CommentPolicy | null; closeDays: number | null } {
  if (values.policy !== '' && !isCommentPolicy(values.policy)) throw new CommentError('SETTINGS_INVALID', commentAdminStrings.problems.policyInvalid, 'policy');
  const days = values.closeDays.trim();
  return { policy: values.policy === '' ? null : values.policy, closeDays: days === '' ? null : /^\d{1,9}$/.test(days) ? Number(days) : Number.NaN };
}
