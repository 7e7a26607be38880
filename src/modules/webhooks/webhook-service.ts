import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { readChangeEvents } from '../../db/change-events.ts';
import type { Database, WebhookDeliveryRow, WebhookDeliveryStatusColumn, WebhookEndpointRow } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import type { AuditLog, AuditRecord } from '../audit/audit-log.ts';
import { toChangeEvent } from '../changes/index.ts';
import type { Clock } from '../clock/clock.ts';
import type { TargetPolicy } from './address-guard.ts';
import { targetRefusalOf } from './address-guard.ts';
import { WebhookError } from './webhook-errors.ts';
import { webhookProblems as problems } from './webhook-problems.ts';
import { isWebhookEventType, storyKeyOf, webhookMessageOf, type MessageLinks, type WebhookEventType } from './webhook-events.ts';
import type { AttemptOutcome } from './webhook-sender.ts';
import { newWebhookSecret, signWebhook } from './webhook-signature.ts';

export interface WebhookEndpoint {
  id: number;
  url: string;
  description: string;
  events: WebhookEventType[];
  isEnabled: boolean;
  /**
   * Set when the system turned it off after a day of failures: the last failure, in its stored form
   * (`answered:503`, see delivery-failure.ts), from which the newsroom words its notice.
   */
  disabledReason: string | null;
  disabledAt: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export type WebhookDeliveryStatus = WebhookDeliveryStatusColumn;

export interface WebhookDelivery {
  id: number;
  endpointId: number;
  eventId: number;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  responseExcerpt: string | null;
  lastError: string | null;
  finishedAt: string | null;
  payload: string;
}

/** What an admin sets on an endpoint. */
export interface WebhookEndpointFields {
  url: string;
  description: string;
  events: readonly string[];
  isEnabled: boolean;
}

/** A delivery one app server has claimed, with all it needs to make the attempt. */
export interface ClaimedDelivery {
  id: number;
  leaseToken: string;
  attempt: number;
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface WebhookServiceOptions {
  /** Which targets are refused (WEBHOOK_ALLOW_PRIVATE, the site's own host name). */
  policy: TargetPolicy;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Retries go on this long after the event; an endpoint failing this long is turned off. */
export const WEBHOOK_RETRY_WINDOW_MS = DAY_MS;
/** The first retry's delay; each next one doubles, up to the cap, with jitter. */
const FIRST_RETRY_MS = 10_000;
const MAX_RETRY_MS = 3 * HOUR_MS;
/** After a rotation the old secret signs beside the new one this long, so receivers can switch over. */
const PREVIOUS_SECRET_MS = DAY_MS;
const ENQUEUE_BATCH = 500;
const URL_MAX_LENGTH = 2000;
const DESCRIPTION_MAX_LENGTH = 500;
const CURSOR = 'deliveries';

/**
 * The delay before retry number `attempt` (1 after the first failure): exponential from 10 s, capped at
 * 3 h, the second half of each delay random (so receivers coming back are not hit by every sender at once).
 * @example retryDelayMs(1, () => 0.5) // 7 500
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Webhooks (docs/decisions/020-webhooks.md): the endpoints admins register, and their deliveries, made
 * from the change-event outbox and sent by the delivery job (src/jobs/webhook-deliverer.ts), which calls
 * `enqueueNewEvents`, `claimDue` and `recordOutcome` on every app server at once without two of them
 * sending the same attempt.
 */
export class WebhookService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly options: WebhookServiceOptions,
  ) {}

  async list(): Promise<WebhookEndpoint[]> {
    const rows = await this.db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute();
    return rows.map(toEndpoint);
  }

  /** Throws `WEBHOOK_NOT_FOUND`. */
  async get(id: number): Promise<WebhookEndpoint> {
    return toEndpoint(await this.row(this.db, id));
  }

