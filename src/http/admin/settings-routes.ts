import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminStrings as t } from '../../config/admin-strings.ts';
import { personActor } from '../../modules/accounts/account-types.ts';
import { EditionFieldError, editionDefaults, type EditionFields, type EditionSettings } from '../../modules/editions/edition-service.ts';
import { FormPage } from '../../views/admin/pages/form-page.tsx';
import { editionFormPage, editionFormValues, type EditionFormValues } from './edition-presenter.ts';
import type { NoticeView } from '../../views/admin/admin-view-models.ts';
import { AdminMessagePage } from '../../views/admin/pages/admin-message-page.tsx';
import { SettingsPage } from '../../views/admin/pages/settings-page.tsx';
import { requirePermission } from './admin-access.ts';
import { frameFor, sendPage, type AdminContext } from './admin-context.ts';
import type { FormProblems, SettingsPageOptions } from './admin-presenter.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';

interface EditionParams {
  code: string;
}

/** The form's checkbox for each setting. */
const settingFields = { canAuthorsPublish: 'authorsPublish', hasFullTextFeeds: 'fullTextFeeds', showsStaleTranslationNote: 'staleTranslationNote' } as const satisfies Record<keyof EditionSettings, string>;

/**
 * The Settings page for owners and admins: each edition's "authors may publish their own stories",
 * "full text in feeds" and "a note on out-of-date translations". One form per edition, posted and answered with a redirect back to it; every
 * change is recorded in the audit log by `EditionService.updateSettings`.
 */
export function registerSettingsRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { editions } = ctx.services;

  function showSettings(request: FastifyRequest, reply: FastifyReply, status: number, options: SettingsPageOptions = {}) {
    const view = ctx.presenter.settingsPage(frameFor(ctx, request, reply, adminPaths.settings), editions.list(), options);
    return sendPage(reply, status, SettingsPage, view);
  }

  function unknownEdition(request: FastifyRequest, reply: FastifyReply) {
    return sendPage(reply, 404, AdminMessagePage, ctx.presenter.messagePage(frameFor(ctx, request, reply), 'not-found', t.settings.unknownEdition));
  }

  app.get('/settings', requirePermission('settings.manage'), async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    // The notice names the edition as it is stored, never words from the address.
    const named = typeof query.edition === 'string' ? editions.find(query.edition) : undefined;
    const noticeText = named && { saved: t.settings.saved, added: t.settings.added, details: t.settings.detailsSaved }[String(query.notice) as 'saved' | 'added' | 'details'];
    const notice: NoticeView | undefined = named && noticeText ? { text: noticeText(named.name) } : undefined;
    return showSettings(request, reply, 200, { notice });
  });

  app.get('/settings/editions/new', requirePermission('settings.manage'), async (request, reply) => {
    const defaults = editionDefaults('');
    const values: EditionFormValues = { code: '', ...stringValues(defaults), name: '', language: '' };
    return sendPage(reply, 200, FormPage, editionFormPage(frameFor(ctx, request, reply, adminPaths.settings), values));
  });

  app.post('/settings/editions', requirePermission('settings.manage'), async (request, reply) => {
    const values = readEditionForm(request.body);
    try {
      const added = await editions.create(personActor(signedInUser(request), adminStateOf(request).addressHash), values.code, fieldsOf(values));
      return reply.redirect(`${adminPaths.settings}?notice=added&edition=${encodeURIComponent(added.code)}#edition-${added.code}`, 303);
    } catch (error) {
      if (error instanceof EditionFieldError) {
        const problems = { fields: { [error.field]: error.problem } };
        return sendPage(reply, error.status, FormPage, editionFormPage(frameFor(ctx, request, reply, adminPaths.settings), values, { problems }));
      }
      throw error;
    }
  });

  app.get<{ Params: EditionParams }>('/settings/editions/:code/details', requirePermission('settings.manage'), async (request, reply) => {
    const edition = editions.find(request.params.code);
    if (!edition) return unknownEdition(request, reply);
    const logo = edition.identity.logoMediaId === null ? undefined : await ctx.services.media.find(edition.identity.logoMediaId);
    return sendPage(reply, 200, FormPage, editionFormPage(frameFor(ctx, request, reply, adminPaths.settings), editionFormValues(edition), { edition, logoFileName: logo?.fileName }));
  });

  app.post<{ Params: EditionParams }>('/settings/editions/:code/details', requirePermission('settings.manage'), async (request, reply) => {
    const edition = editions.find(request.params.code);
    if (!edition) return unknownEdition(request, reply);
    const values = { ...readEditionForm(request.body), code: edition.code };
    try {
      await editions.updateDetails(personActor(signedInUser(request), adminStateOf(request).addressHash), edition.code, fieldsOf(values));
      return reply.redirect(`${adminPaths.settings}?notice=details&edition=${encodeURIComponent(edition.code)}#edition-${edition.code}`, 303);
    } catch (error) {
      if (error instanceof EditionFieldError) {
        const problems = { fields: { [error.field]: error.problem } };
        return sendPage(reply, error.status, FormPage, editionFormPage(frameFor(ctx, request, reply, adminPaths.settings), values, { edition, problems }));
      }
      throw error;
    }
  });

  app.post<{ Params: EditionParams }>('/settings/editions/:code', requirePermission('settings.manage'), async (request, reply) => {
    const edition = editions.find(request.params.code);
    if (!edition) return unknownEdition(request, reply);
    const { values, problems } = readSettingsForm(request.body);
    if (problems.fields) return showSettings(request, reply, 422, { sent: { editionCode: edition.code, values, problems } });
    await editions.updateSettings(personActor(signedInUser(request), adminStateOf(request).addressHash), edition.code, values);
    return reply.redirect(`${adminPaths.settings}?notice=saved&edition=${encodeURIComponent(edition.code)}#edition-${edition.code}`, 303);
  });
}

