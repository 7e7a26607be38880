import { CHANGE_CHANNEL, latestChangeEventId, pruneChangeEvents, readChangeEvents } from '../../db/change-events.ts';
import type { DatabaseHandle, NotificationListener } from '../../db/open-database.ts';
import type { Transaction } from 'kysely';
import type { ChangeEventRow, Database } from '../../db/schema.ts';
import type { ChangeEvent } from './change-log.ts';

/** Receives committed change events in `id` order, each batch once. */
export type ChangeListener = (events: readonly ChangeEvent[]) => void | Promise<void>;

export interface ChangeFeedOptions {
  /**
   * How often to look for events written by other processes: on SQLite the only way to hear of them (an
   * operator's `dateline import-text` while the site runs); on PostgreSQL a safety net under LISTEN/NOTIFY.
   */
  pollMs?: number;
  /** How long events are kept for consumers that fall behind (default 7 days). */
  retentionMs?: number;
  onError?: (error: unknown) => void;
}

const BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Follows the change-event outbox (docs/decisions/009-page-cache-and-change-events.md) and hands each
 * committed event to the listeners once, in order: on PostgreSQL when NOTIFY says a new one committed, and
 * after every (re)connection by replaying from the last id seen, so a lost notification never leaves a page
 * stale; on SQLite by polling the table. `catchUp()` reads at once, so a request that made a change can
 * answer only after this server's caches have seen it.
 */
export class ChangeFeed {
  private lastSeenId = 0;
  private readonly listeners: ChangeListener[] = [];
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private poller: NodeJS.Timeout | undefined;
  private pruner: NodeJS.Timeout | undefined;
  private listener: NotificationListener | undefined;
  private isStarted = false;
  private delivered = 0;
  private lastDeliveredAt = 0;
  private readonly pollMs: number;

  constructor(
    private readonly database: Pick<DatabaseHandle, 'db' | 'engine' | 'listen'>,
    private readonly options: ChangeFeedOptions = {},
  ) {
    this.pollMs = options.pollMs ?? (database.engine === 'sqlite' ? 200 : 1000);
  }

  /** Starts after the newest event already written: this process has nothing cached from before it. */
  async start(): Promise<void> {
    if (this.isStarted) return;
    this.isStarted = true;
    this.lastSeenId = await latestChangeEventId(this.database.db);
    if (this.database.listen) {
      this.listener = await this.database.listen(CHANGE_CHANNEL, {
        onNotify: () => void this.catchUp().catch((error) => this.options.onError?.(error)),
        onConnect: () => void this.catchUp().catch((error) => this.options.onError?.(error)),
        onError: (error) => this.options.onError?.(error),
      });
    }
    this.poller = setInterval(() => void this.catchUp().catch((error) => this.options.onError?.(error)), this.pollMs);
    this.poller.unref();
    const retentionMs = this.options.retentionMs ?? 7 * DAY_MS;
    this.pruner = setInterval(() => void this.prune(retentionMs).catch((error) => this.options.onError?.(error)), Math.min(retentionMs, DAY_MS) / 24);
    this.pruner.unref();
  }

  async stop(): Promise<void> {
    this.isStarted = false;
    if (this.poller) clearInterval(this.poller);
    if (this.pruner) clearInterval(this.pruner);
    await this.listener?.close();
    this.listener = undefined;
    await this.chain;
  }

  /**
   * Runs `fn` in one transaction and, once it has committed, catches up: when a change made through here
   * returns, this process's caches have already dropped what it touched. Every service that changes what
   * readers see writes through this.
   * @example await changes.transaction(async (trx) => { …; await recordChange(trx, change, now); })
   */
  async transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const result = await this.database.db.transaction().execute(fn);
    // The change is made: a failure to read it back now is the poller's to make good, not the caller's.
    await this.catchUp().catch((error) => this.options.onError?.(error));
    return result;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /**
   * Reads and delivers every event committed so far. One read runs at a time; callers arriving while one
   * runs share a single read queued after it, which starts after their call and so covers their changes.
   */
  catchUp(): Promise<void> {
    // Before `start` nobody in this process keeps anything to drop (the command line, a test of one service).
    if (!this.isStarted) return Promise.resolve();
    if (this.queued) return this.queued;
    const read = this.chain.then(() => {
      this.queued = undefined;
      return this.readAll();
    });
    this.queued = read;
    this.chain = read.catch(() => {});
    return read;
  }

  /**
   * How far behind the outbox this process is: events committed and not yet delivered here, and the age of
   * the oldest of them (0 and 0 when it is keeping up).
   */
  async lag(now = Date.now()): Promise<{ events: number; seconds: number }> {
    const behind = await readChangeEvents(this.database.db, this.lastSeenId, 1);
    if (behind.length === 0) return { events: 0, seconds: 0 };
    const latest = await latestChangeEventId(this.database.db);
    return { events: latest - this.lastSeenId, seconds: Math.max(0, (now - Date.parse(behind[0]?.occurred_at ?? '')) / 1000) };
  }

  /** Figures for operators: how far this server has read, and when it last received something. */
  stats(): { lastSeenId: number; delivered: number; lastDeliveredAt: number } {
    return { lastSeenId: this.lastSeenId, delivered: this.delivered, lastDeliveredAt: this.lastDeliveredAt };
  }

  private async readAll(): Promise<void> {
    for (;;) {
      const rows = await readChangeEvents(this.database.db, this.lastSeenId, BATCH);
      if (rows.length === 0) return;
      const events = rows.map(toChangeEvent);
      for (const listener of [...this.listeners]) {
        try {
          await listener(events);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
      this.lastSeenId = events[events.length - 1]?.id ?? this.lastSeenId;
      this.delivered += events.length;
      this.lastDeliveredAt = Date.now();
      if (rows.length < BATCH) return;
    }
  }

  private async prune(retentionMs: number): Promise<void> {
    await pruneChangeEvents(this.database.db, new Date(Date.now() - retentionMs).toISOString());
  }
}

/** A stored event as consumers receive it. */
export function toChangeEvent(row: ChangeEventRow): ChangeEvent {
  return {
    id: row.id,
    kind: row.kind,
    occurredAt: row.occurred_at,
    editionCode: row.edition_code,
    storyCode: row.story_code,
    keys: JSON.parse(row.keys) as string[],
    subject: JSON.parse(row.subject) as Record<string, unknown>,
  };
}
