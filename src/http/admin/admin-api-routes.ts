import type { FastifyInstance } from 'fastify';
import { grantsOf } from '../../modules/accounts/permissions.ts';
import { requireAccount } from './admin-access.ts';
import type { AdminContext } from './admin-context.ts';
import { signedInUser } from './admin-state.ts';

/**
 * The JSON side of the admin (mounted under /api/admin). Scripts and tests start here: who am I,
 * what may I do, and the CSRF token to send as `x-csrf-token` with every POST, PUT, PATCH and DELETE.
 */
export function registerAdminApiRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/me', requireAccount(), async (request, reply) => {
    const user = signedInUser(request);
    return reply.send({
      user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role, mustChangePassword: user.mustChangePassword },
      permissions: grantsOf(user.role),
      csrfToken: ctx.csrf.tokenFor(request, reply),
    });
  });
}
