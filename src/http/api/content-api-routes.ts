import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cacheKeys } from '../../modules/changes/index.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { dayRangeInZone } from '../../modules/editions/edition-time.ts';
import { readSearchParams } from '../../modules/search/read-search-params.ts';
import type { StoryListFilter } from '../../modules/stories/story-queries.ts';
import type { Services } from '../../services.ts';
import { sendKeptResponse } from '../cached-pages.ts';
import { isClientCopyCurrent } from '../conditional-get.ts';
import { problemOf, sendProblem, type Problem } from '../error-handling.ts';
import { SearchPresenter } from '../search-presenter.ts';
import { registerApiCallers } from './api-callers.ts';
import type { ApiRequestCounts } from './api-rate-limit.ts';
import { registerApiReference } from './openapi.ts';
import { ContentApiPresenter, decodeCursor, encodeCursor, pickFields, readFields } from './content-api-presenter.ts';
import {
  AuthorParams, Correction, EditionQuery, Problem as ProblemSchema, FieldsQuery, OptionalEditionQuery, Paged, PagedEditionQuery, problemResponses, PublicTaxon, SearchQuery, sharedSchemas,
  StoryDetail, StoryList, StoryListQuery, StoryParams, TaxonParams, storyDetailFieldNames, storyFieldNames, Edition as EditionSchema,
} from './content-api-schemas.ts';

export const CONTENT_API_PREFIX = '/api/v1';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the content API as registered: the OpenAPI test checks each is documented. */
    contentApiRoutes: ReadonlyArray<{ method: string; url: string }>;
  }
}

export interface ContentApiOptions {
  publicUrl: string;
  anonymousPerMinute: number;
  /** Each caller's requests this minute, shared with the newsroom's API (one limit per key). */
  requestCounts: ApiRequestCounts;
  /** The reader site's stylesheet: the reference page wears it. */
  stylesheetHref: string;
}

/** Browsers and shared caches may keep a copy but ask each time: a current copy costs a 304. */
const CACHE_POLICY = 'public, no-cache';
const JSON_TYPE = 'application/json; charset=utf-8';

/** A response made by a handler: its body and, when every reader may share it, the keys of what it shows; or a refusal. */
type Made =
  | {
      body: unknown;
      /** Omitted: made on every request (ETag and 304 still answer). */
      keys?: string[];
    }
  | { problem: Problem };

/**
 * The read-only content API (docs/decisions/019-content-api-and-keys.md): published stories and what readers
 * can see about them, never a draft, a scheduled, an embargoed or an unpublished story. Each route declares its
 * schemas; the OpenAPI document is made from them. Responses that every caller may share are kept in the
 * reader pages' cache and dropped by the same change events (docs/decisions/009).
 */
export async function registerContentApi(parent: FastifyInstance, services: Services, options: ContentApiOptions): Promise<void> {
  const routes: Array<{ method: string; url: string }> = [];
  parent.decorate('contentApiRoutes', routes);
  await parent.register(
    async (scope) => {
      scope.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
      });
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();
      for (const schema of sharedSchemas) app.addSchema(schema);
      await registerApiCallers(app, { apiKeys: services.apiKeys, publicUrl: options.publicUrl, anonymousPerMinute: options.anonymousPerMinute, requestCounts: options.requestCounts });
      registerApiErrors(app);
      registerContentRoutes(app, services, options);
      registerApiReference(app, options.stylesheetHref);
    },
    { prefix: CONTENT_API_PREFIX },
  );
}

