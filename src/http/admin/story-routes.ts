import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { storyAdminStrings as t } from '../../config/story-admin-strings.ts';
import { BodyValidationError } from '../../content/validate-body.ts';
import { personActor, type Actor } from '../../modules/accounts/account-types.ts';
import { hasGrant } from '../../modules/accounts/permissions.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { StoryConflictError, StoryWorkflowError, type EditableStory, type StoryListFilter, type TransitionResult } from '../../modules/newsroom/index.ts';
import { StoryValidationError } from '../../modules/stories/story-errors.ts';
import type { NoticeView } from '../../views/admin/admin-view-models.ts';
import { AdminMessagePage } from '../../views/admin/pages/admin-message-page.tsx';
import { StoryComparePage } from '../../views/admin/pages/story-compare-page.tsx';
import { StoryEditPage } from '../../views/admin/pages/story-edit-page.tsx';
import { StoryListPage } from '../../views/admin/pages/story-list-page.tsx';
import { StoryRevisionsPage } from '../../views/admin/pages/story-revisions-page.tsx';
import { StoryPage } from '../../views/pages/story-page.tsx';
import { renderPage } from '../../views/render-page.ts';
import { allowAnyone, requirePermission } from './admin-access.ts';
import { loadIslandScript } from './admin-assets.ts';
import { formFields, frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { newsroomTime } from './newsroom-time.ts';
import { readStoryForm, readWallClock, sentBodyOf, sentFields, storyFormFields, type StoryFormValues } from './story-form.ts';
import { StoryPresenter, type StoryEditState, type StoryFormProblems } from './story-presenter.ts';
import { editorPicture } from './media-presenter.ts';
import { pictureIdsOf } from '../../modules/media/index.ts';
import type { StoryPictureToolsView } from '../../views/admin/story-view-models.ts';

interface StoryParams {
  id: string;
}

/** Story bodies are long; the admin's default form limit (64 KiB) is for short forms. */
const STORY_BODY_LIMIT = 4 * 1024 * 1024;

/** The form field that shows a service error's `field`; anything else is said at the top of the form. */
const formFieldOf: Record<string, keyof StoryFormProblems> = {
  headline: 'headline',
  teaser: 'teaser',
  body: 'body',
  section: 'section',
  tags: 'tags',
  authors: 'authors',
  slug: 'slug',
  seoTitle: 'seoTitle',
  seoDescription: 'seoDescription',
  embargoUntil: 'embargo',
  scheduledAt: 'scheduledAt',
  editionCode: 'editionCode',
  note: 'note',
  confirmDelete: 'confirmDelete',
  leadMediaId: 'leadMediaId',
  // A lead picture without alt text is refused at the lead picture's field.
  leadAlt: 'leadMediaId',
};

/**
 * The newsroom's story pages: the list, the editor, the workflow's steps, preview, revisions and their
 * comparison. Thin: every rule lives in `StoryWorkflow` (src/modules/newsroom/); a handler reads the form,
 * calls it, and redirects (303) or shows the form again with what went wrong.
 */
export async function registerStoryRoutes(app: FastifyInstance, ctx: AdminContext): Promise<void> {
  const { storyWorkflow: workflow, editions, storyQueries, clock, media } = ctx.services;
  const editorScript = await loadIslandScript('editor');
  const presenter = new StoryPresenter(editorScript.href);

  app.get(editorScript.href.slice('/admin'.length), allowAnyone(), async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(editorScript.js),
  );

  const actorOf = (request: FastifyRequest): Actor => personActor(signedInUser(request), adminStateOf(request).addressHash);
  const editionOf = (story: Pick<EditableStory, 'editionCode'>): Edition => editions.get(story.editionCode);
  const sectionNames = async (editionCode: string) => (await ctx.services.taxonomy.listSections(editionCode)).map((s) => s.name);

  /**
   * The editor's picture tools for people who may upload: where to upload, search and describe, and the
   * library pictures the story shows (its lead, also as typed in a refused form, and its body's).
   */
  async function pictureToolsFor(request: FastifyRequest, lead: Array<number | null | undefined>, body: EditableStory['body']): Promise<StoryPictureToolsView | undefined> {
    if (!hasGrant(signedInUser(request).role, 'media.upload')) return undefined;
    const ids = new Set<number>([...lead.flatMap((id) => (typeof id === 'number' && id > 0 ? [id] : [])), ...pictureIdsOf(null, body).body]);
    const found = await Promise.all([...ids].map((id) => media.find(id)));
    return {
      uploadUrl: adminPaths.media,
      searchUrl: adminPaths.apiMedia,
      detailsUrl: adminPaths.apiMedia,
      known: found.flatMap((picture) => (picture ? [editorPicture(picture)] : [])),
    };
  }

  const typedLead = (values: StoryFormValues | undefined) => (values && /^[1-9]\d{0,9}$/u.test(values.leadMediaId.trim()) ? Number(values.leadMediaId.trim()) : undefined);

  async function showEdit(request: FastifyRequest, reply: FastifyReply, status: number, storyId: number, state: StoryEditState = {}) {
    const actor = actorOf(request);
    const user = signedInUser(request);
    const story = await workflow.getForEditing(storyId, actor);
    state = { ...state, pictureTools: await pictureToolsFor(request, [story.leadMediaId, typedLead(state.values)], story.body) };
    const edition = editionOf(story);
    const actions = workflow.availableActions(story, actor);
    const frame = frameFor(ctx, request, reply, adminPaths.stories);
    const [link, editionsLeft, sections, returnNote] = await Promise.all([
      workflow.findTranslationLink(storyId, actor),
      workflow.editionsToTranslateInto(storyId, actor),
      sectionNames(story.editionCode),
      workflow.findReturnNote(storyId, actor),
    ]);
    const { fact, ...translation } = presenter.translationParts(frame, story, link, editionsLeft.map((code) => editions.get(code)), (code) => editions.find(code), {
      translate: hasGrant(user.role, 'story.create'),
      markCurrent: actions.has('edit'),
    });
    const view = presenter.editPage(frame, user, story, edition, actions, sections, clock.now(), { ...state, returnNote });
    return sendPage(reply, status, StoryEditPage, { ...view, ...translation, facts: fact ? [...view.facts, fact] : view.facts });
  }

  function forbiddenPage(request: FastifyRequest, reply: FastifyReply, detail: string) {
    return sendPage(reply, 403, AdminMessagePage, ctx.presenter.messagePage(frameFor(ctx, request, reply), 'forbidden', detail));
  }

  /** Shows a refused change as people should see it: 404, 403, or the form again with what to fix. */
  async function refuse(request: FastifyRequest, reply: FastifyReply, storyId: number, error: unknown, state: StoryEditState = {}) {
    if (error instanceof StoryConflictError) {
      const edition = editionOf(await workflow.getForEditing(storyId, actorOf(request)));
      const who = error.current.savedBy?.displayName ?? t.form.someone;
      // The form keeps what this person typed, and now names the newer version: pressing Save again replaces it, knowingly.
      return showEdit(request, reply, 409, storyId, { ...state, general: t.form.conflict(who, newsroomTime(error.current.savedAt, edition)), revision: error.current.revision });
    }
    if (error instanceof StoryWorkflowError) {
      if (error.code === 'STORY_NOT_FOUND') return reply.callNotFound();
      if (error.code === 'STORY_FORBIDDEN') return forbiddenPage(request, reply, error.message);
      const status = error.code === 'STORY_FIELD_INVALID' ? 422 : 409;
      const field = error.field === undefined ? undefined : formFieldOf[error.field];
      return showEdit(request, reply, status, storyId, field ? { ...state, problems: { ...state.problems, [field]: error.message } } : { ...state, general: error.message });
    }
    if (error instanceof StoryValidationError || error instanceof BodyValidationError) {
      const field = formFieldOf[error.field];
      return showEdit(request, reply, 422, storyId, field ? { ...state, problems: { ...state.problems, [field]: error.message } } : { ...state, general: error.message });
    }
    throw error;
  }

  /* The list. */

  app.get('/stories', requirePermission('story.edit.own'), async (request, reply) => {
    const actor = actorOf(request);
    const user = signedInUser(request);
    const query = request.query as Record<string, unknown>;
    const { filter, isValid } = readListFilter(query, editions.list().map((e) => e.code));
    const [page, options] = await Promise.all([workflow.list(filter, actor), workflow.listFilterOptions()]);
    let notice: NoticeView | undefined;
    let undoForm: ReturnType<StoryPresenter['listPage']>['undoForm'];
    const deletedId = typeof query.story === 'string' ? idParam(query.story) : undefined;
    if (query.notice === 'deleted' && deletedId !== undefined) {
      const deleted = await workflow.getForEditing(deletedId, actor).catch(() => undefined);
      if (deleted?.deletedAt) {
        notice = { text: t.notices.deleted(deleted.headline) };
        if (workflow.availableActions(deleted, actor).has('restore')) {
          undoForm = { method: 'post', action: adminPaths.storyStep(deleted.id, 'restore'), csrfToken: frameFor(ctx, request, reply).csrfToken, fields: [], submitLabel: t.actions.restore, submitContext: ` “${deleted.headline}”`, className: 'inline-form' };
        }
      }
    }
    const frame = frameFor(ctx, request, reply, adminPaths.stories);
    const view = presenter.listPage(frame, page, filter, options, editions.list(), {
      seesAll: workflow.seesAllStories(actor),
      mayCreate: hasGrant(user.role, 'story.create'),
      notice,
      undoForm,
      problem: isValid ? undefined : t.list.badFilter,
    });
    return sendPage(reply, 200, StoryListPage, view);
  });

  /* Writing a new story. */

  app.get('/stories/new', requirePermission('story.create'), async (request, reply) => {
    const user = signedInUser(request);
    const editionCode = editions.find('en')?.code ?? editions.list()[0]?.code ?? 'en';
    const view = presenter.newPage(frameFor(ctx, request, reply, adminPaths.stories), editions.list(), await sectionNames(editionCode), { editionCode, author: user.displayName }, { pictureTools: await pictureToolsFor(request, [], []) });
    return sendPage(reply, 200, StoryEditPage, view);
  });

  app.post('/stories', { ...requirePermission('story.create'), bodyLimit: STORY_BODY_LIMIT }, async (request, reply) => {
    const values = formFields(request.body, storyFormFields) as StoryFormValues;
    const edition = editions.find(values.editionCode);
    const showNew = async (status: number, problems: StoryFormProblems, general?: string) => {
      const code = edition?.code ?? editions.list()[0]?.code ?? 'en';
      const view = presenter.newPage(frameFor(ctx, request, reply, adminPaths.stories), editions.list(), await sectionNames(code), { editionCode: code, author: '' }, { values, problems, general, pictureTools: await pictureToolsFor(request, [typedLead(values)], []) });
      return sendPage(reply, status, StoryEditPage, view);
    };
    if (!edition) return showNew(422, { editionCode: t.problems.chooseEdition });
    const { changes, problems } = readStoryForm(values, sentBodyOf(values, hasField(request.body, 'bodyText')), edition, []);
    if (Object.keys(problems).length > 0) return showNew(422, problems);
    try {
      const story = await workflow.createDraft({ ...changes, editionCode: edition.code, headline: values.headline }, actorOf(request));
      return reply.redirect(`${adminPaths.story(story.id)}?notice=created`, 303);
    } catch (error) {
      if (error instanceof StoryWorkflowError && error.code === 'STORY_FORBIDDEN') return forbiddenPage(request, reply, error.message);
      if (error instanceof StoryWorkflowError || error instanceof StoryValidationError || error instanceof BodyValidationError) {
        const field = error.field === undefined ? undefined : formFieldOf[error.field];
        return field ? showNew(422, { [field]: error.message }) : showNew(422, {}, error.message);
      }
      throw error;
    }
  });

  /* Editing. */

  app.get<{ Params: StoryParams }>('/stories/:id', requirePermission('story.edit.own'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    try {
      const story = await workflow.getForEditing(id, actorOf(request));
      const query = request.query as Record<string, unknown>;
      return showEdit(request, reply, 200, id, { notice: noticeFor(query, story) });
    } catch (error) {
      return refuse(request, reply, id, error);
    }
  });

  app.post<{ Params: StoryParams }>('/stories/:id', { ...requirePermission('story.edit.own'), bodyLimit: STORY_BODY_LIMIT }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const actor = actorOf(request);
    const values = formFields(request.body, storyFormFields) as StoryFormValues;
    try {
      const story = await workflow.getForEditing(id, actor);
      const expected = /^\d{1,9}$/.test(values.revision) ? Number(values.revision) : undefined;
      if (expected === undefined) return showEdit(request, reply, 400, id, { values, general: t.problems.badRevision });
      const { changes, problems } = readStoryForm(values, sentBodyOf(values, hasField(request.body, 'bodyText')), editionOf(story), story.body, sentFields(request.body));
      if (Object.keys(problems).length > 0) return showEdit(request, reply, 422, id, { values, problems });
      await workflow.update(id, changes, expected, actor);
      return reply.redirect(`${adminPaths.story(id)}?notice=saved`, 303);
    } catch (error) {
      return refuse(request, reply, id, error, { values });
    }
  });

  /* The workflow's steps: one form and one button each. */

  function step(path: Parameters<typeof adminPaths.storyStep>[1], access: ReturnType<typeof requirePermission>, run: (id: number, actor: Actor, request: FastifyRequest) => Promise<TransitionResult>) {
    app.post<{ Params: StoryParams }>(`/stories/:id/${path}`, access, async (request, reply) => {
      const id = idParam(request.params.id);
      if (id === undefined) return reply.callNotFound();
      try {
        const result = await run(id, actorOf(request), request);
        if (result.outcome === 'deleted') return reply.redirect(`${adminPaths.stories}?notice=deleted&story=${id}`, 303);
        return reply.redirect(`${adminPaths.story(id)}?notice=${result.outcome}`, 303);
      } catch (error) {
        const scheduledAtValue = path === 'schedule' ? formFields(request.body, ['scheduledAt']).scheduledAt : undefined;
        const noteValue = path === 'to-draft' ? formFields(request.body, ['note']).note : undefined;
        return refuse(request, reply, id, error, { scheduledAtValue, noteValue });
      }
    });
  }

  step('submit', requirePermission('story.submit'), (id, actor) => workflow.submit(id, actor));
  step('publish', requirePermission('story.publish.own'), (id, actor) => workflow.publish(id, actor));
  step('schedule', requirePermission('story.schedule'), async (id, actor, request) => {
    const { scheduledAt } = formFields(request.body, ['scheduledAt']);
    const story = await workflow.getForEditing(id, actor);
    const instant = readWallClock(scheduledAt, editionOf(story));
    if (!instant) throw new StoryWorkflowError('STORY_FIELD_INVALID', t.problems.badDateTime, 'scheduledAt');
    return workflow.schedule(id, instant, actor);
  });
  step('unpublish', requirePermission('story.unpublish'), (id, actor) => workflow.unpublish(id, actor));
  step('to-draft', requirePermission('story.edit.own'), (id, actor, request) => workflow.backToDraft(id, actor, formFields(request.body, ['note']).note));
  step('delete', requirePermission('story.delete'), async (id, actor, request) => {
    // A live story needs the box ticked: the form works without JavaScript, and so must its safeguard.
    const story = await workflow.getForEditing(id, actor);
    const isLive = story.status === 'published' || story.status === 'scheduled';
    if (isLive && story.deletedAt === null && formFields(request.body, ['confirm']).confirm !== 'yes') {
      throw new StoryWorkflowError('STORY_FIELD_INVALID', t.form.confirmDeleteMissing, 'confirmDelete');
    }
    return workflow.softDelete(id, actor);
  });
  step('restore', requirePermission('story.restore'), (id, actor) => workflow.restore(id, actor));

  /* Translations (docs/decisions/022): "Translate into…" and "Mark as current". */

  app.post<{ Params: StoryParams }>('/stories/:id/translate', requirePermission('story.create'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const { edition } = formFields(request.body, ['edition']);
    try {
      const translationId = await workflow.translate(id, edition, actorOf(request));
      return reply.redirect(`${adminPaths.story(translationId)}?notice=translated`, 303);
    } catch (error) {
      return refuse(request, reply, id, error);
    }
  });

  app.post<{ Params: StoryParams }>('/stories/:id/translation/current', requirePermission('story.edit.own'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    try {
      await workflow.markTranslationCurrent(id, actorOf(request));
      return reply.redirect(`${adminPaths.story(id)}?notice=marked-current`, 303);
    } catch (error) {
      return refuse(request, reply, id, error);
    }
  });

  /* Preview: the reader's own story page, for staff only, never cached or indexed. */

  app.get<{ Params: StoryParams }>('/stories/:id/preview', requirePermission('story.edit.own'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const query = request.query as Record<string, unknown>;
    const revision = typeof query.revision === 'string' ? idParam(query.revision) : undefined;
    if (query.revision !== undefined && revision === undefined) return reply.callNotFound();
    try {
      const actor = actorOf(request);
      const [{ story, revision: shown }, current] = await Promise.all([workflow.getPreview(id, actor, revision), workflow.getForEditing(id, actor)]);
      const edition = editions.get(story.editionCode);
      const [sections, featured] = await Promise.all([storyQueries.listSections(edition.code), storyQueries.featuredRail(edition.code)]);
      const frame = ctx.sitePresenter.frame(edition, editions.list(), sections);
      const status = current.deletedAt !== null ? t.deleted : t.statuses[current.status];
      const view = { ...ctx.sitePresenter.storyPage(frame, edition, story, featured, []), previewBanner: t.preview.banner(status, shown.number) };
      return reply
        .code(200)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex, nofollow')
        .send(renderPage(h(StoryPage, { view })));
    } catch (error) {
      return refuse(request, reply, id, error);
    }
  });

  /* Revisions. */

  app.get<{ Params: StoryParams }>('/stories/:id/revisions', requirePermission('story.edit.own'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const query = request.query as Record<string, unknown>;
    const page = typeof query.page === 'string' ? (idParam(query.page) ?? 1) : 1;
    try {
      const actor = actorOf(request);
      const story = await workflow.getForEditing(id, actor);
      const revisions = await workflow.listRevisions(id, actor, page);
      const view = presenter.revisionsPage(frameFor(ctx, request, reply, adminPaths.stories), story, editionOf(story), revisions, workflow.availableActions(story, actor).has('edit'));
      return sendPage(reply, 200, StoryRevisionsPage, view);
    } catch (error) {
      return refuse(request, reply, id, error);
    }
  });

  app.get<{ Params: StoryParams }>('/stories/:id/revisions/compare', requirePermission('story.edit.own'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const query = request.query as Record<string, unknown>;
    const a = typeof query.a === 'string' ? idParam(query.a) : undefined;
    const b = typeof query.b === 'string' ? idParam(query.b) : undefined;
    try {
      const actor = actorOf(request);
      const story = await workflow.getForEditing(id, actor);
      if (a === undefined || b === undefined) {
        return sendPage(reply, 400, AdminMessagePage, ctx.presenter.messagePage(frameFor(ctx, request, reply), 'bad-request', t.compare.badVersions));
      }
      // Older first, whichever way round the two were picked.
      const diff = await workflow.diffRevisions(id, Math.min(a, b), Math.max(a, b), actor);
      return sendPage(reply, 200, StoryComparePage, presenter.comparePage(frameFor(ctx, request, reply, adminPaths.stories), story, editionOf(story), diff));
    } catch (error) {
      return refuse(request, reply, id, error);
    }
  });

  app.post<{ Params: StoryParams & { revision: string } }>('/stories/:id/revisions/:revision/restore', requirePermission('story.edit.own'), async (request, reply) => {
    const id = idParam(request.params.id);
    const number = idParam(request.params.revision);
    if (id === undefined || number === undefined) return reply.callNotFound();
    const { revision } = formFields(request.body, ['revision']);
    const expected = /^\d{1,9}$/.test(revision) ? Number(revision) : -1;
    try {
      await workflow.restoreRevision(id, number, expected, actorOf(request));
      return reply.redirect(`${adminPaths.story(id)}?notice=revision-restored&from=${number}`, 303);
    } catch (error) {
      return refuse(request, reply, id, error);
    }
  });

  function noticeFor(query: Record<string, unknown>, story: EditableStory): NoticeView | undefined {
    const n = t.notices;
    const edition = editionOf(story);
    const when = story.scheduledAt ? newsroomTime(story.scheduledAt, edition) : '';
    const from = typeof query.from === 'string' ? idParam(query.from) : undefined;
    const texts: Record<string, string | undefined> = {
      created: n.created,
      saved: n.saved,
      submitted: n.submitted,
      published: n.published,
      scheduled: n.scheduled(when),
      'held-by-embargo': n.heldByEmbargo(when),
      unpublished: n.unpublished,
      'back-to-draft': n.backToDraft,
      restored: n.restored,
      translated: t.translations.translated,
      'marked-current': t.translations.markedCurrent,
      'revision-restored': from === undefined ? undefined : n.revisionRestored(from),
    };
    const text = typeof query.notice === 'string' ? texts[query.notice] : undefined;
    return text ? { text } : undefined;
  }
}

