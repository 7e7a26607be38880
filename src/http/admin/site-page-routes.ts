import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminStrings } from '../../config/admin-strings.ts';
import { pageAdminStrings as t } from '../../config/page-admin-strings.ts';
import { readLinkLines } from '../../content/profile-links.ts';
import { personActor, type Actor } from '../../modules/accounts/account-types.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { SitePageError, type SitePage } from '../../modules/site-pages/index.ts';
import { AdminMessagePage } from '../../views/admin/pages/admin-message-page.tsx';
import { FormPage } from '../../views/admin/pages/form-page.tsx';
import { SitePageEditPage } from '../../views/admin/pages/site-page-edit-page.tsx';
import { SitePageListPage } from '../../views/admin/pages/site-page-list-page.tsx';
import { loadIslandScript } from './admin-assets.ts';
import { requirePermission } from './admin-access.ts';
import { formFields, frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { footerFormView, footerLinesOf, sitePageEditView, sitePageFormFields, sitePageListView, type SentPageForm, type SitePageFormValues } from './site-page-presenter.ts';
import { readSentBody, sentBodyOf } from './story-form.ts';
import { withEdition } from './taxonomy-presenter.ts';

interface IdParams {
  id: string;
}

const manage = requirePermission('pages.manage');

/**
 * An edition's own pages and its footer links (docs/decisions/018): plain forms posted and answered with a
 * redirect, their notices worded from what is stored. The body is written in the story editor (its island
 * upgrades the textarea) and read through the stories' own door (`readSentBody`). Every check is the service's.
 */
export async function registerSitePageRoutes(app: FastifyInstance, ctx: AdminContext): Promise<void> {
  const { sitePages, editions } = ctx.services;
  // The story routes serve the editor's script at this address; pages only link to it.
  const editorScript = await loadIslandScript('editor');
  const actorOf = (request: FastifyRequest): Actor => personActor(signedInUser(request), adminStateOf(request).addressHash);
  const frame = (request: FastifyRequest, reply: FastifyReply) => frameFor(ctx, request, reply, adminPaths.pages);

  function notFound(request: FastifyRequest, reply: FastifyReply, text: string = t.notFound) {
    return sendPage(reply, 404, AdminMessagePage, ctx.presenter.messagePage(frameFor(ctx, request, reply), 'not-found', text));
  }

  /** The edition a page is about: `?edition=`, or the site's first. */
  function editionOf(request: FastifyRequest): Edition | undefined {
    const code = (request.query as Record<string, unknown>).edition;
    const all = editions.list();
    return code === undefined ? all[0] : all.find((e) => e.code === code);
  }

  /** Saves the form as a new page or over `page`; a refused form comes back with what was typed and why. */
  async function save(request: FastifyRequest, reply: FastifyReply, edition: Edition, page: SitePage | undefined) {
    const values: SitePageFormValues = formFields(request.body, sitePageFormFields);
    const hasBodyText = typeof (request.body as Record<string, unknown> | undefined)?.bodyText === 'string';
    const read = readSentBody(sentBodyOf(values, hasBodyText), page?.body ?? []);
    const showAgain = (problems: SentPageForm['problems'], status = 422) => sendPage(reply, status, SitePageEditPage, sitePageEditView(frame(request, reply), edition, editorScript.href, { page, sent: { values, problems } }));
    if ('problem' in read) return showAgain({ body: read.problem });
    if (values.state !== 'draft' && values.state !== 'published') return showAgain({ state: t.stateHint });
    const fields = { title: values.title, slug: values.slug, description: values.description, body: read.blocks ?? page?.body ?? [], isPublished: values.state === 'published' };
    try {
      const saved = page ? await sitePages.update(actorOf(request), page.id, fields) : await sitePages.create(actorOf(request), edition.code, fields);
      return reply.redirect(`${adminPaths.page(saved.id)}?notice=${page ? 'saved' : 'created'}`, 303);
    } catch (error) {
      // Refusals without a field (not allowed, gone meanwhile) are the newsroom's error pages.
      if (!(error instanceof SitePageError) || !error.field) throw error;
      return showAgain({ [error.field]: error.message }, error.status);
    }
  }

  app.get('/pages', manage, async (request, reply) => {
    const edition = editionOf(request);
    if (!edition) return notFound(request, reply, t.unknownEdition);
    const notice = (request.query as Record<string, unknown>).notice === 'deleted' ? t.deleted : undefined;
    return sendPage(reply, 200, SitePageListPage, sitePageListView(frame(request, reply), edition, editions.list(), await sitePages.list(edition.code), notice));
  });

  app.get('/pages/new', manage, async (request, reply) => {
    const edition = editionOf(request);
    if (!edition) return notFound(request, reply, t.unknownEdition);
    return sendPage(reply, 200, SitePageEditPage, sitePageEditView(frame(request, reply), edition, editorScript.href, {}));
  });

  app.post('/pages', manage, async (request, reply) => {
    const edition = editionOf(request);
    if (!edition) return notFound(request, reply, t.unknownEdition);
    return save(request, reply, edition, undefined);
  });

  app.get('/pages/footer', manage, async (request, reply) => {
    const edition = editionOf(request);
    if (!edition) return notFound(request, reply, t.unknownEdition);
    const [pages, links] = await Promise.all([sitePages.list(edition.code), sitePages.footerLinks(edition.code)]);
    const notice = (request.query as Record<string, unknown>).notice === 'saved' ? t.footer.saved(edition.name) : undefined;
    return sendPage(reply, 200, FormPage, footerFormView(frame(request, reply), edition, pages, footerLinesOf(edition, links), { notice }));
  });

  app.post('/pages/footer', manage, async (request, reply) => {
    const edition = editionOf(request);
    if (!edition) return notFound(request, reply, t.unknownEdition);
    const { links } = formFields(request.body, ['links'] as const);
    try {
      await sitePages.replaceFooterLinks(actorOf(request), edition.code, readLinkLines(links).map((link) => ({ label: link.label, address: link.url })));
      return reply.redirect(`${withEdition(adminPaths.footer, edition.code)}&notice=saved`, 303);
    } catch (error) {
      if (!(error instanceof SitePageError) || !error.field) throw error;
      const pages = await sitePages.list(edition.code);
      return sendPage(reply, error.status, FormPage, footerFormView(frame(request, reply), edition, pages, links, { problems: { fields: { links: error.message } } }));
    }
  });

  app.get<{ Params: IdParams }>('/pages/:id', manage, async (request, reply) => {
    const page = await sitePages.find(idParam(request.params.id) ?? 0);
    const edition = page && editions.find(page.editionCode);
    if (!page || !edition) return notFound(request, reply);
    const notice = (request.query as Record<string, unknown>).notice;
    const text = notice === 'created' ? t.created(page.title) : notice === 'saved' ? t.saved(page.title) : undefined;
    return sendPage(reply, 200, SitePageEditPage, sitePageEditView(frame(request, reply), edition, editorScript.href, { page, notice: text }));
  });

  app.post<{ Params: IdParams }>('/pages/:id', manage, async (request, reply) => {
    const page = await sitePages.find(idParam(request.params.id) ?? 0);
    const edition = page && editions.find(page.editionCode);
    if (!page || !edition) return notFound(request, reply);
    return save(request, reply, edition, page);
  });

  app.post<{ Params: IdParams }>('/pages/:id/delete', manage, async (request, reply) => {
    const page = await sitePages.find(idParam(request.params.id) ?? 0);
    const edition = page && editions.find(page.editionCode);
    if (!page || !edition) return notFound(request, reply);
    if (formFields(request.body, ['confirm'] as const).confirm !== 'yes') {
      const view = sitePageEditView(frame(request, reply), edition, editorScript.href, { page });
      return sendPage(reply, 422, SitePageEditPage, { ...view, errorSummary: { title: adminStrings.errorSummaryTitle, items: [{ href: '#confirm-delete', text: t.deleteUnconfirmed }] } });
    }
    await sitePages.delete(actorOf(request), page.id);
    return reply.redirect(`${withEdition(adminPaths.pages, edition.code)}&notice=deleted`, 303);
  });
}
