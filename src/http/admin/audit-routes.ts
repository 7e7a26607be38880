import type { FastifyInstance } from 'fastify';
import { adminStrings } from '../../config/admin-strings.ts';
import { AuditFilterError, isAuditAction, type AuditFilter } from '../../modules/audit/audit-log.ts';
import { AuditPage } from '../../views/admin/pages/audit-page.tsx';
import { requirePermission } from './admin-access.ts';
import { frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import { adminPaths } from './admin-paths.ts';

/** The audit log for owners and admins: filters by who, what and a range of days; 50 entries a page. */
export function registerAuditRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { audit, users } = ctx.services;

  app.get('/audit', requirePermission('audit.read'), async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const text = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined);
    const fields: Record<string, string> = {};
    const filter: AuditFilter = {};

    const actor = text('actor');
    if (actor !== undefined) {
      const id = idParam(actor);
      if (id === undefined) fields.actor = adminStrings.audit.badActor;
      else filter.actorId = id;
    }
    const action = text('action');
    if (action !== undefined) {
      if (isAuditAction(action)) filter.action = action;
      else fields.action = adminStrings.audit.badAction;
    }
    filter.from = text('from');
    filter.to = text('to');
    const page = text('page');
    filter.page = page === undefined ? 1 : (idParam(page) ?? 1);

    const people = await users.list();
    const frame = frameFor(ctx, request, reply, adminPaths.audit);
    const empty = { items: [], page: 1, pageCount: 1, total: 0 };
    if (Object.keys(fields).length > 0) return sendPage(reply, 400, AuditPage, ctx.presenter.auditPage(frame, empty, filter, people, { fields }));
    try {
      const entries = await audit.query(filter);
      if (entries.page > entries.pageCount) return reply.callNotFound();
      return sendPage(reply, 200, AuditPage, ctx.presenter.auditPage(frame, entries, filter, people));
    } catch (error) {
      if (!(error instanceof AuditFilterError)) throw error;
      return sendPage(reply, 400, AuditPage, ctx.presenter.auditPage(frame, empty, filter, people, { fields: { [error.field]: error.message } }));
    }
  });
}
