import type { Role } from './permissions.ts';

/** A person who works in the newsroom, as the rest of the code sees them (never their password hash). */
export interface User {
  id: number;
  /** Case-folded. */
  email: string;
  displayName: string;
  role: Role;
  /** Signed in with a one-time password: every admin page but the password form is closed until it changes. */
  mustChangePassword: boolean;
  /** False for an account made without one (an importer's `--create-staff`): it cannot be signed in to yet. */
  hasPassword: boolean;
  isDisabled: boolean;
  /** A shipped language code the newsroom speaks to them in; null follows their browser's Accept-Language. */
  newsroomLanguage: string | null;
  createdAt: string;
  disabledAt: string | null;
}

/**
 * Who is asking a service to change accounts: a signed-in person (whose role is checked against the
 * permission table), or the operator at the command line (who holds the database and may do anything).
 */
export type Actor = { kind: 'person'; user: User; addressHash: string | null } | { kind: 'command-line' };

export const commandLineActor: Actor = Object.freeze({ kind: 'command-line' });

export function personActor(user: User, addressHash: string | null = null): Actor {
  return { kind: 'person', user, addressHash };
}

/** The audit log's actor id for an actor: null for the command line. */
export function actorIdOf(actor: Actor): number | null {
  return actor.kind === 'person' ? actor.user.id : null;
}
