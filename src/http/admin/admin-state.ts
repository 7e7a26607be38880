import type { FastifyRequest } from 'fastify';
import type { User } from '../../modules/accounts/account-types.ts';
import type { Session } from '../../modules/accounts/session-service.ts';

/** What the admin plugin knows about a request once its session cookie has been read. */
export interface AdminState {
  /** The signed-in person, when the session is live and the account enabled. */
  user?: User;
  session?: Session;
  sessionToken?: string;
  /** The keyed hash of the caller's address, for the audit log. */
  addressHash: string;
  /** The admin key the request came with (`/api/admin` only): it acts as `user`, and needs no CSRF token. */
  apiKeyId?: number;
  /** That key's requests a minute. */
  apiKeyLimit?: number;
}

// A WeakMap rather than a request decorator: nothing outside the admin plugin sees or types it.
const states = new WeakMap<FastifyRequest, AdminState>();

export function setAdminState(request: FastifyRequest, state: AdminState): void {
  states.set(request, state);
}

/** The admin state of a request handled by the admin plugin; throws elsewhere (a wiring mistake). */
export function adminStateOf(request: FastifyRequest): AdminState {
  const state = states.get(request);
  if (!state) throw new Error(`no admin state for ${request.method} ${request.url}: the route is outside the admin plugin`);
  return state;
}

/** The signed-in user of a route guarded by `requireUser`, `requireAccount` or `requirePermission`. */
export function signedInUser(request: FastifyRequest): User {
  const user = adminStateOf(request).user;
  if (!user) throw new Error(`${request.method} ${request.url} reached its handler without a signed-in user: is the route guarded?`);
  return user;
}
