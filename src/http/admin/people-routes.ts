import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccountError } from '../../modules/accounts/account-errors.ts';
import { personActor, type User } from '../../modules/accounts/account-types.ts';
import { PeoplePage } from '../../views/admin/pages/people-page.tsx';
import type { NoticeView } from '../../views/admin/admin-view-models.ts';
import { requirePermission } from './admin-access.ts';
import { formFields, frameFor, idParam, sendPage, type AdminContext } from './admin-context.ts';
import type { FormProblems } from './admin-presenter.ts';
import { adminPaths } from './admin-paths.ts';
import { adminStateOf, signedInUser } from './admin-state.ts';

interface PersonParams {
  id: string;
}

/** The People page: owners and admins add people, change roles, reset passwords, disable and enable accounts. */
export function registerPeopleRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const { users } = ctx.services;

  async function showPeople(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    options: { notice?: NoticeView; problem?: string; addValues?: Record<string, string>; addProblems?: FormProblems } = {},
  ) {
    const viewer = signedInUser(request);
    const view = ctx.presenter.peoplePage(frameFor(ctx, request, reply, adminPaths.people), viewer, await users.list(), options);
    return sendPage(reply, status, PeoplePage, view);
  }

  /**
   * Refusals from the service: a rule broken (the last owner, oneself) shows on the People page; the rest
   * (forbidden, no such person) is answered by the newsroom's error pages.
   */
  function refuse(request: FastifyRequest, reply: FastifyReply, error: AccountError) {
    if (error.code === 'FORBIDDEN' || error.code === 'ACCOUNT_NOT_FOUND') throw error;
    return showPeople(request, reply, error.status, { problem: error.message });
  }

  /** Runs one change to a person; redirects to the People page with a notice, or shows why not. */
  async function changePerson(request: FastifyRequest<{ Params: PersonParams }>, reply: FastifyReply, notice: string, change: (actorUser: User, id: number) => Promise<User>) {
    const id = idParam(request.params.id);
    if (id === undefined) return reply.callNotFound();
    try {
      await change(signedInUser(request), id);
    } catch (error) {
      if (error instanceof AccountError) return refuse(request, reply, error);
      throw error;
    }
    return reply.redirect(`${adminPaths.people}?notice=${notice}&person=${id}#person-${id}`, 303);
  }

  app.get('/people', requirePermission('user.manage'), async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const personId = typeof query.person === 'string' ? idParam(query.person) : undefined;
    const person = personId === undefined ? undefined : await users.findById(personId);
    return showPeople(request, reply, 200, { notice: ctx.presenter.peopleNotice(typeof query.notice === 'string' ? query.notice : undefined, person) });
  });

  app.post('/people', requirePermission('user.manage'), async (request, reply) => {
    const form = formFields(request.body, ['email', 'displayName', 'role']);
    const actor = personActor(signedInUser(request), adminStateOf(request).addressHash);
    try {
      const added = await users.addUser(actor, { email: form.email, displayName: form.displayName, role: form.role });
      // Shown in this response and never again: the one-time password is not stored anywhere readable.
      return showPeople(request, reply, 201, { notice: ctx.presenter.addedNotice(added.user, added.oneTimePassword) });
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      if (error.field) return showPeople(request, reply, error.status, { addValues: form, addProblems: { fields: { [error.field]: error.message } } });
      return refuse(request, reply, error);
    }
  });

  app.post<{ Params: PersonParams }>('/people/:id/role', requirePermission('user.manage'), async (request, reply) => {
    const { role } = formFields(request.body, ['role']);
    const address = adminStateOf(request).addressHash;
    return changePerson(request, reply, 'role', (user, id) => users.changeRole(personActor(user, address), id, role));
  });

  app.post<{ Params: PersonParams }>('/people/:id/disable', requirePermission('user.manage'), async (request, reply) => {
    const address = adminStateOf(request).addressHash;
    return changePerson(request, reply, 'disabled', (user, id) => users.disable(personActor(user, address), id));
  });

  app.post<{ Params: PersonParams }>('/people/:id/enable', requirePermission('user.manage'), async (request, reply) => {
    const address = adminStateOf(request).addressHash;
    return changePerson(request, reply, 'enabled', (user, id) => users.enable(personActor(user, address), id));
  });

  app.post<{ Params: PersonParams }>('/people/:id/reset-password', requirePermission('user.manage'), async (request, reply) => {
    const id = idParam(request.params.id);
    const person = id === undefined ? undefined : await users.findById(id);
    if (!person) return reply.callNotFound();
    try {
      // The same reset as `dateline user reset-password`: it checks who may act on whom and writes the audit entry.
      const reset = await users.resetPassword(personActor(signedInUser(request), adminStateOf(request).addressHash), person.email);
      // Answered with the page itself, never a redirect: the one-time password must not travel in an address.
      return showPeople(request, reply, 200, { notice: ctx.presenter.passwordResetNotice(reset.user, reset.oneTimePassword) });
    } catch (error) {
      if (error instanceof AccountError) return refuse(request, reply, error);
      throw error;
    }
  });
}