/**
 * The settings a form sends. A checkbox is sent as `on` when ticked and not at all when not, so a missing
 * field means "off"; anything else was not sent by our form and is refused rather than guessed at.
 */
function readSettingsForm(body: unknown): { values: EditionSettings; problems: FormProblems } {
  const source = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values: EditionSettings = { canAuthorsPublish: false, hasFullTextFeeds: false, showsStaleTranslationNote: false };
  const fields: Record<string, string> = {};
  for (const setting of Object.keys(settingFields) as Array<keyof EditionSettings>) {
    const name = settingFields[setting];
    const sent = source[name];
    if (sent === 'on') values[setting] = true;
    else if (sent !== undefined) fields[name] = t.settings.badChoice;
  }
  return { values, problems: Object.keys(fields).length > 0 ? { fields } : {} };
}

const editionFormFields = ['code', 'name', 'language', 'direction', 'timeZone', 'datelineFormat', 'dateFormat', 'calendar', 'numberingSystem', 'siteName', 'tagline', 'logoMediaId'] as const;

/** The edition form's fields as sent; anything not a string counts as empty, and the service names what is wrong. */
function readEditionForm(body: unknown): EditionFormValues {
  const source = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = (name: string) => (typeof source[name] === 'string' ? source[name] : '');
  return Object.fromEntries(editionFormFields.map((name) => [name, text(name)])) as EditionFormValues;
}

function fieldsOf(values: EditionFormValues): EditionFields {
  return {
    name: values.name,
    language: values.language,
    direction: values.direction as EditionFields['direction'],
    timeZone: values.timeZone,
    datelineFormat: values.datelineFormat,
    dateFormat: values.dateFormat,
    calendar: values.calendar === '' ? null : values.calendar,
    numberingSystem: values.numberingSystem === '' ? null : values.numberingSystem,
    siteName: values.siteName,
    tagline: values.tagline,
    // Not a number: the service names the field (NaN is no picture's number).
    logoMediaId: values.logoMediaId.trim() === '' ? null : /^\d{1,10}$/u.test(values.logoMediaId.trim()) ? Number(values.logoMediaId.trim()) : Number.NaN,
  };
}

function stringValues(fields: EditionFields): Omit<EditionFormValues, 'code'> {
  return { ...fields, calendar: fields.calendar ?? '', numberingSystem: fields.numberingSystem ?? '', siteName: fields.siteName ?? '', tagline: fields.tagline ?? '', logoMediaId: fields.logoMediaId === null || fields.logoMediaId === undefined ? '' : String(fields.logoMediaId) };
}
