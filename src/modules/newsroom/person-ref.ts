import type { PersonRef } from './newsroom-types.ts';

/** The person a user id names, when there is one (the importer and the scheduler are no one). */
export function personRef(id: number | null, name: string | null): PersonRef | null {
  return id !== null && name !== null ? { id, displayName: name } : null;
}
