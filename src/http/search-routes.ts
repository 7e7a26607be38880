import type { FastifyInstance, FastifyReply } from 'fastify';
import { h } from 'preact';
import type { Edition } from '../modules/editions/edition-service.ts';
import { readSearchParams } from '../modules/search/read-search-params.ts';
import type { SearchOutcome } from '../modules/search/search-types.ts';
import type { Services } from '../services.ts';
import { SearchPage } from '../views/pages/search-page.tsx';
import { renderPage } from '../views/render-page.ts';
import { problemOf, sendProblem } from './error-handling.ts';
import { SearchPresenter } from './search-presenter.ts';
import type { SitePresenter } from './site-presenter.ts';

/**
 * Results change with every publish, and an unpublished story must leave them quickly: shared caches may
 * keep a result page half a minute, no longer.
 */
const SEARCH_CACHE = 'public, max-age=30';

interface EditionParams {
  edition: string;
}

/**
 * `/{edition}/search` (the page) and `/api/{edition}/search` (JSON). Both read the same parameters —
 * q, section, tag, author, from, to (YYYY-MM-DD, edition's calendar), sort (relevance|date), page — and call
 * the same service. Bad parameters: a 400 page saying what to fix, or a 400 problem naming the parameter.
 */
export async function registerSearchRoutes(app: FastifyInstance, services: Services, presenter: SitePresenter): Promise<void> {
  const { editions, storyQueries, search } = services;
  const searchPresenter = new SearchPresenter((path) => presenter.absolute(path));

  async function sendPage(reply: FastifyReply, edition: Edition, outcome: SearchOutcome) {
    const sections = await storyQueries.listSections(edition.code);
    const frame = presenter.frame(edition, editions.list(), sections);
    const view = searchPresenter.page(frame, edition, outcome, sections);
    const status = outcome.kind === 'invalid' ? 400 : 200;
    return reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', status === 200 ? SEARCH_CACHE : 'no-store')
      .send(renderPage(h(SearchPage, { view })));
  }

  app.get<{ Params: EditionParams; Querystring: Record<string, unknown> }>('/:edition/search', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const { params, problems } = readSearchParams(request.query);
    if (problems.length > 0) return sendPage(reply, edition, { kind: 'invalid', params, problems });
    return sendPage(reply, edition, await search.search(edition, params));
  });

  app.get<{ Params: EditionParams; Querystring: Record<string, unknown> }>('/api/:edition/search', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return sendProblem(reply, problemOf('EDITION_UNKNOWN', `there is no edition "${request.params.edition}"`));
    const { params, problems } = readSearchParams(request.query);
    const outcome = problems.length > 0 ? ({ kind: 'invalid', params, problems } as const) : await search.search(edition, params);
    if (outcome.kind === 'invalid') {
      const errors = outcome.problems.map((p) => ({ field: p.parameter, detail: p.detail }));
      return sendProblem(reply, problemOf('SEARCH_PARAMETER_INVALID', errors.map((e) => e.detail).join('; '), { errors }));
    }
    return reply.code(200).header('cache-control', SEARCH_CACHE).send(searchPresenter.json(edition, outcome));
  });
}