function registerContentRoutes(app: FastifyInstance, services: Services, options: ContentApiOptions): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const { editions, storyQueries, corrections, search } = services;
  const presenter = new ContentApiPresenter(options.publicUrl);
  const searchPresenter = new SearchPresenter((path) => options.publicUrl + path);
  const security: Array<Record<string, string[]>> = [{ apiKey: [] }, {}];

  /** The edition a request names, or a 404 problem sent. */
  function editionOr404(code: string, reply: FastifyReply): Edition | undefined {
    const edition = editions.find(code);
    if (!edition) void sendProblem(reply, problemOf('EDITION_UNKNOWN', `there is no edition "${code.slice(0, 20)}": GET ${CONTENT_API_PREFIX}/editions lists them`));
    return edition;
  }

  typed.get(
    '/editions',
    { schema: { summary: 'Editions of the site', tags: ['content'], security, response: { 200: Type.Object({ items: Type.Array(Type.Ref(EditionSchema)) }), ...problemResponses } } },
    async (request, reply) => answer(request, reply, async () => ({ body: { items: editions.list().map((e) => presenter.edition(e)) }, keys: [cacheKeys.site] })),
  );

  typed.get(
    '/stories',
    {
      schema: {
        summary: 'Published stories of an edition, newest first',
        description: 'Cursor paging: pass nextCursor as cursor. A story published between two requests never shifts the next page.',
        tags: ['content'],
        security,
        querystring: StoryListQuery,
        response: { 200: Type.Ref(StoryList), ...problemResponses, 404: Type.Ref(ProblemSchema) },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const edition = editionOr404(query.edition, reply);
      if (!edition) return reply;
      const { fields, unknown } = readFields(query.fields, storyFieldNames);
      if (unknown !== undefined) return parameterProblem(reply, 'fields', `fields: stories have no field "${unknown.slice(0, 40)}"`);
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && !after) return parameterProblem(reply, 'cursor', 'cursor: pass the nextCursor of a previous page, unchanged');
      const filter: StoryListFilter = { sectionSlug: query.section, tagSlug: query.tag, authorSlug: query.author };
      if (query.from !== undefined || query.to !== undefined) {
        const start = query.from === undefined ? undefined : dayRangeInZone(query.from, edition.timeZone)?.start;
        const end = query.to === undefined ? undefined : dayRangeInZone(query.to, edition.timeZone)?.end;
        if (start !== undefined && end !== undefined && start >= end) return parameterProblem(reply, 'to', 'to: the last day comes before from');
        filter.publishedBetween = { start: start ?? '0000', end: end ?? '9999' };
      }
      return answer(request, reply, async () => {
        const stories = await storyQueries.listForSyndication(edition.code, filter, query.limit + 1, after);
        const page = stories.slice(0, query.limit);
        const last = page.at(-1);
        const nextCursor = stories.length > query.limit && last ? encodeCursor({ publishedAt: last.publishedAt, code: last.code }) : null;
        if (nextCursor) reply.header('link', `<${nextPageUrl(request, nextCursor)}>; rel="next"`);
        const e = edition.code;
        const listKey = query.section !== undefined ? cacheKeys.section(e, query.section) : query.tag !== undefined ? cacheKeys.tag(e, query.tag) : query.author !== undefined ? cacheKeys.author(e, query.author) : cacheKeys.latest(e);
        return {
          body: { items: page.map((story) => pickFields(presenter.story(story), fields)), nextCursor },
          // A date range is not kept: stories moving into it by a change of date name no key it could carry.
          keys: filter.publishedBetween ? undefined : [cacheKeys.edition(e), cacheKeys.latest(e), listKey, ...page.map((s) => cacheKeys.story(e, s.code))],
        };
      });
    },
  );

  typed.get(
    '/stories/:edition/:code',
    {
      schema: {
        summary: 'One published story, whole',
        tags: ['content'],
        security,
        params: StoryParams,
        querystring: FieldsQuery,
        response: { 200: Type.Ref(StoryDetail), ...problemResponses, 404: Type.Ref(ProblemSchema) },
      },
    },
    async (request, reply) => {
      const edition = editionOr404(request.params.edition, reply);
      if (!edition) return reply;
      const { fields, unknown } = readFields(request.query.fields, storyDetailFieldNames);
      if (unknown !== undefined) return parameterProblem(reply, 'fields', `fields: a story has no field "${unknown.slice(0, 40)}"`);
      const story = await storyQueries.findPublished(edition.code, request.params.code);
      if (!story) return sendProblem(reply, problemOf('STORY_NOT_FOUND', `edition ${edition.code} has no published story ${request.params.code}`));
      return answer(request, reply, async () => ({
        body: pickFields(presenter.storyDetail(story), fields),
        keys: [cacheKeys.story(edition.code, story.code), cacheKeys.storyPage(edition.code, story.code), cacheKeys.storyUpdated(edition.code, story.code)],
      }));
    },
  );

  /**
   * Sections, tags and bylines that have published stories, with their counts. Kept under the keys of what they
   * show: each item's name and address (`section`/`tag`/`author` of its slug, which a rename or merge records),
   * the edition's section order (`edition:`), and the counts (`counts:`, recorded when a story readers see
   * enters or leaves a section, tag or byline). Bylines belong to no edition: without one, every edition's keys.
   */
  function taxaAnswer(kind: 'section' | 'tag' | 'author', editionCode: string | undefined, slug?: string): () => Promise<Made> {
    const editionCodes = editionCode !== undefined ? [editionCode] : editions.list().map((e) => e.code);
    const keyOf = { section: cacheKeys.section, tag: cacheKeys.tag, author: cacheKeys.author }[kind];
    return async () => {
      const taxa = (await storyQueries.listPublicTaxa(kind, editionCode)).map(({ links, ...taxon }) => (kind === 'author' ? { ...taxon, links } : taxon));
      const shown = slug === undefined ? taxa : taxa.filter((taxon) => taxon.slug === slug);
      const keys = editionCodes.flatMap((e) => [cacheKeys.edition(e), cacheKeys.taxonCounts(e), ...(slug === undefined ? shown : [{ slug }]).map((taxon) => keyOf(e, taxon.slug))]);
      if (slug === undefined) return { body: { items: shown }, keys };
      const [one] = shown;
      if (!one) return { problem: problemOf('TAXON_NOT_FOUND', `there is no ${kind === 'author' ? 'byline' : kind} "${slug.slice(0, 60)}" with published stories${editionCode === undefined ? '' : ` in edition ${editionCode}`}`) };
      return { body: one, keys };
    };
  }

  for (const kind of ['section', 'tag'] as const) {
    const plural = kind === 'section' ? 'Sections' : 'Tags';
    typed.get(
      `/${kind}s`,
      { schema: { summary: `${plural} of an edition that have published stories`, tags: ['content'], security, querystring: EditionQuery, response: { 200: Type.Object({ items: Type.Array(Type.Ref(PublicTaxon)) }), ...problemResponses } } },
      async (request, reply) => {
        const edition = editionOr404(request.query.edition, reply);
        if (!edition) return reply;
        return answer(request, reply, taxaAnswer(kind, edition.code));
      },
    );
    typed.get(
      `/${kind}s/:edition/:slug`,
      { schema: { summary: `One of the ${plural.toLowerCase()} of an edition, while it has published stories`, tags: ['content'], security, params: TaxonParams, response: { 200: Type.Ref(PublicTaxon), ...problemResponses, 404: Type.Ref(ProblemSchema) } } },
      async (request, reply) => {
        const edition = editionOr404(request.params.edition, reply);
        if (!edition) return reply;
        return answer(request, reply, taxaAnswer(kind, edition.code, request.params.slug));
      },
    );
  }

  typed.get(
    '/authors',
    { schema: { summary: 'Bylines with published stories (in one edition, when given)', tags: ['content'], security, querystring: OptionalEditionQuery, response: { 200: Type.Object({ items: Type.Array(Type.Ref(PublicTaxon)) }), ...problemResponses } } },
    async (request, reply) => {
      const code = request.query.edition;
      if (code !== undefined && !editionOr404(code, reply)) return reply;
      return answer(request, reply, taxaAnswer('author', code));
    },
  );

  typed.get(
    '/authors/:slug',
    { schema: { summary: 'One byline with published stories (counted in one edition, when given)', tags: ['content'], security, params: AuthorParams, querystring: OptionalEditionQuery, response: { 200: Type.Ref(PublicTaxon), ...problemResponses, 404: Type.Ref(ProblemSchema) } } },
    async (request, reply) => {
      const code = request.query.edition;
      if (code !== undefined && !editionOr404(code, reply)) return reply;
      return answer(request, reply, taxaAnswer('author', code, request.params.slug));
    },
  );

  typed.get(
    '/corrections',
    { schema: { summary: 'Corrections of an edition’s published stories, newest first', tags: ['content'], security, querystring: PagedEditionQuery, response: { 200: Paged(Type.Ref(Correction)), ...problemResponses } } },
    async (request, reply) => {
      const edition = editionOr404(request.query.edition, reply);
      if (!edition) return reply;
      return answer(request, reply, async () => {
        const page = await corrections.listCorrections(edition.code, request.query.page);
        return {
          body: { items: page.items.map((entry) => presenter.correction(edition.code, entry)), page: page.page, pageCount: page.pageCount, total: page.total },
          keys: [cacheKeys.corrections(edition.code)],
        };
      });
    },
  );

  typed.get(
    '/search',
    { schema: { summary: 'Full-text search of an edition’s published stories', tags: ['content'], security, querystring: SearchQuery, response: { 200: Type.Object({}, { additionalProperties: true }), ...problemResponses } } },
    async (request, reply) => {
      const { edition: code, ...rest } = request.query;
      const edition = editionOr404(code, reply);
      if (!edition) return reply;
      const { params, problems } = readSearchParams({ ...rest, page: String(rest.page) });
      const outcome = problems.length > 0 ? ({ kind: 'invalid', params, problems } as const) : await search.search(edition, params);
      if (outcome.kind === 'invalid') {
        const first = outcome.problems[0];
        const errors = outcome.problems.map((p) => ({ field: p.parameter, detail: p.detail }));
        return sendProblem(reply, problemOf('PARAMETER_INVALID', errors.map((e) => e.detail).join('; '), { field: first?.parameter, errors }));
      }
      // Kept until a story of the edition changes (the index is rewritten in the same transaction, and records
      // `search:`), a story shown changes (a picture's credit, a byline renamed), or the section, tag or byline it
      // filters by is renamed, merged or re-addressed: a search is exact, not briefly stale.
      const filterKeys = [
        ...(params.sectionSlug === undefined ? [] : [cacheKeys.section(edition.code, params.sectionSlug)]),
        ...(params.tagSlug === undefined ? [] : [cacheKeys.tag(edition.code, params.tagSlug)]),
        ...(params.authorSlug === undefined ? [] : [cacheKeys.author(edition.code, params.authorSlug)]),
      ];
      const hits = outcome.kind === 'results' ? outcome.hits : [];
      return answer(request, reply, async () => ({
        body: searchPresenter.json(edition, outcome),
        keys: [cacheKeys.search(edition.code), cacheKeys.edition(edition.code), ...filterKeys, ...hits.map((hit) => cacheKeys.story(edition.code, hit.code))],
      }));
    },
  );

  /**
   * Sends what `make` makes, kept for every caller when it names keys; a kept copy is answered without making
   * it again, and a client holding the current copy gets 304.
   */
  async function answer(request: FastifyRequest, reply: FastifyReply, make: () => Promise<Made>) {
    const cache = app.pageCache;
    const cacheUrl = `api ${request.url}`;
    reply.header('cache-control', CACHE_POLICY);
    const kept = cache.find(cacheUrl);
    if (kept) return sendKeptResponse(request, reply, kept);
    const made = await make();
    if ('problem' in made) return sendProblem(reply, made.problem);
    const body = Buffer.from(JSON.stringify(made.body));
    if (made.keys) {
      const page = await cache.store(cacheUrl, request.pageTicket, { status: 200, headers: { 'content-type': JSON_TYPE, 'cache-control': CACHE_POLICY }, body, keys: [...new Set(made.keys)] });
      return sendKeptResponse(request, reply, page);
    }
    const fingerprint = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    if (isClientCopyCurrent(request, reply, { fingerprint, lastChangeAt: '' })) return reply.code(304).send();
    return reply.header('content-type', JSON_TYPE).send(body);
  }
}

/** The same request with the next page's cursor. */
function nextPageUrl(request: FastifyRequest, cursor: string): string {
  const url = new URL(request.url, 'http://api.invalid');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}

function parameterProblem(reply: FastifyReply, parameter: string, detail: string) {
  return sendProblem(reply, problemOf('PARAMETER_INVALID', detail, { field: parameter }));
}

/**
 * Refuses a parameter no schema names. What Fastify refuses itself (a parameter against its schema, a caller past
 * its limit) is answered as problem details by the site's one error handling (src/http/error-handling.ts).
 */
function registerApiErrors(app: FastifyInstance): void {
  // A parameter the route does not know is refused, not ignored: `?sectoin=` must not list every story.
  app.addHook('preValidation', async (request, reply) => {
    if (request.method === 'OPTIONS') return;
    const schema = request.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined;
    const known = Object.keys(schema?.properties ?? {});
    const unknown = Object.keys((request.query ?? {}) as Record<string, unknown>).find((name) => !known.includes(name));
    if (unknown !== undefined) return parameterProblem(reply, unknown, `${unknown.slice(0, 40)}: not a parameter of this operation (it takes ${known.join(', ') || 'none'})`);
  });
}
