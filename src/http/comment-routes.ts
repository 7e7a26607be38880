import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { CommentOutcome } from '../config/ui-strings.ts';
import { CommentError } from '../modules/comments/index.ts';
import type { Edition } from '../modules/editions/edition-service.ts';
import type { Services } from '../services.ts';
import { CommentNotSentPage } from '../views/pages/comment-not-sent-page.tsx';
import { renderPage } from '../views/render-page.ts';
import type { IslandScript } from './admin/admin-assets.ts';
import { isUnavailable, problemOf, sendProblem, wantsJson } from './error-handling.ts';
import { sitePaths } from './site-paths.ts';
import type { SitePresenter } from './site-presenter.ts';
import type { StoryPageRenderer } from './site-routes.ts';

/** Far more than the longest comment (3,000 characters, up to 4 bytes each) with its fields; a 1 MB body is refused unread. */
const COMMENT_BODY_LIMIT = 32 * 1024;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Where readers load the comment form's script: beside the site's other assets, not under /admin. */
export function commentIslandHref(island: IslandScript): string {
  return island.href.replace('/admin/assets/', '/assets/');
}

/**
 * Posting a comment: `POST /{edition}/news/{code}/comments`. An accepted form POST answers with a 303 back
 * to the story, the outcome in `?comment=` (story pages are cached and shared, so the message must live in
 * the URL, not in a cookie or the cached page). A refused one answers with the story page itself, its
 * status 400/403/409/429, `no-store`, the form holding what the reader typed and the reason beside it: a
 * redirect would lose the text, and keeping it anywhere on the server for a stranger is out of the
 * question. `Accept: application/json` (the island) gets JSON, with problem JSON for refusals.
 *
 * A post the database cannot take now (stalled, unreachable, its write lock held elsewhere) is refused with
 * 503 and `Retry-After`, losing nothing: the island keeps the text in its form and shows the reason; a form
 * post gets a page made without the database, the form again holding what the reader typed, to send again.
 */
