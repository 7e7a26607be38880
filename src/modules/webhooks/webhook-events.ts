import type { ChangeEvent } from '../changes/index.ts';

/**
 * The event types an endpoint may subscribe to, each made from one kind of change event
 * (docs/decisions/020-webhooks.md). Named like the change events and the audit log: `area.what_happened`.
 */
export const webhookEventTypes = [
  'story.published',
  'story.updated',
  'story.unpublished',
  'story.corrected',
  'story.update_noted',
  'story.deleted',
  'story.restored',
  'comment.approved',
  'curation.lead_changed',
  'curation.featured_changed',
  'section.changed',
  'tag.changed',
  'author.changed',
  'edition.created',
  'edition.settings_changed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (webhookEventTypes as readonly string[]).includes(value);
}

/** The body every delivery sends, in the Standard Webhooks shape. */
export interface WebhookMessage {
  type: WebhookEventType;
  /** When the change happened (not when it is delivered). */
  timestamp: string;
  data: Record<string, unknown>;
}

export interface MessageLinks {
  /** The story's absolute address on the reader site. */
  storyUrl?: (edition: string, code: number, slug: string) => string;
}

/** Change kinds whose webhook type is their own name. */
const sameName = new Set<string>(['curation.lead_changed', 'curation.featured_changed', 'section.changed', 'tag.changed', 'author.changed', 'edition.created', 'edition.settings_changed']);

/**
 * The webhook message a change event makes, or undefined when it makes none (cache-only changes: pinned
 * related stories, pictures, a story's comment policy).
 * @example webhookMessageOf({ kind: 'story.noted', subject: { kind: 'correction' }, … }) // { type: 'story.corrected', … }
 */
export function webhookMessageOf(event: ChangeEvent, links: MessageLinks = {}): WebhookMessage | undefined {
  const type = typeOf(event);
  if (!type) return undefined;
  const { subject } = event;
  const data: Record<string, unknown> = {};
  if (event.editionCode !== null) data.edition = event.editionCode;
  if (event.storyCode !== null) {
    data.code = event.storyCode;
    if (typeof subject.slug === 'string' && typeof subject.headline === 'string') {
      data.slug = subject.slug;
      data.headline = subject.headline;
      if (links.storyUrl && event.editionCode !== null && subject.isPublic === true) data.url = links.storyUrl(event.editionCode, event.storyCode, subject.slug);
    }
  }
  if (type === 'comment.approved') data.commentId = subject.commentId;
  if (type === 'story.corrected' || type === 'story.update_noted') data.note = { id: subject.noteId, text: subject.text };
  for (const name of ['sectionId', 'tagId', 'authorId', 'previousSlug', 'mergedSlug', 'fields', 'settings', 'change'] as const) {
    if (subject[name] !== undefined && !(type === 'comment.approved' && name === 'change')) data[name] = subject[name];
  }
  if (sameName.has(type) && typeof subject.slug === 'string') data.slug = subject.slug;
  return { type, timestamp: event.occurredAt, data };
}

function typeOf(event: ChangeEvent): WebhookEventType | undefined {
  switch (event.kind) {
    case 'story.published':
    case 'story.unpublished':
    case 'story.deleted':
    case 'story.restored':
      return event.kind;
    case 'story.updated':
      // Sent back to draft or held for an embargo: readers lose it, which is what subscribers need to hear.
      return event.subject.isPublic === false ? 'story.unpublished' : 'story.updated';
    case 'story.noted':
      return event.subject.kind === 'correction' ? 'story.corrected' : 'story.update_noted';
    case 'story.comments_changed':
      return event.subject.change === 'comment_approved' ? 'comment.approved' : undefined;
    default:
      return sameName.has(event.kind) ? (event.kind as WebhookEventType) : undefined;
  }
}

/** The scope in which an endpoint receives events in order: one story in one edition. */
export function storyKeyOf(event: ChangeEvent): string | null {
  return event.editionCode !== null && event.storyCode !== null ? `${event.editionCode}:${event.storyCode}` : null;
}
