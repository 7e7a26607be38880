import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminStrings as t } from '../../config/admin-strings.ts';
import { personActor } from '../../modules/accounts/account-types.ts';
import { WebhookError, webhookEventTypes } from '../../modules/webhooks/index.ts';
import { AdminMessagePage } from '../../views/admin/pages/admin-message-page.tsx';
import { WebhookEndpointPage } from '../../views/admin/pages/webhook-endpoint-page.tsx';
import { WebhooksPage } from '../../views/admin/pages/webhooks-page.tsx';
import { requirePermission } from './admin-access.ts';
import { formFields, frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';
import { eventFieldName, secretNotice, webhookEndpointPage, webhooksPage, type WebhookFormValues } from './webhook-presenter.ts';

interface EndpointParams {
  id: string;
}

/**
 * Webhooks in the Settings area, for owners and admins (`settings.manage`): register endpoints, read each
 * one's deliveries, send one again, make a new secret. A secret is shown in the answer to the request that
 * made it, never again; everything else answers with a redirect. Every change is in the audit log.
 */
export function registerWebhookRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { webhooks } = ctx.services;
  const actorOf = (request: FastifyRequest) => personActor(signedInUser(request), adminStateOf(request).addressHash);
  const frame = (request: FastifyRequest, reply: FastifyReply) => frameFor(ctx, request, reply, adminPaths.settings);

  function unknown(request: FastifyRequest, reply: FastifyReply) {
    return sendPage(reply, 404, AdminMessagePage, ctx.presenter.messagePage(frameFor(ctx, request, reply), 'not-found', t.webhooks.unknown));
  }

  async function showEndpoint(request: FastifyRequest, reply: FastifyReply, id: number, status: number, options: Parameters<typeof webhookEndpointPage>[3] = {}) {
    const endpoint = await webhooks.get(id);
    return sendPage(reply, status, WebhookEndpointPage, webhookEndpointPage(frame(request, reply), endpoint, await webhooks.listDeliveries(id), options));
  }

  app.get('/settings/webhooks', requirePermission('settings.manage'), async (request, reply) => {
    const notice = (request.query as Record<string, unknown>).notice === 'deleted' ? { text: t.webhooks.deleted } : undefined;
    return sendPage(reply, 200, WebhooksPage, webhooksPage(frame(request, reply), await webhooks.list(), { notice }));
  });

  app.post('/settings/webhooks', requirePermission('settings.manage'), async (request, reply) => {
    const values = readEndpointForm(request.body);
    try {
      const { endpoint, secret } = await webhooks.create(actorOf(request), values);
      return await showEndpoint(request, reply, endpoint.id, 201, { notice: secretNotice(t.webhooks.added, secret) });
    } catch (error) {
      if (!(error instanceof WebhookError) || error.field === undefined) throw error;
      const problems = { fields: { [error.field]: error.message } };
      return sendPage(reply, 422, WebhooksPage, webhooksPage(frame(request, reply), await webhooks.list(), { values, problems }));
    }
  });

  app.get<{ Params: EndpointParams }>('/settings/webhooks/:id', requirePermission('settings.manage'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return unknown(request, reply);
    const notice = { saved: t.webhooks.saved, redelivered: t.webhooks.redelivered }[String((request.query as Record<string, unknown>).notice) as 'saved' | 'redelivered'];
    return withEndpoint(request, reply, () => showEndpoint(request, reply, id, 200, { notice: notice ? { text: notice } : undefined }));
  });

  app.post<{ Params: EndpointParams }>('/settings/webhooks/:id', requirePermission('settings.manage'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return unknown(request, reply);
    const values = readEndpointForm(request.body);
    return withEndpoint(request, reply, async () => {
      try {
        await webhooks.update(actorOf(request), id, values);
        return await reply.redirect(`${adminPaths.webhook(id)}?notice=saved`, 303);
      } catch (error) {
        if (!(error instanceof WebhookError) || error.field === undefined) throw error;
        return showEndpoint(request, reply, id, 422, { values, problems: { fields: { [error.field]: error.message } } });
      }
    });
  });

  app.post<{ Params: EndpointParams }>('/settings/webhooks/:id/rotate-secret', requirePermission('settings.manage'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return unknown(request, reply);
    return withEndpoint(request, reply, async () => {
      const secret = await webhooks.rotateSecret(actorOf(request), id);
      return showEndpoint(request, reply, id, 200, { notice: secretNotice(t.webhooks.rotated, secret) });
    });
  });

  app.post<{ Params: EndpointParams }>('/settings/webhooks/:id/delete', requirePermission('settings.manage'), async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === undefined) return unknown(request, reply);
    return withEndpoint(request, reply, async () => {
      await webhooks.remove(actorOf(request), id);
      return reply.redirect(`${adminPaths.webhooks}?notice=deleted`, 303);
    });
  });

  app.post<{ Params: EndpointParams & { deliveryId: string } }>('/settings/webhooks/:id/deliveries/:deliveryId/redeliver', requirePermission('settings.manage'), async (request, reply) => {
    const id = idParam(request.params.id);
    const deliveryId = idParam(request.params.deliveryId);
    if (id === undefined || deliveryId === undefined) return unknown(request, reply);
    return withEndpoint(request, reply, async () => {
      try {
        await webhooks.redeliver(actorOf(request), id, deliveryId);
      } catch (error) {
        if (error instanceof WebhookError && error.code === 'WEBHOOK_FIELD_INVALID') return showEndpoint(request, reply, id, 409, { notice: { text: error.message } });
        throw error;
      }
      return reply.redirect(`${adminPaths.webhook(id)}?notice=redelivered`, 303);
    });
  });

  /** Runs `answer`; an endpoint or delivery that is not there is the newsroom's "not found" page. */
  async function withEndpoint(request: FastifyRequest, reply: FastifyReply, answer: () => Promise<unknown>) {
    try {
      return await answer();
    } catch (error) {
      if (error instanceof WebhookError && error.code === 'WEBHOOK_NOT_FOUND') return unknown(request, reply);
      throw error;
    }
  }
}

/** The endpoint form as sent: a ticked event's box is sent as `on`, an unticked one not at all. */
function readEndpointForm(body: unknown): WebhookFormValues {
  const source = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const { url, description } = formFields(body, ['url', 'description']);
  return { url, description, events: webhookEventTypes.filter((type) => source[eventFieldName(type)] === 'on'), isEnabled: source.enabled === 'on' };
}
