import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { taxonomyAdminStrings as t } from '../../config/taxonomy-admin-strings.ts';
import { personActor, type Actor } from '../../modules/accounts/account-types.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { readLinkLines } from '../../content/profile-links.ts';
import { TaxonomyError, type ManagedSection } from '../../modules/taxonomy/index.ts';
import { AdminMessagePage } from '../../views/admin/pages/admin-message-page.tsx';
import { SectionsPage } from '../../views/admin/pages/sections-page.tsx';
import { TaxonEditPage } from '../../views/admin/pages/taxon-edit-page.tsx';
import { TaxonListPage } from '../../views/admin/pages/taxon-list-page.tsx';
import { requirePermission } from './admin-access.ts';
import { frameFor, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import {
  authorEditPageView,
  authorsPageView,
  sectionEditPageView,
  sectionsPageView,
  tagEditPageView,
  tagsPageView,
  withEdition,
  type SentForm,
} from './taxonomy-presenter.ts';

interface IdParams {
  id: string;
}

const manage = requirePermission('taxonomy.manage');

/**
 * Sections, tags and authors (issue 15, §2): plain forms posted and answered with a redirect to the saved
 * thing, its notice worded from what is stored, never from the address. Every check lives in the service.
 */
export function registerTaxonomyRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { taxonomy, editions } = ctx.services;
  const actorOf = (request: FastifyRequest): Actor => personActor(signedInUser(request), adminStateOf(request).addressHash);
  const frame = (request: FastifyRequest, reply: FastifyReply) => frameFor(ctx, request, reply, adminPaths.sections);

  function notFound(request: FastifyRequest, reply: FastifyReply, text: string = t.notFound) {
    return sendPage(reply, 404, AdminMessagePage, ctx.presenter.messagePage(frameFor(ctx, request, reply), 'not-found', text));
  }

  /** The edition a list page is about: `?edition=`, or the site's first. */
  function editionOf(request: FastifyRequest): Edition | undefined {
    const code = queryOf(request).edition;
    const all = editions.list();
    return code === undefined ? all[0] : all.find((e) => e.code === code);
  }

  async function showSections(request: FastifyRequest, reply: FastifyReply, edition: Edition, status: number, options: Parameters<typeof sectionsPageView>[4] = {}, sections?: ManagedSection[]) {
    const view = sectionsPageView(frame(request, reply), edition, editions.list(), sections ?? (await taxonomy.listSections(edition.code)), options);
    return sendPage(reply, status, SectionsPage, view);
  }

  app.get('/sections', manage, async (request, reply) => {
    const edition = editionOf(request);
    if (!edition) return notFound(request, reply, t.unknownEdition);
    const query = queryOf(request);
    const movedId = Number(query.moved);
    const sections = await taxonomy.listSections(edition.code);
    const moved = sections.find((s) => s.id === movedId);
    const direction = query.direction === 'up' || query.direction === 'down' ? query.direction : undefined;
    return showSections(request, reply, edition, 200, { notice: moved ? t.sections.moved(moved.name) : undefined, movedId: moved?.id, movedDirection: direction }, sections);
  });

  app.post('/sections', manage, async (request, reply) => {
    const edition = editionOf(request);
    if (!edition) return notFound(request, reply, t.unknownEdition);
    const values = formValues(request.body);
    try {
      const section = await taxonomy.createSection(actorOf(request), edition.code, { name: values.name ?? '', slug: values.slug, description: values.description, isInNavigation: values.inNavigation === 'on' });
      return reply.redirect(`${adminPaths.section(section.id)}?notice=created`, 303);
    } catch (error) {
      // A field to fix shows on the form; the rest (no such thing, not allowed) gets the newsroom's pages.
      if (!(error instanceof TaxonomyError) || !error.field) throw error;
      return showSections(request, reply, edition, error.status, { sent: sentWith(values, error) });
    }
  });

  app.get<{ Params: IdParams }>('/sections/:id', manage, async (request, reply) => {
    const section = await taxonomy.getSection(Number(request.params.id)).catch(notFoundAs(undefined));
    if (!section) return notFound(request, reply);
    const notice = queryOf(request).notice;
    const text = notice === 'created' ? t.sections.created(section.name) : notice === 'saved' ? t.sections.saved(section.name) : undefined;
    return sendPage(reply, 200, TaxonEditPage, sectionEditPageView(frame(request, reply), section, { notice: text }));
  });

  app.post<{ Params: IdParams }>('/sections/:id', manage, async (request, reply) => {
    const id = Number(request.params.id);
    const section = await taxonomy.getSection(id).catch(notFoundAs(undefined));
    if (!section) return notFound(request, reply);
    const values = formValues(request.body);
    try {
      await taxonomy.updateSection(actorOf(request), id, { name: values.name ?? '', slug: values.slug, description: values.description, isInNavigation: values.inNavigation === 'on' });
      return reply.redirect(`${adminPaths.section(id)}?notice=saved`, 303);
    } catch (error) {
      // A field to fix shows on the form; the rest (no such thing, not allowed) gets the newsroom's pages.
      if (!(error instanceof TaxonomyError) || !error.field) throw error;
      return sendPage(reply, error.status, TaxonEditPage, sectionEditPageView(frame(request, reply), section, { sent: sentWith(values, error) }));
    }
  });

  app.post<{ Params: IdParams }>('/sections/:id/move', manage, async (request, reply) => {
    const id = Number(request.params.id);
    const section = await taxonomy.getSection(id).catch(notFoundAs(undefined));
    if (!section) return notFound(request, reply);
    const direction = formValues(request.body).direction;
    if (direction !== 'up' && direction !== 'down') return showSections(request, reply, editions.get(section.editionCode), 400);
    await taxonomy.moveSection(actorOf(request), id, direction);
    return reply.redirect(`${withEdition(adminPaths.sections, section.editionCode)}&moved=${id}&direction=${direction}#sections-caption`, 303);
  });

  app.get('/tags', manage, async (request, reply) => {
    const edition = editionOf(request);
    if (!edition) return notFound(request, reply, t.unknownEdition);
    const query = queryOf(request);
    const q = (query.q ?? '').slice(0, 200);
    const page = await taxonomy.listTags(edition.code, { query: q, page: pageOf(query.page) });
    return sendPage(reply, 200, TaxonListPage, tagsPageView(frame(request, reply), edition, editions.list(), page, q));
  });

  async function showTag(request: FastifyRequest, reply: FastifyReply, id: number, status: number, options: Parameters<typeof tagEditPageView>[2] = {}) {
    const tag = await taxonomy.getTag(id).catch(notFoundAs(undefined));
    if (!tag) return notFound(request, reply);
    return sendPage(reply, status, TaxonEditPage, tagEditPageView(frame(request, reply), tag, options));
  }

  app.get<{ Params: IdParams }>('/tags/:id', manage, async (request, reply) => {
    const tag = await taxonomy.getTag(Number(request.params.id)).catch(notFoundAs(undefined));
    if (!tag) return notFound(request, reply);
    const notice = queryOf(request).notice;
    const text = notice === 'saved' ? t.tags.saved(tag.name) : notice === 'merged' ? t.tags.merged(tag.name) : undefined;
    return sendPage(reply, 200, TaxonEditPage, tagEditPageView(frame(request, reply), tag, { notice: text }));
  });

  app.post<{ Params: IdParams }>('/tags/:id', manage, async (request, reply) => {
    const id = Number(request.params.id);
    const values = formValues(request.body);
    try {
      await taxonomy.updateTag(actorOf(request), id, { name: values.name ?? '', slug: values.slug, description: values.description });
      return reply.redirect(`${adminPaths.tag(id)}?notice=saved`, 303);
    } catch (error) {
      // A field to fix shows on the form; the rest (no such thing, not allowed) gets the newsroom's pages.
      if (!(error instanceof TaxonomyError) || !error.field) throw error;
      return showTag(request, reply, id, error.status, { sent: sentWith(values, error) });
    }
  });

  app.post<{ Params: IdParams }>('/tags/:id/merge', manage, async (request, reply) => {
    const id = Number(request.params.id);
    const tag = await taxonomy.getTag(id).catch(notFoundAs(undefined));
    if (!tag) return notFound(request, reply);
    const values = formValues(request.body);
    const into = await taxonomy.findTag(tag.editionCode, values.into ?? '');
    if (!into) return showTag(request, reply, id, 422, { mergeSent: { values, problems: { fields: { into: t.tags.unknownInto } } } });
    try {
      await taxonomy.mergeTag(actorOf(request), id, into.id);
      return reply.redirect(`${adminPaths.tag(into.id)}?notice=merged`, 303);
    } catch (error) {
      // A field to fix shows on the form; the rest (no such thing, not allowed) gets the newsroom's pages.
      if (!(error instanceof TaxonomyError) || !error.field) throw error;
      return showTag(request, reply, id, error.status, { mergeSent: sentWith(values, error) });
    }
  });

  app.get('/authors', manage, async (request, reply) => {
    const query = queryOf(request);
    const q = (query.q ?? '').slice(0, 200);
    const page = await taxonomy.listAuthors({ query: q, page: pageOf(query.page) });
    return sendPage(reply, 200, TaxonListPage, authorsPageView(frame(request, reply), page, q, editions.list()[0] ?? editions.get('en')));
  });

  app.get<{ Params: IdParams }>('/authors/:id', manage, async (request, reply) => {
    const author = await taxonomy.getAuthor(Number(request.params.id)).catch(notFoundAs(undefined));
    if (!author) return notFound(request, reply);
    const text = queryOf(request).notice === 'saved' ? t.authors.saved(author.name) : undefined;
    return sendPage(reply, 200, TaxonEditPage, authorEditPageView(frame(request, reply), author, editions.list()[0] ?? editions.get('en'), { notice: text }));
  });

  app.post<{ Params: IdParams }>('/authors/:id', manage, async (request, reply) => {
    const id = Number(request.params.id);
    const author = await taxonomy.getAuthor(id).catch(notFoundAs(undefined));
    if (!author) return notFound(request, reply);
    const values = formValues(request.body);
    const publicEdition = editions.list()[0] ?? editions.get('en');
    const showAgain = (sent: SentForm) => sendPage(reply, 422, TaxonEditPage, authorEditPageView(frame(request, reply), author, publicEdition, { sent }));
    const photo = (values.photo ?? '').trim();
    if (photo !== '' && !/^[1-9]\d{0,9}$/u.test(photo)) return showAgain({ values, problems: { fields: { photo: t.authors.badPhoto } } });
    try {
      await taxonomy.updateAuthor(actorOf(request), id, {
        name: values.name ?? '',
        slug: values.slug,
        bio: values.bio,
        photoMediaId: photo === '' ? null : Number(photo),
        links: readLinkLines(values.links ?? ''),
      });
      return reply.redirect(`${adminPaths.author(id)}?notice=saved`, 303);
    } catch (error) {
      // A field to fix shows on the form; the rest (no such thing, not allowed) gets the newsroom's pages.
      if (!(error instanceof TaxonomyError) || !error.field) throw error;
      return showAgain(sentWith(values, error));
    }
  });
}

/** A form's text fields; anything not a string was not sent by our forms and counts as absent. */
function formValues(body: unknown): Record<string, string> {
  const source = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  return formValues(request.query);
}

function pageOf(text: string | undefined): number {
  const n = Number(text ?? '1');
  return Number.isSafeInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** The problem at its field, in the words the service gave. */
function sentWith(values: Record<string, string>, error: TaxonomyError): SentForm {
  return { values, problems: { fields: { [error.field ?? 'name']: error.message } } };
}

function notFoundAs<T>(fallback: T) {
  return (error: unknown): T => {
    if (error instanceof TaxonomyError && error.code === 'TAXON_NOT_FOUND') return fallback;
    throw error;
  };
}

