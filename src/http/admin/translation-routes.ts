import type { FastifyInstance } from 'fastify';
import { storyAdminStrings as t } from '../../config/story-admin-strings.ts';
import { personActor } from '../../modules/accounts/account-types.ts';
import { hasGrant } from '../../modules/accounts/permissions.ts';
import { TranslationsPage } from '../../views/admin/pages/translations-page.tsx';
import { requirePermission } from './admin-access.ts';
import { frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { translationsPageView } from './translation-presenter.ts';

/**
 * The translations view (docs/decisions/022): for a pair of editions chosen in the address (`?from=en&to=fa`),
 * the stories published in the first that the second lacks or has out of date, each with a link to open it or a
 * button to translate it. Without a pair, the first two editions are compared. Paged as the story list is
 * (`&page=2`); a page past the last is not found.
 */
export function registerTranslationRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { storyWorkflow: workflow, editions } = ctx.services;

  app.get('/translations', requirePermission('story.edit.any'), async (request, reply) => {
    const user = signedInUser(request);
    const query = request.query as Record<string, unknown>;
    const all = editions.list();
    const named = (value: unknown) => (typeof value === 'string' ? editions.find(value) : undefined);
    const from = named(query.from) ?? all[0];
    const to = named(query.to) ?? all.find((e) => e.code !== from?.code);
    const isAsked = query.from !== undefined || query.to !== undefined;
    const isUnknown = (query.from !== undefined && !named(query.from)) || (query.to !== undefined && !named(query.to));
    const frame = frameFor(ctx, request, reply, adminPaths.translations);
    const options = { mayTranslate: hasGrant(user.role, 'story.create') };
    const page = typeof query.page === 'string' ? idParam(query.page) : 1;
    if (page === undefined) return reply.callNotFound();
    if (!from || !to || from.code === to.code || isUnknown) {
      const problem = isAsked ? t.translations.sameEdition : undefined;
      return sendPage(reply, isAsked ? 400 : 200, TranslationsPage, translationsPageView(frame, all, from && to ? { from, to } : undefined, { items: [], page: 1, pageCount: 1, total: 0 }, { ...options, problem }));
    }
    const gaps = await workflow.listTranslationGaps(from.code, to.code, personActor(user, adminStateOf(request).addressHash), page);
    if (gaps.page > gaps.pageCount) return reply.callNotFound();
    return sendPage(reply, 200, TranslationsPage, translationsPageView(frame, all, { from, to }, gaps, options));
  });
}
