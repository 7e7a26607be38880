import type { Clock } from '../modules/clock/clock.ts';
import type { ScheduledPublication, StoryWorkflow } from '../modules/newsroom/index.ts';

export type { ScheduledPublication };

/** Where the scheduler reports; Fastify's (pino's) logger fits. */
export interface SchedulerLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SchedulerOptions {
  /** The one go-live path: the scheduler publishes through the newsroom's workflow, like a person would. */
  workflow: StoryWorkflow;
  clock: Clock;
  logger?: SchedulerLogger;
  /** The longest wait between two looks, in milliseconds (default 15 s). It wakes sooner for a story due sooner. */
  intervalMs?: number;
}

/** Stories claimed per round; a long catch-up takes several rounds of one run. */
const BATCH = 100;
const MIN_WAKE_MS = 250;

/**
 * Publishes scheduled stories when their time comes (docs/decisions/006-story-workflow.md).
 *
 * - **Survives a restart**: the schedule is in the database (`status = 'scheduled'`, `scheduled_at`), not in
 *   timers; `start()` looks at once, so what fell due while the server was down goes out on boot.
 * - **Exactly once**, even with several app servers running schedulers on one database: each story is
 *   claimed by `StoryWorkflow.publishScheduled`, a conditional update only one server's can make; that one
 *   indexes it, audits it and records its change event, in the same transaction.
 * - **Never before the embargo**, and never a deleted story: both are in the claim's condition too.
 * - Time comes from the injected clock, so tests move it and call `runDue()` instead of sleeping.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private isStopped = true;
  private readonly intervalMs: number;

  constructor(private readonly options: SchedulerOptions) {
    this.intervalMs = options.intervalMs ?? 15_000;
  }

  /**
   * Publishes every story due by the clock's now, oldest schedule first; returns those this call published
   * (not those another scheduler got to first).
   * @example const published = await scheduler.runDue()
   */
  async runDue(): Promise<ScheduledPublication[]> {
    const { workflow } = this.options;
    const now = this.options.clock.now();
    const published: ScheduledPublication[] = [];
    const tried = new Set<number>();
    for (;;) {
      const due = await workflow.listDueStoryIds(now, tried, BATCH);
      for (const id of due) {
        tried.add(id);
        const publication = await workflow.publishScheduled(id, now);
        if (publication) published.push(publication);
      }
      if (due.length < BATCH) break;
    }
    return published;
  }

  /** Looks at once (catching up on anything missed while the server was down), then keeps looking until `stop()`. */
  start(): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    this.tick();
  }

  /** Stops looking; waits for a round in progress to finish, so shutdown never cuts a publication in half. */
  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.isStopped) return;
    const round = (async () => {
      try {
        const published = await this.runDue();
        for (const p of published) this.options.logger?.info({ story: p.storyId, edition: p.editionCode, code: p.code, scheduledAt: p.scheduledAt }, 'scheduler published a story');
      } catch (error) {
        // A failed round (the database away for a moment) is retried on the next one; nothing is lost.
        this.options.logger?.error({ err: error }, 'scheduler round failed');
      }
      return this.nextWakeMs();
    })();
    this.running = round;
    void round.then((delay) => {
      if (this.isStopped) return;
      this.timer = setTimeout(() => this.tick(), delay);
      // The scheduler alone must not keep the process alive.
      this.timer.unref();
    });
  }

  /** Sooner than the interval when a story falls due sooner, so publications land close to their minute. */
  private async nextWakeMs(): Promise<number> {
    try {
      const next = await this.options.workflow.findNextScheduledAt();
      const wait = next ? Date.parse(next) - this.options.clock.now().getTime() : Number.POSITIVE_INFINITY;
      return Math.min(this.intervalMs, Math.max(MIN_WAKE_MS, wait));
    } catch {
      return this.intervalMs;
    }
  }
}