  /**
   * Registers an endpoint; its secret is returned this once and never shown again.
   * @example const { endpoint, secret } = await webhooks.create(actor, { url: 'https://hooks.example.org/in', description: 'Apps', events: ['story.published'], isEnabled: true })
   */
  async create(actor: Actor, fields: WebhookEndpointFields): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const clean = this.validate(fields);
    const now = this.clock.now().toISOString();
    const secret = newWebhookSecret();
    return this.db.transaction().execute(async (trx) => {
      const latest = await trx.selectFrom('change_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      const row = await trx
        .insertInto('webhook_endpoints')
        .values({
          url: clean.url,
          description: clean.description,
          events: JSON.stringify(clean.events),
          is_enabled: clean.isEnabled ? 1 : 0,
          secret,
          after_event_id: Number(latest?.id ?? 0),
          created_by: actorIdOf(actor),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.record(trx, actor, 'webhook.created', row.id, { url: clean.url, events: clean.events });
      return { endpoint: toEndpoint(row), secret };
    });
  }

  /** Changes an endpoint. Turning it on again clears a day-of-failures notice. Throws `WEBHOOK_NOT_FOUND`, `WEBHOOK_FIELD_INVALID`. */
  async update(actor: Actor, id: number, fields: WebhookEndpointFields): Promise<WebhookEndpoint> {
    const clean = this.validate(fields);
    const now = this.clock.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, id);
      const isTurnedOn = clean.isEnabled && !before.is_enabled;
      const isTurnedOff = !clean.isEnabled && Boolean(before.is_enabled);
      const row = await trx
        .updateTable('webhook_endpoints')
        .set({
          url: clean.url,
          description: clean.description,
          events: JSON.stringify(clean.events),
          is_enabled: clean.isEnabled ? 1 : 0,
          updated_at: now,
          ...(isTurnedOn ? { failing_since: null, disabled_at: null, disabled_reason: null } : {}),
          ...(isTurnedOff ? { disabled_at: now } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.record(trx, actor, 'webhook.changed', id, { url: clean.url, events: clean.events, isEnabled: clean.isEnabled });
      return toEndpoint(row);
    });
  }

  /** Deletes an endpoint and its deliveries. Throws `WEBHOOK_NOT_FOUND`. */
  async remove(actor: Actor, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, id);
      await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
      await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
      await this.record(trx, actor, 'webhook.deleted', id, { url: before.url });
    });
  }