export async function registerCommentRoutes(
  app: FastifyInstance,
  services: Services,
  island: IslandScript,
  renderStory: StoryPageRenderer,
  presenter: SitePresenter,
): Promise<void> {
  const { editions, comments, siteKeys } = services;
  await app.register(fastifyFormbody);

  app.get(commentIslandHref(island), async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', IMMUTABLE).send(island.js),
  );

  // A fresh form token for the island, taken when the reader starts writing: the page holding the form is
  // kept and shared, so its own token was made when the page was, perhaps an hour ago.
  app.get<{ Params: { edition: string; code: string } }>('/:edition/news/:code/comment-form', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition || !/^[1-9]\d{0,14}$/.test(request.params.code)) return reply.callNotFound();
    const code = Number(request.params.code);
    if (!(await comments.settingsFor(edition.code, code))) return reply.callNotFound();
    return reply.header('cache-control', 'no-store').send({ token: comments.formToken(edition.code, code) });
  });

  app.post<{ Params: { edition: string; code: string } }>('/:edition/news/:code/comments', { bodyLimit: COMMENT_BODY_LIMIT }, async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition || !/^[1-9]\d{0,14}$/.test(request.params.code)) return reply.callNotFound();
    const code = Number(request.params.code);
    const fields = formFields(request.body);
    try {
      return await postComment(request, reply, edition, code, fields);
    } catch (error) {
      // A post from another site is not a reader's text to give back with a working form.
      if (!isUnavailable(error) || isCrossSite(request)) throw error;
      request.log.warn({ err: error }, 'comment not sent: database unavailable');
      const reason = edition.strings.commenting.notSent.reason;
      reply.header('retry-after', String(error.retryAfterSeconds ?? 5));
      if (wantsJson(request)) return sendProblem(reply, problemOf(error.code, reason));
      const draft = { name: fields.name ?? '', email: fields.email ?? '', body: fields.body ?? '', parentId: /^[1-9]\d{0,14}$/.test(fields.parent ?? '') ? Number(fields.parent) : undefined };
      const token = comments.formTokenToSendAgain(edition.code, code, fields._csrf ?? '');
      const view = presenter.commentNotSentPage(presenter.frame(edition, editions.list(), []), edition, code, draft, token, commentIslandHref(island));
      // It holds what one reader typed: no cache may keep it.
      return reply.code(503).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPage(h(CommentNotSentPage, { view })));
    }
  });

  /** The post itself: accepted, or refused with the reason beside what the reader typed. */
  async function postComment(request: FastifyRequest, reply: FastifyReply, edition: Edition, code: number, fields: CommentFields) {
    const parentText = fields.parent ?? '';
    const isJson = wantsJson(request);
    const story = await services.storyQueries.findPublished(edition.code, code);
    if (!story) return reply.callNotFound();
    const back = (outcome: CommentOutcome, anchor: string) =>
      reply.header('cache-control', 'no-store').redirect(`${sitePaths.story(edition.code, code, story.slug)}?comment=${outcome}${anchor}`, 303);

    try {
      // The form's token is on a shared page anyone can read, so it alone cannot tell our page from another
      // site's copy of it: the browser's word on where the post comes from can.
      if (isCrossSite(request)) throw new CommentError('FORM_EXPIRED', 'This form was sent from another site.');
      if (parentText !== '' && !/^[1-9]\d{0,14}$/.test(parentText)) throw new CommentError('COMMENT_INVALID', 'The comment you are replying to is not there.', 'parent');
      const posted = await comments.post({
        editionCode: edition.code,
        storyCode: code,
        parentId: parentText === '' ? undefined : Number(parentText),
        name: fields.name ?? '',
        email: fields.email ?? '',
        body: fields.body ?? '',
        honeypot: fields.website ?? '',
        formToken: fields._csrf ?? (typeof request.headers['x-csrf-token'] === 'string' ? request.headers['x-csrf-token'] : ''),
        addressHash: siteKeys.hash('address', request.ip),
      });
      const outcome: CommentOutcome = posted.status === 'approved' ? 'published' : 'pending';
      if (isJson) {
        return reply
          .code(201)
          .header('cache-control', 'no-store')
          .send({ id: posted.id, status: posted.status, message: edition.strings.commenting.outcomes[outcome] });
      }
      return back(outcome, posted.status === 'approved' ? `#comment-${posted.id}` : '#comments');
    } catch (error) {
      if (!(error instanceof CommentError)) throw error;
      if (error.code === 'STORY_NOT_FOUND') return reply.callNotFound();
      const outcome = outcomeOf(error);
      if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
      if (isJson) return sendProblem(reply, problemOf(error.code, edition.strings.commenting.outcomes[outcome], { field: error.field }));
      const page = await renderStory(edition, story, {
        commentPage: 1,
        order: 'newest',
        draft: {
          name: fields.name ?? '',
          email: fields.email ?? '',
          body: fields.body ?? '',
          parentId: /^[1-9]\d{0,14}$/.test(parentText) ? Number(parentText) : undefined,
          outcome,
          field: error.field === 'name' || error.field === 'email' || error.field === 'body' ? error.field : undefined,
        },
      });
      if (page === undefined) return reply.callNotFound();
      // The page holds what one reader typed: no cache may keep it or hand it to anyone else.
      return reply.code(error.status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page.html);
    }
  }
}

type CommentFields = Partial<Record<'name' | 'email' | 'body' | 'website' | 'parent' | '_csrf', string>>;

/** Form fields as strings; anything else (arrays, objects from a JSON body) counts as absent. */
function formFields(body: unknown): CommentFields {
  if (body === null || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  const pick = (key: string) => (typeof record[key] === 'string' ? record[key] : undefined);
  return { name: pick('name'), email: pick('email'), body: pick('body'), website: pick('website'), parent: pick('parent'), _csrf: pick('_csrf') };
}

/** `Sec-Fetch-Site` where the browser sends it, else `Origin` against the address the request was made to. */
function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

function outcomeOf(error: CommentError): CommentOutcome {
  switch (error.code) {
    case 'COMMENTS_CLOSED':
      return 'closed';
    case 'FORM_EXPIRED':
      return 'expired';
    case 'TOO_FAST':
      return 'too-fast';
    case 'RATE_LIMITED':
      return 'rate-limited';
    case 'COMMENT_INVALID':
      return error.field === 'name' ? 'name' : error.field === 'email' ? 'email' : error.field === 'parent' ? 'parent' : 'empty';
    case 'COMMENT_TOO_LONG':
      return 'too-long';
    case 'DUPLICATE':
      return 'duplicate';
    case 'TOO_MANY_LINKS':
      return 'links';
    case 'COMMENT_REFUSED':
    case 'BANNED':
    case 'STORY_NOT_FOUND':
    case 'COMMENT_NOT_FOUND':
    case 'SECTION_NOT_FOUND':
    case 'BAN_NOT_FOUND':
    case 'WORD_NOT_FOUND':
    case 'SETTINGS_INVALID':
    case 'FORBIDDEN':
      return 'refused';
  }
}

