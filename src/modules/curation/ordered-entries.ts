import { CurationError } from './curation-errors.ts';
import { curationProblems as problems } from './curation-problems.ts';

/**
 * The list operations editors have on the Featured Stories rail and on a story's pinned related
 * stories: pure functions over entries that carry a stable `key`, so both lists move, drop and
 * reorder the same way.
 */

export type MoveDirection = 'up' | 'down';

export function isMoveDirection(value: unknown): value is MoveDirection {
  return value === 'up' || value === 'down';
}

/** Where an entry ended up: 1-based, for "position 2 of 5". */
export interface ListPlace {
  position: number;
  count: number;
}

/**
 * The list with the entry one place up or down; at either end it stays where it is.
 * @example moveEntry([{ key: 'a' }, { key: 'b' }], 'b', 'up') // { entries: [{ key: 'b' }, { key: 'a' }], place: { position: 1, count: 2 } }
 */
export function moveEntry<T extends { key: string }>(entries: readonly T[], key: string, direction: MoveDirection): { entries: T[]; place: ListPlace } {
  const from = indexOf(entries, key);
  const to = direction === 'up' ? Math.max(0, from - 1) : Math.min(entries.length - 1, from + 1);
  const moved = [...entries];
  const [entry] = moved.splice(from, 1);
  if (entry) moved.splice(to, 0, entry);
  return { entries: moved, place: { position: to + 1, count: moved.length } };
}

export function removeEntry<T extends { key: string }>(entries: readonly T[], key: string): { entries: T[]; removed: T } {
  const index = indexOf(entries, key);
  const removed = entries[index] as T;
  return { entries: entries.filter((_, i) => i !== index), removed };
}

/**
 * The entries in the order of `keys`, which must name each of them exactly once: an order made from a
 * page that is out of date (an entry added or removed since) is refused rather than half applied.
 */
export function reorderEntries<T extends { key: string }>(entries: readonly T[], keys: readonly string[]): T[] {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const isPermutation = keys.length === entries.length && new Set(keys).size === keys.length && keys.every((k) => byKey.has(k));
  if (!isPermutation) throw new CurationError('LIST_CHANGED', problems.listChanged);
  return keys.map((k) => byKey.get(k) as T);
}

function indexOf<T extends { key: string }>(entries: readonly T[], key: string): number {
  const index = entries.findIndex((e) => e.key === key);
  if (index < 0) throw new CurationError('LIST_CHANGED', problems.entryGone);
  return index;
}
