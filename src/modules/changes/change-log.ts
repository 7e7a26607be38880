import type { Kysely } from 'kysely';
import { appendChangeEvent } from '../../db/change-events.ts';
import type { Database } from '../../db/schema.ts';

/**
 * Every kind of change readers can see. Named `area.what_happened`, like the audit log's actions; webhooks
 * and live updates will offer these names.
 */
export const changeKinds = [
  'story.published',
  'story.updated',
  'story.unpublished',
  'story.deleted',
  'story.restored',
  'story.noted',
  'story.related_changed',
  'story.comments_changed',
  /** A translation fell out of date (its source has a new revision) or was marked current again. */
  'story.translation_changed',
  'curation.lead_changed',
  'curation.featured_changed',
  'edition.created',
  'edition.settings_changed',
  'section.changed',
  'tag.changed',
  'author.changed',
  'media.changed',
  'page.changed',
  'footer.changed',
] as const;
export type ChangeKind = (typeof changeKinds)[number];

/** One change as its writer records it. */
export interface Change {
  kind: ChangeKind;
  editionCode?: string;
  storyCode?: number;
  /** The cache keys it touches (src/modules/changes/cache-keys.ts). */
  keys: readonly string[];
  /** Small, JSON-serializable facts for consumers: `{ slug: 'rain-due', headline: 'Rain due' }`. */
  subject?: Record<string, unknown>;
}

/** A committed change as consumers receive it. */
export interface ChangeEvent {
  id: number;
  kind: string;
  occurredAt: string;
  editionCode: string | null;
  storyCode: number | null;
  keys: string[];
  subject: Record<string, unknown>;
}

/**
 * Records a change inside the caller's transaction, beside the change itself and its audit entry, so that
 * one without the other cannot exist. A change that touches no key is not recorded.
 * @example await recordChange(trx, { kind: 'curation.featured_changed', editionCode: 'en', keys: [cacheKeys.rail('en')] }, now)
 */
export async function recordChange(db: Kysely<Database>, change: Change, now: Date): Promise<void> {
  if (change.keys.length === 0) return;
  await appendChangeEvent(db, {
    kind: change.kind,
    occurred_at: now.toISOString(),
    edition_code: change.editionCode ?? null,
    story_code: change.storyCode ?? null,
    keys: JSON.stringify([...new Set(change.keys)]),
    subject: JSON.stringify(change.subject ?? {}),
  });
}