  /**
   * A new secret, returned this once. The old one keeps signing beside it for a day (two `v1,` signatures
   * in one header, as the Standard Webhooks spec allows), so a receiver can switch without losing a message.
   */
  async rotateSecret(actor: Actor, id: number): Promise<string> {
    const now = this.clock.now();
    const secret = newWebhookSecret();
    await this.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, id);
      await trx
        .updateTable('webhook_endpoints')
        .set({ secret, previous_secret: before.secret, previous_secret_until: new Date(now.getTime() + PREVIOUS_SECRET_MS).toISOString(), updated_at: now.toISOString() })
        .where('id', '=', id)
        .execute();
      await this.record(trx, actor, 'webhook.secret_rotated', id, {});
    });
    return secret;
  }

  /** The endpoint's deliveries, newest first. */
  async listDeliveries(endpointId: number, limit = 50): Promise<WebhookDelivery[]> {
    const rows = await this.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toDelivery);
  }

  /**
   * Sends a delivery again, by hand: it is due at once, with a fresh day of retries. Throws
   * `WEBHOOK_NOT_FOUND`, and `WEBHOOK_FIELD_INVALID` while the endpoint is off.
   */
  async redeliver(actor: Actor, endpointId: number, deliveryId: number): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const endpoint = await this.row(trx, endpointId);
      if (!endpoint.is_enabled) throw new WebhookError('WEBHOOK_FIELD_INVALID', problems.endpointOff);
      const updated = await trx
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', next_attempt_at: now.toISOString(), give_up_at: new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS).toISOString(), finished_at: null, lease_until: null, lease_token: null })
        .where('id', '=', deliveryId)
        .where('endpoint_id', '=', endpointId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new WebhookError('WEBHOOK_NOT_FOUND', problems.noSuchDelivery);
      await this.record(trx, actor, 'webhook.redelivered', endpointId, { delivery: deliveryId });
    });
  }

  /**
   * Turns the change events after the cursor into deliveries for the enabled endpoints subscribed to them,
   * and moves the cursor, in one transaction; returns how many deliveries it made. Its first write locks
   * the cursor, so app servers doing this at once take turns, and the unique (endpoint, event) pair makes
   * a repeat harmless.
   */
  async enqueueNewEvents(links: MessageLinks = {}): Promise<number> {
    let made = 0;
    for (;;) {
      const { count, isDone } = await this.db.transaction().execute(async (trx) => {
        await trx.updateTable('webhook_cursor').set((eb) => ({ last_event_id: eb.ref('last_event_id') })).where('name', '=', CURSOR).execute();
        const cursor = await trx.selectFrom('webhook_cursor').select('last_event_id').where('name', '=', CURSOR).executeTakeFirstOrThrow();
        const rows = await readChangeEvents(trx, Number(cursor.last_event_id), ENQUEUE_BATCH);
        const last = rows[rows.length - 1];
        if (!last) return { count: 0, isDone: true };
        const endpoints = (await trx.selectFrom('webhook_endpoints').select(['id', 'events', 'after_event_id']).where('is_enabled', '=', 1).execute()).map((e) => ({
          id: e.id,
          afterEventId: Number(e.after_event_id),
          events: new Set(JSON.parse(e.events) as string[]),
        }));
        const now = this.clock.now();
        const values = [];
        for (const event of rows.map(toChangeEvent)) {
          const message = endpoints.length > 0 ? webhookMessageOf(event, links) : undefined;
          if (!message) continue;
          const payload = JSON.stringify(message);
          for (const endpoint of endpoints) {
            if (event.id <= endpoint.afterEventId || !endpoint.events.has(message.type)) continue;
            values.push({
              endpoint_id: endpoint.id,
              event_id: event.id,
              event_type: message.type,
              story_key: storyKeyOf(event),
              payload,
              status: 'pending' as const,
              attempts: 0,
              created_at: now.toISOString(),
              next_attempt_at: now.toISOString(),
              give_up_at: new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS).toISOString(),
            });
          }
        }
        for (let at = 0; at < values.length; at += 100) {
          await trx
            .insertInto('webhook_deliveries')
            .values(values.slice(at, at + 100))
            .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
            .execute();
        }
        await trx.updateTable('webhook_cursor').set({ last_event_id: last.id }).where('name', '=', CURSOR).where('last_event_id', '<', last.id).execute();
        return { count: values.length, isDone: rows.length < ENQUEUE_BATCH };
      });
      made += count;
      if (isDone) return made;
    }
  }

  /**
   * Claims up to `limit` deliveries that are due, for `leaseMs`: each is taken by a conditional update only
   * one app server's can make. A delivery waits while an earlier one of the same story to the same endpoint
   * is still open (pending or being retried), so a story's events arrive in order. A claim that is never
   * answered (the server died mid-attempt) runs out, and the delivery is due again.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const now = this.clock.now();
    const nowText = now.toISOString();
    const candidates = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select(['d.id'])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', nowText)
      .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<=', nowText)]))
      .where('e.is_enabled', '=', 1)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('webhook_deliveries as earlier')
              .select('earlier.id')
              .whereRef('earlier.endpoint_id', '=', 'd.endpoint_id')
              .whereRef('earlier.story_key', '=', 'd.story_key')
              .where('earlier.status', '=', 'pending')
              .whereRef('earlier.id', '<', 'd.id'),
          ),
        ),
      )
      .orderBy('d.id')
      .limit(limit)
      .execute();
    const claimed: ClaimedDelivery[] = [];
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    for (const { id } of candidates) {
      const leaseToken = randomUUID();
      const taken = await this.db
        .updateTable('webhook_deliveries')
        .set((eb) => ({ lease_until: leaseUntil, lease_token: leaseToken, attempts: eb('attempts', '+', 1), last_attempt_at: nowText }))
        .where('id', '=', Number(id))
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', nowText)]))
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) continue;
      const row = await this.db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
        .select(['d.id', 'd.payload', 'd.attempts', 'e.url', 'e.secret', 'e.previous_secret', 'e.previous_secret_until'])
        .where('d.id', '=', Number(id))
        .executeTakeFirstOrThrow();
      const messageId = `msg_${row.id}`;
      const timestamp = Math.floor(now.getTime() / 1000);
      const secrets = [row.secret, ...(row.previous_secret && row.previous_secret_until && row.previous_secret_until > nowText ? [row.previous_secret] : [])];
      claimed.push({
        id: Number(row.id),
        leaseToken,
        attempt: row.attempts,
        url: row.url,
        body: row.payload,
        headers: {
          'webhook-id': messageId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': secrets.map((secret) => signWebhook(secret, messageId, timestamp, row.payload)).join(' '),
        },
      });
    }
    return claimed;
  }

  /**
   * Records an attempt's outcome, if this server's claim still holds. A failure is retried after a growing
   * delay until the day is out, then the delivery has failed; an endpoint failing for a whole day is turned
   * off, with a notice and an audit entry.
   */
  async recordOutcome(claim: Pick<ClaimedDelivery, 'id' | 'leaseToken' | 'attempt'>, outcome: AttemptOutcome): Promise<void> {
    const now = this.clock.now();
    const nowText = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      const delivery = await trx.selectFrom('webhook_deliveries').select(['endpoint_id', 'give_up_at']).where('id', '=', claim.id).where('lease_token', '=', claim.leaseToken).executeTakeFirst();
      if (!delivery) return;
      const answer = { response_status: outcome.status, response_excerpt: outcome.excerpt, last_error: outcome.error, lease_until: null, lease_token: null };
      if (outcome.isSuccess) {
        await trx.updateTable('webhook_deliveries').set({ ...answer, status: 'succeeded', finished_at: nowText }).where('id', '=', claim.id).execute();
        await trx.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', delivery.endpoint_id).execute();
        return;
      }
      // The last retry lands at the end of the day, so a failed delivery was tried for the whole of it.
      const isLast = nowText >= delivery.give_up_at;
      const backoff = new Date(now.getTime() + retryDelayMs(claim.attempt)).toISOString();
      const next = backoff < delivery.give_up_at ? backoff : delivery.give_up_at;
      await trx
        .updateTable('webhook_deliveries')
        .set({ ...answer, ...(isLast ? { status: 'failed' as const, finished_at: nowText } : { next_attempt_at: next }) })
        .where('id', '=', claim.id)
        .execute();
      const endpoint = await this.row(trx, delivery.endpoint_id);
      const failingSince = endpoint.failing_since ?? nowText;
      if (endpoint.failing_since === null) await trx.updateTable('webhook_endpoints').set({ failing_since: nowText }).where('id', '=', endpoint.id).execute();
      if (endpoint.is_enabled && now.getTime() - Date.parse(failingSince) >= WEBHOOK_RETRY_WINDOW_MS) {
        // The last failure, in its stored form: the newsroom words the notice in each reader's language.
        const lastFailure = outcome.error ?? 'unknown';
        await trx.updateTable('webhook_endpoints').set({ is_enabled: 0, disabled_at: nowText, disabled_reason: lastFailure, updated_at: nowText }).where('id', '=', endpoint.id).execute();
        await this.audit.record({ action: 'webhook.disabled', actorId: null, subject: { type: 'webhook', id: endpoint.id }, details: { url: endpoint.url, failingSince, lastError: outcome.error } }, trx, now);
      }
    });
  }

  /** When the next pending delivery falls due, if any: the job sleeps until then. */
  async nextDueAt(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select((eb) => eb.fn.min('d.next_attempt_at').as('at'))
      .where('d.status', '=', 'pending')
      .where('e.is_enabled', '=', 1)
      .executeTakeFirst();
    return row?.at ?? undefined;
  }

  private validate(fields: WebhookEndpointFields): { url: string; description: string; events: WebhookEventType[]; isEnabled: boolean } {
    const text = fields.url.trim();
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new WebhookError('WEBHOOK_FIELD_INVALID', problems.urlInvalid, 'url');
    }
    if (text.length > URL_MAX_LENGTH) throw new WebhookError('WEBHOOK_FIELD_INVALID', problems.urlTooLong(URL_MAX_LENGTH), 'url');
    const refusal = targetRefusalOf(url, this.options.policy);
    if (refusal) throw new WebhookError('WEBHOOK_FIELD_INVALID', problems.addressRefused(refusal), 'url');
    const description = fields.description.trim();
    if (description.length > DESCRIPTION_MAX_LENGTH) throw new WebhookError('WEBHOOK_FIELD_INVALID', problems.descriptionTooLong(DESCRIPTION_MAX_LENGTH), 'description');
    const events = [...new Set(fields.events)];
    const unknown = events.find((e) => !isWebhookEventType(e));
    if (unknown !== undefined) throw new WebhookError('WEBHOOK_FIELD_INVALID', problems.unknownEvent(unknown), 'events');
    if (events.length === 0) throw new WebhookError('WEBHOOK_FIELD_INVALID', problems.noEvents, 'events');
    return { url: url.href, description, events: events as WebhookEventType[], isEnabled: fields.isEnabled };
  }

  private async row(executor: Kysely<Database>, id: number): Promise<WebhookEndpointRow> {
    const row = await executor.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new WebhookError('WEBHOOK_NOT_FOUND', problems.noSuchEndpoint);
    return row;
  }

  private async record(trx: Transaction<Database>, actor: Actor, action: AuditRecord['action'], id: number, details: Record<string, unknown>): Promise<void> {
    await this.audit.record(
      { action, actorId: actorIdOf(actor), subject: { type: 'webhook', id }, details, addressHash: actor.kind === 'person' ? actor.addressHash : null },
      trx,
      this.clock.now(),
    );
  }
}

function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: (JSON.parse(row.events) as string[]).filter(isWebhookEventType),
    isEnabled: Boolean(row.is_enabled),
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at,
    failingSince: row.failing_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: Number(row.id),
    endpointId: row.endpoint_id,
    eventId: Number(row.event_id),
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    responseStatus: row.response_status,
    responseExcerpt: row.response_excerpt,
    lastError: row.last_error,
    finishedAt: row.finished_at,
    payload: row.payload,
  };
}