/** The list's filters from the query string; anything that is not one of the choices is dropped and reported. */
function readListFilter(query: Record<string, unknown>, editionCodes: string[]): { filter: StoryListFilter; isValid: boolean } {
  const text = (name: string) => (typeof query[name] === 'string' && (query[name] as string).trim() !== '' ? (query[name] as string).trim() : undefined);
  const filter: StoryListFilter = {};
  let isValid = true;
  const q = text('q');
  if (q !== undefined) filter.headline = q.slice(0, 200);
  const status = text('status');
  if (status !== undefined) {
    if (['draft', 'in_review', 'scheduled', 'published', 'unpublished', 'deleted'].includes(status)) filter.status = status as StoryListFilter['status'];
    else isValid = false;
  }
  const edition = text('edition');
  if (edition !== undefined) {
    if (editionCodes.includes(edition)) filter.editionCode = edition;
    else isValid = false;
  }
  const section = text('section');
  if (section !== undefined) {
    const id = idParam(section);
    if (id !== undefined) filter.sectionId = id;
    else isValid = false;
  }
  const author = text('author');
  if (author !== undefined) filter.authorSlug = author.slice(0, 200);
  const page = text('page');
  if (page !== undefined) {
    const n = idParam(page);
    if (n !== undefined) filter.page = n;
    else isValid = false;
  }
  return { filter, isValid };
}

function hasField(body: unknown, name: string): boolean {
  return body !== null && typeof body === 'object' && typeof (body as Record<string, unknown>)[name] === 'string';
}
