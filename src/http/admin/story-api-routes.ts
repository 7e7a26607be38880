import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { storyAdminStrings as t } from '../../config/story-admin-strings.ts';
import { DatelineError } from '../../errors/dateline-error.ts';
import { personActor } from '../../modules/accounts/account-types.ts';
import { StoryConflictError, StoryWorkflowError, type TransitionResult } from '../../modules/newsroom/index.ts';
import { problemOf, sendProblem } from '../error-handling.ts';
import { requirePermission } from './admin-access.ts';
import { ProblemBody } from './admin-api-schemas.ts';
import { idParam, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { newsroomClock } from './newsroom-time.ts';
import { readStoryForm, sentFields, storyFormFields, type SentBody, type StoryFormValues } from './story-form.ts';

const DRAFT_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * The editor's autosave: `PUT /api/admin/stories/:id/draft` with
 * `{ expectedRevision, fields: { headline, teaser, … as the form names them }, body: <Tiptap JSON> }` and the
 * CSRF token in `x-csrf-token`. 200 `{ revision, savedAt, savedAtText, status }`; 409 `STORY_CONFLICT` names
 * who saved the newer version and when (`current`); 409 `STORY_IS_LIVE` for a live story (saved only by
 * pressing Save); 422 with `field` for a field to fix.
 */
export function registerStoryApiRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { storyWorkflow: workflow, editions } = ctx.services;

  /**
   * The first autosave of a story not created yet: `POST /api/admin/stories` with `{ fields, body }` (the
   * edition in `fields.editionCode`) makes the draft and answers 201 with where to save it from then on,
   * so a new story is not lost to a closed tab before anyone pressed "Create draft".
   */
  app.post('/stories', { ...requirePermission('story.create'), bodyLimit: DRAFT_BODY_LIMIT }, async (request, reply) => {
    const read = readPayload(request.body, false);
    if (typeof read === 'string') throw new DatelineError('BAD_REQUEST', read);
    const edition = editions.find(read.values.editionCode);
    if (!edition) return unprocessable(reply, 'editionCode', t.problems.chooseEdition);
    const actor = personActor(signedInUser(request), adminStateOf(request).addressHash);
    const { changes, problems } = readStoryForm(read.values, bodyOf(read.body), edition, []);
    const [field, problem] = Object.entries(problems)[0] ?? [];
    if (field !== undefined && problem !== undefined) return unprocessable(reply, field, problem);
    const story = await workflow.createDraft({ ...changes, editionCode: edition.code, headline: read.values.headline }, actor);
    return reply.code(201).send({
      id: story.id,
      revision: story.revision,
      savedAt: story.lastSaved.at,
      savedAtText: newsroomClock(story.lastSaved.at, edition),
      status: story.status,
      editUrl: adminPaths.story(story.id),
      autosaveUrl: adminPaths.apiStoryDraft(story.id),
      previewUrl: adminPaths.storyPreview(story.id),
    });
  });

  app.put<{ Params: { id: string } }>('/stories/:id/draft', { ...requirePermission('story.edit.own'), bodyLimit: DRAFT_BODY_LIMIT }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) throw new StoryWorkflowError('STORY_NOT_FOUND', t.problems.noSuchStory);
    const read = readPayload(request.body, true);
    if (typeof read === 'string') throw new DatelineError('BAD_REQUEST', read);
    const { values, sent, body, expectedRevision } = read;
    const actor = personActor(signedInUser(request), adminStateOf(request).addressHash);
    try {
      const story = await workflow.getForEditing(id, actor);
      const edition = editions.get(story.editionCode);
      const { changes, problems } = readStoryForm(values, bodyOf(body), edition, story.body, sent);
      const [field, problem] = Object.entries(problems)[0] ?? [];
      if (field !== undefined && problem !== undefined) return unprocessable(reply, field, problem);
      const saved = await workflow.update(id, changes, expectedRevision, actor, { isAutosave: true });
      return reply.send({
        revision: saved.revision,
        savedAt: saved.lastSaved.at,
        savedAtText: newsroomClock(saved.lastSaved.at, edition),
        status: saved.status,
      });
    } catch (error) {
      if (!(error instanceof StoryConflictError)) throw error;
      // The editor offers to compare with, or replace, the newer version: the problem names it, in the edition's time.
      const story = await workflow.getForEditing(id, actor);
      const edition = editions.get(story.editionCode);
      const current = {
        revision: error.current.revision,
        savedAt: error.current.savedAt,
        savedAtText: newsroomClock(error.current.savedAt, edition),
        savedBy: error.current.savedBy?.displayName ?? null,
      };
      return sendProblem(reply, problemOf(error.code, error.message, { extensions: { current } }));
    }
  });
}

const StoryIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const TransitionBody = Type.Object({
  outcome: Type.String({ description: 'What happened: published, scheduled, held-by-embargo, …' }),
  status: Type.String({ description: 'The story’s status now' }),
  scheduledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/**
 * Staff automation's steps (docs/decisions/019-content-api-and-keys.md): publish now, or schedule for an
 * instant, with a session and its CSRF token or with an admin key. The workflow checks the person's rights
 * on the story as it does for the newsroom's buttons; refusals are problem JSON with the workflow's codes.
 */
export function registerStoryStepApiRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const { storyWorkflow: workflow } = ctx.services;
  const responses = { 200: TransitionBody, 401: ProblemBody, 403: ProblemBody, 404: ProblemBody, 409: ProblemBody, 422: ProblemBody };
  const security = [{ apiKey: [] }];

  // Refusals (the workflow's DatelineErrors, with `field` when an input is to blame) are answered by the one error handler.
  async function step(request: FastifyRequest, reply: FastifyReply, id: number, run: () => Promise<TransitionResult>) {
    const result = await run();
    const story = await workflow.getForEditing(id, personActor(signedInUser(request), adminStateOf(request).addressHash));
    return reply.send({ outcome: result.outcome, status: story.status, scheduledAt: story.scheduledAt });
  }

  typed.post(
    '/stories/:id/publish',
    { ...requirePermission('story.publish.own'), schema: { summary: 'Publish a story now (before its embargo: scheduled for it)', tags: ['admin'], security, params: StoryIdParams, response: responses } },
    async (request, reply) => step(request, reply, request.params.id, () => workflow.publish(request.params.id, personActor(signedInUser(request), adminStateOf(request).addressHash))),
  );

  typed.post(
    '/stories/:id/schedule',
    {
      ...requirePermission('story.schedule'),
      schema: {
        summary: 'Schedule a story for an instant (or its embargo, when later)',
        tags: ['admin'],
        security,
        params: StoryIdParams,
        body: Type.Object({ at: Type.String({ format: 'date-time', description: 'ISO 8601 instant with its offset' }) }, { additionalProperties: false }),
        response: responses,
      },
    },
    async (request, reply) => {
      const at = new Date(request.body.at);
      return step(request, reply, request.params.id, () => workflow.schedule(request.params.id, at.toISOString(), personActor(signedInUser(request), adminStateOf(request).addressHash)));
    },
  );
}

/** No body in the JSON leaves the story's body as it is. */
function bodyOf(body: unknown): SentBody {
  return body === null ? { kind: 'none' } : { kind: 'tiptap', doc: body };
}

/** The autosave JSON `{ expectedRevision?, fields, body }`, or what is wrong with it. */
function readPayload(payload: unknown, needsRevision: boolean): { values: StoryFormValues; sent: Set<string>; body: unknown; expectedRevision: number } | string {
  if (payload === null || typeof payload !== 'object') return 'send JSON: { expectedRevision, fields, body }';
  const { expectedRevision, fields, body } = payload as Record<string, unknown>;
  if (needsRevision && (typeof expectedRevision !== 'number' || !Number.isSafeInteger(expectedRevision) || expectedRevision < 0)) {
    return 'expectedRevision: the version the changes were made to, a whole number';
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return 'fields: the form’s fields by name';
  const source = fields as Record<string, unknown>;
  const values = Object.fromEntries(storyFormFields.map((name) => [name, typeof source[name] === 'string' ? source[name] : ''])) as StoryFormValues;
  return { values, sent: sentFields(source), body: body ?? null, expectedRevision: typeof expectedRevision === 'number' ? expectedRevision : 0 };
}

/** 422 problem JSON naming the field to fix, so the editor can say which. */
function unprocessable(reply: FastifyReply, field: string, detail: string) {
  return sendProblem(reply, problemOf('STORY_INVALID', detail, { field }));
}
