import { hasGrant, type Action } from '../../modules/accounts/permissions.ts';
import type { User } from '../../modules/accounts/account-types.ts';

/**
 * Who may reach an admin route, declared on every route through `config.adminAccess` — the admin
 * plugin refuses to start with a route that declares nothing, and one hook enforces it for all:
 * - `anyone`: signed out too (setup, sign-in, the stylesheet);
 * - `account`: any signed-in person, even one who must still replace a one-time password
 *   (the password form, sign-out);
 * - `signed-in`: any signed-in person with a password of their own;
 * - an `Action` of the permission table: a signed-in person whose role holds it (under some
 *   condition: the handler then calls `can` with the resource it loaded).
 */
export type AdminAccess = 'anyone' | 'account' | 'signed-in' | Action;

declare module 'fastify' {
  interface FastifyContextConfig {
    adminAccess?: AdminAccess;
  }
}

/** Route options declaring access; spread them into the route: `app.get('/x', requirePermission('audit.read'), handler)`. */
export interface AccessOptions {
  config: { adminAccess: AdminAccess };
}

export function allowAnyone(): AccessOptions {
  return { config: { adminAccess: 'anyone' } };
}

/** Signed in, even with a one-time password still to replace. */
export function requireAccount(): AccessOptions {
  return { config: { adminAccess: 'account' } };
}

/** Signed in, with a password of their own. */
export function requireUser(): AccessOptions {
  return { config: { adminAccess: 'signed-in' } };
}

/** Signed in, and the role holds `action` in the permission table. */
export function requirePermission(action: Action): AccessOptions {
  return { config: { adminAccess: action } };
}

export type AccessDecision = 'allow' | 'unauthenticated' | 'password-change-required' | 'forbidden';

/**
 * The one decision every admin request goes through.
 * @example decideAccess('user.manage', editor) // 'forbidden'
 */
export function decideAccess(access: AdminAccess, user: User | undefined): AccessDecision {
  if (access === 'anyone') return 'allow';
  if (!user || user.isDisabled) return 'unauthenticated';
  if (access === 'account') return 'allow';
  if (user.mustChangePassword) return 'password-change-required';
  if (access === 'signed-in') return 'allow';
  return hasGrant(user.role, access) ? 'allow' : 'forbidden';
}
