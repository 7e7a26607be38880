import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminStrings } from '../../config/admin-strings.ts';
import { personActor } from '../../modules/accounts/account-types.ts';
import { can } from '../../modules/accounts/permissions.ts';
import { ApiKeyError, apiKeyLimits, apiKeyScopes, type ApiKey, type ApiKeyScope } from '../../modules/api-keys/index.ts';
import type { FieldView, NoticeView } from '../../views/admin/admin-view-models.ts';
import { ApiKeysPage } from '../../views/admin/pages/api-keys-page.tsx';
import { requirePermission } from './admin-access.ts';
import { formFields, frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { utcTime } from './newsroom-time.ts';

const t = adminStrings.apiKeys;
const DEFAULT_RATE = '600';
const fieldNames = ['name', 'scope', 'actsAsUserId', 'allowedOrigins', 'requestsPerMinute'] as const;
type KeyForm = Record<(typeof fieldNames)[number], string>;

/**
 * Settings → API keys (docs/decisions/019-content-api-and-keys.md): owners and admins make keys — the token
 * shown once on the page that answers the form — and revoke them.
 */
export function registerApiKeyRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { apiKeys, users } = ctx.services;

  async function sendKeysPage(request: FastifyRequest, reply: FastifyReply, status: number, options: { notice?: NoticeView; form?: KeyForm; errors?: Record<string, string> } = {}) {
    const user = signedInUser(request);
    const [keys, people] = await Promise.all([apiKeys.list(), users.list()]);
    const names = new Map(people.map((p) => [p.id, p.displayName]));
    const frame = frameFor(ctx, request, reply, adminPaths.apiKeys);
    const form = options.form ?? { name: '', scope: 'content', actsAsUserId: String(user.id), allowedOrigins: '', requestsPerMinute: DEFAULT_RATE };
    const errors = options.errors ?? {};
    const delegates = people.filter((p) => !p.isDisabled && (p.id === user.id || can(user, 'user.manage', { kind: 'person', id: p.id, role: p.role })));
    const fields: FieldView[] = [
      { kind: 'input', type: 'text', id: 'key-name', name: 'name', label: t.name, hint: t.nameHint, value: form.name, autocomplete: 'off', isRequired: true, maxLength: apiKeyLimits.name, error: errors.name },
      { kind: 'select', id: 'key-scope', name: 'scope', label: t.scope, options: apiKeyScopes.map((s) => ({ value: s, label: t.scopes[s] ?? s, isSelected: form.scope === s })), error: errors.scope },
      { kind: 'select', id: 'key-acts-as', name: 'actsAsUserId', label: t.actsAs, hint: t.actsAsHint, options: delegates.map((p) => ({ value: String(p.id), label: `${p.displayName} (${p.role})`, isSelected: form.actsAsUserId === String(p.id) })), error: errors.actsAsUserId },
      { kind: 'textarea', id: 'key-origins', name: 'allowedOrigins', label: t.origins, hint: t.originsHint, value: form.allowedOrigins, rows: 3, error: errors.allowedOrigins },
      { kind: 'input', type: 'text', id: 'key-rate', name: 'requestsPerMinute', label: t.rate, hint: t.rateHint, value: form.requestsPerMinute, autocomplete: 'off', isRequired: true, maxLength: 6, error: errors.requestsPerMinute },
    ];
    const errorItems = Object.entries(errors).map(([field, text]) => ({ href: `#${fields.find((f) => f.name === field)?.id ?? 'key-name'}`, text }));
    return sendPage(reply, status, ApiKeysPage, {
      frame,
      head: { title: adminStrings.pageTitle(t.heading) },
      heading: t.heading,
      intro: t.intro,
      notice: options.notice,
      createHeading: t.createHeading,
      createForm: {
        action: adminPaths.apiKeys,
        method: 'post',
        csrfToken: frame.csrfToken,
        fields,
        submitLabel: t.submit,
        errorSummary: errorItems.length > 0 ? { title: t.formErrors, items: errorItems } : undefined,
      },
      listHeading: t.listHeading,
      emptyText: t.none,
      columns: t.columns,
      keys: keys.map((key) => keyRow(key, names, frame.csrfToken)),
    });
  }

  app.get('/settings/api-keys', requirePermission('settings.manage'), async (request, reply) => sendKeysPage(request, reply, 200));

  app.post('/settings/api-keys', requirePermission('settings.manage'), async (request, reply) => {
    const form = formFields(request.body, fieldNames);
    const actor = personActor(signedInUser(request), adminStateOf(request).addressHash);
    const rate = /^\d{1,6}$/.test(form.requestsPerMinute.trim()) ? Number(form.requestsPerMinute.trim()) : Number.NaN;
    if (Number.isNaN(rate)) return sendKeysPage(request, reply, 422, { form, errors: { requestsPerMinute: t.badRate } });
    const scope = form.scope as ApiKeyScope;
    try {
      const { key, token } = await apiKeys.create(actor, {
        name: form.name,
        scope,
        allowedOrigins: form.allowedOrigins.split(/\s+/).filter((line) => line !== ''),
        requestsPerMinute: rate,
        actsAsUserId: scope === 'admin' ? idParam(form.actsAsUserId) : undefined,
      });
      // The token is on this page and nowhere else: the page is `no-store` like every newsroom page.
      return sendKeysPage(request, reply, 201, { notice: { text: t.created(key.name), secret: { label: t.tokenLabel, value: token, note: t.tokenNote } } });
    } catch (error) {
      if (!(error instanceof ApiKeyError)) throw error;
      return sendKeysPage(request, reply, error.status, { form, errors: { [error.field ?? 'name']: error.message } });
    }
  });

  app.post<{ Params: { id: string } }>('/settings/api-keys/:id/revoke', requirePermission('settings.manage'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    try {
      const key = await apiKeys.revoke(personActor(signedInUser(request), adminStateOf(request).addressHash), id);
      return sendKeysPage(request, reply, 200, { notice: { text: t.revoked(key.name) } });
    } catch (error) {
      if (error instanceof ApiKeyError && error.code === 'API_KEY_NOT_FOUND') return reply.callNotFound();
      throw error;
    }
  });
}

function keyRow(key: ApiKey, names: ReadonlyMap<number, string>, csrfToken: string) {
  const isLive = key.revokedAt === null;
  const actsAs = key.actsAsUserId === null ? '' : ` — ${names.get(key.actsAsUserId) ?? key.actsAsUserId}`;
  return {
    name: key.name,
    prefix: key.prefix,
    scope: `${t.scopes[key.scope] ?? key.scope}${actsAs}`,
    origins: key.allowedOrigins.length === 0 ? t.anyOrigin : key.allowedOrigins.join(' '),
    rate: String(key.requestsPerMinute),
    created: `${utcTime(key.createdAt)} UTC`,
    lastUsed: key.lastUsedAt === null ? t.never : `${utcTime(key.lastUsedAt)} UTC`,
    state: isLive ? t.live : t.revokedState(`${utcTime(key.revokedAt ?? '')} UTC`),
    revokeForm: isLive
      ? { action: adminPaths.apiKeyRevoke(key.id), method: 'post' as const, csrfToken, fields: [], submitLabel: t.revoke, submitContext: t.revokeFor(key.name), className: 'inline-form' }
      : undefined,
  };
}

/** UTC, to the minute: keys are the site's, not one edition's. */
