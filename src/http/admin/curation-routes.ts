import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminStrings as t } from '../../config/admin-strings.ts';
import { personActor } from '../../modules/accounts/account-types.ts';
import { CorrectionError } from '../../modules/corrections/index.ts';
import {
  CurationError,
  curationProblems,
  isMoveDirection,
  type CuratedEntry,
  type CuratedStory,
  type MoveDirection,
  type PinnedRelated,
} from '../../modules/curation/index.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { CurationPage } from '../../views/admin/pages/curation-page.tsx';
import { StoryNotesPage } from '../../views/admin/pages/story-notes-page.tsx';
import { StoryRelatedPage } from '../../views/admin/pages/story-related-page.tsx';
import { allowAnyone, requirePermission } from './admin-access.ts';
import { loadIslandScript } from './admin-assets.ts';
import { formFields, frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { CurationPresenter, withEdition, withQuery, type CurationPageOptions } from './curation-presenter.ts';

interface StoryParams {
  id: string;
}

type Query = Record<string, unknown>;

/**
 * Curation (issue 3, §6) and corrections (§5) in the newsroom:
 * - `/admin/curation?edition=` — the lead story and the Featured Stories of an edition, with a search to choose them;
 * - `/admin/stories/:id/related` — a story's pinned related stories;
 * - `/admin/stories/:id/notes` — a story's corrections and updates.
 * A story is addressed by its version's id, as on the workflow's pages (the id names the edition too).
 * Every change is a form post answered with a redirect back to its page (so reloading never posts twice),
 * and the lists' script island (`curation`) posts the very same forms.
 */
export async function registerCurationRoutes(app: FastifyInstance, ctx: AdminContext): Promise<void> {
  const { curation, corrections, editions } = ctx.services;
  const island = await loadIslandScript('curation');
  const presenter = new CurationPresenter();

  app.get(island.href.slice('/admin'.length), allowAnyone(), async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(island.js),
  );

  /** The edition a page is about: `?edition=`, or the first edition when none is named; undefined for an unknown one. */
  function editionOf(request: FastifyRequest): Edition | undefined {
    const code = (request.query as Query).edition;
    if (code === undefined) return editions.find('en') ?? editions.list()[0];
    return typeof code === 'string' ? editions.find(code) : undefined;
  }

  function text(request: FastifyRequest, name: string): string {
    const value = (request.query as Query)[name];
    return typeof value === 'string' ? value : '';
  }

  function actorOf(request: FastifyRequest) {
    return personActor(signedInUser(request), adminStateOf(request).addressHash);
  }

  // ---- the curation page ------------------------------------------------------------------------

  async function showCuration(request: FastifyRequest, reply: FastifyReply, edition: Edition, status: number, options: CurationPageOptions = {}) {
    const [state, candidates] = await Promise.all([curation.getEditionCuration(edition.code), curation.findStories(edition, text(request, 'q'))]);
    const frame = frameFor(ctx, request, reply, adminPaths.curation);
    const view = presenter.curationPage(frame, signedInUser(request), edition, editions.list(), state, candidates, island.href, options);
    return sendPage(reply, status, CurationPage, view);
  }

  /** Runs one change to an edition's curation and redirects back, or shows the page again with the reason. */
  async function changeCuration(request: FastifyRequest, reply: FastifyReply, change: (edition: Edition) => Promise<Record<string, string | undefined>>) {
    const edition = editionOf(request);
    if (!edition) return reply.callNotFound();
    try {
      const params = await change(edition);
      return reply.redirect(withEdition(adminPaths.curation, edition.code, params), 303);
    } catch (error) {
      // The role's refusal gets the newsroom's forbidden page; any other shows on the page again.
      if (!(error instanceof CurationError) || error.code === 'FORBIDDEN') throw error;
      return showCuration(request, reply, edition, error.status, { problem: error.message });
    }
  }

  app.get('/curation', requirePermission('curation.edit'), async (request, reply) => {
    const edition = editionOf(request);
    if (!edition) return reply.callNotFound();
    const state = await curation.getEditionCuration(edition.code);
    return showCuration(request, reply, edition, 200, curationNotice(request, state.featured, state.lead?.headline));
  });

  /** What the redirect after a change says: built from the list as it is now, never from text in the URL. */
  function curationNotice(request: FastifyRequest, featured: CuratedEntry[], leadHeadline: string | undefined): CurationPageOptions {
    const notice = text(request, 'notice');
    const key = text(request, 'entry');
    const direction = text(request, 'direction');
    const c = t.curation;
    switch (notice) {
      case 'lead':
        return { notice: leadHeadline ? c.leadSet(leadHeadline) : undefined };
      case 'lead-cleared':
        return { notice: c.leadCleared };
      case 'added': {
        const index = featured.findIndex((e) => e.key === key);
        return { notice: index < 0 ? undefined : c.added(featured[index]?.headline ?? '', index + 1, featured.length) };
      }
      case 'moved':
        return { notice: presenter.movedNotice(featured, key), focus: isMoveDirection(direction) ? { key, direction } : undefined };
      case 'removed':
        return { notice: c.removedUnnamed };
      case 'reordered':
        return { notice: c.reordered };
      default:
        return {};
    }
  }

  app.post('/curation/lead', requirePermission('curation.edit'), async (request, reply) =>
    changeCuration(request, reply, async (edition) => {
      const { code } = formFields(request.body, ['code']);
      if (code === '') {
        await curation.setLead(actorOf(request), edition.code, null);
        return { notice: 'lead-cleared' };
      }
      await curation.setLead(actorOf(request), edition.code, storyCode(code, 'code'));
      return { notice: 'lead' };
    }),
  );

  app.post('/curation/featured', requirePermission('curation.edit'), async (request, reply) =>
    changeCuration(request, reply, async (edition) => {
      const code = storyCode(formFields(request.body, ['code']).code, 'code');
      await curation.addFeatured(actorOf(request), edition.code, code);
      return { notice: 'added', entry: `code:${code}` };
    }),
  );

  app.post('/curation/featured/move', requirePermission('curation.edit'), async (request, reply) =>
    changeCuration(request, reply, async (edition) => {
      const { entry, direction } = moveFields(request.body);
      await curation.moveFeatured(actorOf(request), edition.code, entry, direction);
      return { notice: 'moved', entry, direction };
    }),
  );

  app.post('/curation/featured/remove', requirePermission('curation.edit'), async (request, reply) =>
    changeCuration(request, reply, async (edition) => {
      await curation.removeFeatured(actorOf(request), edition.code, formFields(request.body, ['entry']).entry);
      return { notice: 'removed' };
    }),
  );

  app.post('/curation/featured/order', requirePermission('curation.edit'), async (request, reply) =>
    changeCuration(request, reply, async (edition) => {
      await curation.reorderFeatured(actorOf(request), edition.code, orderField(request.body));
      return { notice: 'reordered' };
    }),
  );

  // ---- a story's pinned related stories -----------------------------------------------------------

  /**
   * The story version a related or notes page is about, by its id as the workflow's pages address it; its
   * edition comes with it. Undefined for a malformed id or no such (undeleted) story.
   */
  async function storyOf(request: FastifyRequest<{ Params: StoryParams }>): Promise<{ story: CuratedStory; edition: Edition } | undefined> {
    const id = idParam(request.params.id);
    if (id === undefined) return undefined;
    const story = await curation.getStoryById(id).catch((error: unknown) => {
      if (error instanceof CurationError && error.code === 'STORY_NOT_FOUND') return undefined;
      throw error;
    });
    const edition = story ? editions.find(story.editionCode) : undefined;
    return story && edition ? { story, edition } : undefined;
  }

  async function showRelated(
    request: FastifyRequest<{ Params: StoryParams }>,
    reply: FastifyReply,
    status: number,
    optionsFor: (pinned: PinnedRelated[]) => CurationPageOptions = () => ({}),
  ) {
    const target = await storyOf(request);
    if (!target) return reply.callNotFound();
    const { story, edition } = target;
    const found = await Promise.all([curation.listPinnedRelated(edition.code, story.code), curation.findStories(edition, text(request, 'q'))]).catch((error: unknown) => {
      // Deleted a moment ago, between finding it and reading its list.
      if (error instanceof CurationError && error.code === 'STORY_NOT_FOUND') return undefined;
      throw error;
    });
    if (!found) return reply.callNotFound();
    const [pinned, candidates] = found;
    const view = presenter.relatedPage(frameFor(ctx, request, reply, adminPaths.curation), edition, story, pinned, candidates, island.href, optionsFor(pinned));
    return sendPage(reply, status, StoryRelatedPage, view);
  }

  async function changeRelated(
    request: FastifyRequest<{ Params: StoryParams }>,
    reply: FastifyReply,
    change: (edition: Edition, code: number) => Promise<Record<string, string | undefined>>,
  ) {
    const target = await storyOf(request);
    if (!target) return reply.callNotFound();
    try {
      const params = await change(target.edition, target.story.code);
      return reply.redirect(withQuery(adminPaths.storyRelated(target.story.id), params), 303);
    } catch (error) {
      if (!(error instanceof CurationError) || error.code === 'FORBIDDEN') throw error;
      return showRelated(request, reply, error.status, () => ({ problem: error.message }));
    }
  }

  app.get<{ Params: StoryParams }>('/stories/:id/related', requirePermission('curation.edit'), async (request, reply) => {
    const notice = text(request, 'notice');
    const key = text(request, 'entry');
    const direction = text(request, 'direction');
    return showRelated(request, reply, 200, (pinned): CurationPageOptions => {
      const index = pinned.findIndex((p) => p.key === key);
      if (notice === 'pinned' && index >= 0) return { notice: t.related.pinned(pinned[index]?.headline ?? '', index + 1, pinned.length) };
      if (notice === 'moved') return { notice: presenter.movedNotice(pinned, key), focus: isMoveDirection(direction) ? { key, direction } : undefined };
      if (notice === 'unpinned') return { notice: t.related.unpinnedUnnamed };
      if (notice === 'reordered') return { notice: t.curation.reordered };
      return {};
    });
  });

  app.post<{ Params: StoryParams }>('/stories/:id/related', requirePermission('curation.edit'), async (request, reply) =>
    changeRelated(request, reply, async (edition, code) => {
      const target = storyCode(formFields(request.body, ['target']).target, 'target');
      await curation.pinRelated(actorOf(request), edition.code, code, target);
      return { notice: 'pinned', entry: `code:${target}` };
    }),
  );

  app.post<{ Params: StoryParams }>('/stories/:id/related/move', requirePermission('curation.edit'), async (request, reply) =>
    changeRelated(request, reply, async (edition, code) => {
      const { entry, direction } = moveFields(request.body);
      await curation.moveRelated(actorOf(request), edition.code, code, entry, direction);
      return { notice: 'moved', entry, direction };
    }),
  );

  app.post<{ Params: StoryParams }>('/stories/:id/related/remove', requirePermission('curation.edit'), async (request, reply) =>
    changeRelated(request, reply, async (edition, code) => {
      await curation.unpinRelated(actorOf(request), edition.code, code, formFields(request.body, ['entry']).entry);
      return { notice: 'unpinned' };
    }),
  );

  app.post<{ Params: StoryParams }>('/stories/:id/related/order', requirePermission('curation.edit'), async (request, reply) =>
    changeRelated(request, reply, async (edition, code) => {
      await curation.reorderRelated(actorOf(request), edition.code, code, orderField(request.body));
      return { notice: 'reordered' };
    }),
  );

  // ---- a story's corrections and updates ----------------------------------------------------------

  async function showNotes(
    request: FastifyRequest<{ Params: StoryParams }>,
    reply: FastifyReply,
    status: number,
    options: { notice?: string; values?: { kind?: string; text?: string }; problems?: Record<string, string> } = {},
  ) {
    const target = await storyOf(request);
    if (!target) return reply.callNotFound();
    const { story, edition } = target;
    const notes = await corrections.listNotes(edition.code, story.code);
    return sendPage(reply, status, StoryNotesPage, presenter.notesPage(frameFor(ctx, request, reply, adminPaths.curation), edition, story, notes, options));
  }

  app.get<{ Params: StoryParams }>('/stories/:id/notes', requirePermission('story.edit.any'), async (request, reply) => {
    const kind = text(request, 'added');
    return showNotes(request, reply, 200, { notice: kind === 'correction' || kind === 'update' ? t.notes.added[kind] : undefined });
  });

  app.post<{ Params: StoryParams }>('/stories/:id/notes', requirePermission('story.edit.any'), async (request, reply) => {
    const target = await storyOf(request);
    if (!target) return reply.callNotFound();
    const { story, edition } = target;
    const form = formFields(request.body, ['kind', 'text']);
    try {
      const note = await corrections.addNote(actorOf(request), { editionCode: edition.code, code: story.code, kind: form.kind, text: form.text });
      return reply.redirect(withQuery(adminPaths.storyNotes(story.id), { added: note.kind }), 303);
    } catch (error) {
      if (!(error instanceof CorrectionError) || error.code === 'FORBIDDEN' || error.code === 'STORY_NOT_FOUND') throw error;
      const problems = { [error.field ?? 'text']: error.message };
      return showNotes(request, reply, error.status, { values: form, problems });
    }
  });
}

/** A story code from a form field; a malformed one is the form's fault, named by the field. */
function storyCode(value: string, field: string): number {
  if (!/^[1-9]\d{0,14}$/.test(value)) throw new CurationError('CURATION_INVALID', curationProblems.chooseStory, field);
  return Number(value);
}

function moveFields(body: unknown): { entry: string; direction: MoveDirection } {
  const { entry, direction } = formFields(body, ['entry', 'direction']);
  if (!isMoveDirection(direction)) throw new CurationError('CURATION_INVALID', curationProblems.moveDirection, 'direction');
  return { entry, direction };
}

/** Every `entry` of a whole-order post, in order: one value arrives as a string, several as an array. */
function orderField(body: unknown): string[] {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).entry : undefined;
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string');
}
