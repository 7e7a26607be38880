import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DatelineError } from '../../errors/dateline-error.ts';
import { auditProblems as problems } from './audit-problems.ts';

/**
 * Every action the audit log records. Named `area.what_happened`; the admin UI labels them in
 * src/config/admin-strings.ts. Add a name here before recording it, so the log's filter offers it.
 */
export const auditActions = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.signed_out_everywhere',
  'user.created',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'user.password_changed',
  'user.password_reset',
  // Recorded by the story workflow and the settings pages (issue 3, §7).
  'story.published',
  'story.unpublished',
  'story.deleted',
  'settings.changed',
  // The story workflow's other recorded steps (docs/decisions/006-story-workflow.md).
  'story.scheduled',
  'story.restored',
  // Sent back to draft, with the note to the author (docs/decisions/017).
  'story.returned_to_draft',
  // Stories that came in by import (docs/decisions/009): created, updated, or replacing newsroom work on request.
  'story.imported',
  // Curation and corrections (issue 3, §5–6).
  'curation.lead_changed',
  'curation.featured_changed',
  'story.related_changed',
  'story.note_added',
  // Translations (docs/decisions/022-translation-workflow.md): made from a source, and marked current against it.
  'story.translated',
  'story.translation_checked',
  // Comment moderation (issue 4, §2).
  'comment.approved',
  'comment.rejected',
  'comment.marked_spam',
  'comment.edited',
  'comment.ban_added',
  'comment.banned_word_added',
  // Comment settings, bans and banned words (docs/decisions/008-readers-comments.md).
  'comment.ban_removed',
  'comment.banned_word_removed',
  'comment.settings_changed',
  // Pictures (docs/decisions/012-pictures.md).
  'media.added',
  'media.changed',
  'media.deleted',
  // Sections, tags and authors managed in the newsroom (issue 15).
  'section.created',
  'section.changed',
  'tag.changed',
  'tag.merged',
  'author.changed',
  // Editions described in the newsroom or by `dateline edition add` (issue 15).
  'edition.created',
  'edition.changed',
  // Webhooks (docs/decisions/020-webhooks.md); `webhook.disabled` is the system's, after a day of failures.
  'webhook.created',
  'webhook.changed',
  'webhook.deleted',
  'webhook.secret_rotated',
  'webhook.redelivered',
  'webhook.disabled',
  // Keys of the content API and of staff automation (docs/decisions/019-content-api-and-keys.md).
  'api_key.created',
  'api_key.revoked',
  // An edition's own pages and footer (docs/decisions/018).
  'page.created',
  'page.changed',
  'page.published',
  'page.unpublished',
  'page.deleted',
  'footer.changed',
] as const;
export type AuditAction = (typeof auditActions)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (auditActions as readonly string[]).includes(value);
}

export interface AuditRecord {
  action: AuditAction;
  /** Who did it: a user id, or null for the command line and for unknown accounts. */
  actorId: number | null;
  subject?: { type: string; id: string | number };
  /** Small, JSON-serializable facts: `{ from: 'author', to: 'editor' }`. Never passwords or tokens. */
  details?: Record<string, unknown>;
  /** The keyed hash of the network address (`SiteKeys.hash('address', ip)`), when over HTTP. */
  addressHash?: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actor: { id: number; displayName: string; email: string } | null;
  subject: { type: string; id: string } | null;
  details: Record<string, unknown>;
  addressHash: string | null;
}

export interface AuditFilter {
  actorId?: number;
  action?: AuditAction;
  /** First UTC day included, `YYYY-MM-DD`. */
  from?: string;
  /** Last UTC day included, `YYYY-MM-DD`. */
  to?: string;
  page?: number;
}

export interface AuditPage {
  items: AuditEntry[];
  page: number;
  pageCount: number;
  total: number;
}

export class AuditFilterError extends DatelineError {
  constructor(
    override readonly field: keyof AuditFilter,
    message: string,
  ) {
    super('AUDIT_FILTER_INVALID', message, { field });
  }
}

export const AUDIT_PAGE_SIZE = 50;


/** The append-only record of who did what and when. Nothing here updates or deletes an entry. */
export class AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Appends one entry; pass the transaction of the change it records so both land or neither does.
   * @example await audit.record({ action: 'user.role_changed', actorId: 1, subject: { type: 'user', id: 7 }, details: { from: 'author', to: 'editor' } }, trx)
   */
  async record(entry: AuditRecord, executor: Kysely<Database> = this.db, now = new Date()): Promise<void> {
    await executor
      .insertInto('audit_log')
      .values({
        at: now.toISOString(),
        actor_user_id: entry.actorId,
        action: entry.action,
        subject_type: entry.subject?.type ?? null,
        subject_id: entry.subject ? String(entry.subject.id) : null,
        details: JSON.stringify(entry.details ?? {}),
        ip_hash: entry.addressHash ?? null,
      })
      .execute();
  }

  /** Newest first, filtered by actor, action and a range of UTC days, in pages of `AUDIT_PAGE_SIZE`. */
  async query(filter: AuditFilter = {}): Promise<AuditPage> {
    const page = filter.page ?? 1;
    if (!Number.isSafeInteger(page) || page < 1) throw new AuditFilterError('page', problems.pageInvalid);
    const from = filter.from === undefined ? undefined : dayStart(filter.from, 'from');
    const until = filter.to === undefined ? undefined : nextDayStart(filter.to, 'to');
    if (from !== undefined && until !== undefined && from >= until) {
      throw new AuditFilterError('to', problems.rangeReversed);
    }

    let query = this.db.selectFrom('audit_log as a');
    if (filter.actorId !== undefined) query = query.where('a.actor_user_id', '=', filter.actorId);
    if (filter.action !== undefined) query = query.where('a.action', '=', filter.action);
    if (from !== undefined) query = query.where('a.at', '>=', from);
    if (until !== undefined) query = query.where('a.at', '<', until);

    const countRow = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
    const total = Number(countRow?.total ?? 0);
    const rows = await query
      .leftJoin('users as u', 'u.id', 'a.actor_user_id')
      .select(['a.id', 'a.at', 'a.action', 'a.actor_user_id', 'a.subject_type', 'a.subject_id', 'a.details', 'a.ip_hash', 'u.display_name', 'u.email'])
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE)
      .execute();

    return {
      items: rows.map((row) => ({
        id: row.id,
        at: row.at,
        action: row.action,
        actor:
          row.actor_user_id !== null && row.display_name !== null && row.email !== null
            ? { id: row.actor_user_id, displayName: row.display_name, email: row.email }
            : null,
        subject: row.subject_type !== null && row.subject_id !== null ? { type: row.subject_type, id: row.subject_id } : null,
        details: parseDetails(row.details),
        addressHash: row.ip_hash,
      })),
      page,
      pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
      total,
    };
  }
}

function dayStart(day: string, field: 'from' | 'to'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new AuditFilterError(field, problems.dayFormat);
  const instant = new Date(`${day}T00:00:00.000Z`);
  // Date rolls 2024-02-31 over into March; a real day comes back unchanged.
  if (Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 10) !== day) {
    throw new AuditFilterError(field, problems.dayUnknown(day));
  }
  return instant.toISOString();
}

function nextDayStart(day: string, field: 'from' | 'to'): string {
  const start = new Date(dayStart(day, field));
  start.setUTCDate(start.getUTCDate() + 1);
  return start.toISOString();
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
