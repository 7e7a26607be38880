import type { ChangeFeed } from '../modules/changes/index.ts';
import { sendWebhook, type AttemptOutcome, type MessageLinks, type SendOptions, type WebhookService } from '../modules/webhooks/index.ts';
import type { SchedulerLogger } from './scheduler.ts';

export interface WebhookDelivererOptions {
  webhooks: WebhookService;
  /** Wakes the deliverer when a change commits, here or on another app server. */
  changes?: Pick<ChangeFeed, 'subscribe'>;
  /** Absolute story addresses for the messages. */
  links?: MessageLinks;
  /** Which targets are refused, and the attempt's limits. */
  send: SendOptions;
  logger?: SchedulerLogger;
  /** The longest wait between two looks (default 5 s); it wakes sooner when a retry falls due sooner. */
  intervalMs?: number;
  /** Attempts in flight at once (default 4). */
  concurrency?: number;
}

const CLAIM_BATCH = 20;
const MIN_WAKE_MS = 100;

/**
 * Sends webhooks (docs/decisions/020-webhooks.md): turns new change events into deliveries, claims those
 * due and sends them, a few at a time.
 *
 * - **Several app servers**: each claims a delivery with a conditional update and a lease before sending
 *   it, so no two send the same attempt; a claim a crashed server leaves behind runs out and the delivery
 *   is due again.
 * - **Survives a restart**: deliveries and their schedule are rows, not timers; `start()` looks at once.
 * - `stop()` waits for attempts in flight, so an attempt is recorded before the database closes.
 * - Time for retries and leases comes from the service's clock, so tests move it and call `runDue()`.
 */
export class WebhookDeliverer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private isStopped = true;
  private isWakeQueued = false;
  private unsubscribe: (() => void) | undefined;
  private readonly intervalMs: number;
  private readonly leaseMs: number;

  constructor(private readonly options: WebhookDelivererOptions) {
    this.intervalMs = options.intervalMs ?? 5000;
    // Long enough for an attempt to time out and be recorded; a dead server's claims come back after it.
    this.leaseMs = (options.send.timeoutMs ?? 10_000) * 6;
  }

  /**
   * Makes deliveries of new events, then sends every delivery due now, round after round until none is
   * due; returns the outcomes of the attempts this call made.
   * @example await deliverer.runDue()
   */
  async runDue(): Promise<AttemptOutcome[]> {
    const { webhooks } = this.options;
    await webhooks.enqueueNewEvents(this.options.links);
    const outcomes: AttemptOutcome[] = [];
    const concurrency = this.options.concurrency ?? 4;
    for (;;) {
      const claimed = await webhooks.claimDue(CLAIM_BATCH, this.leaseMs);
      if (claimed.length === 0) return outcomes;
      let next = 0;
      const worker = async () => {
        for (let claim = claimed[next++]; claim; claim = claimed[next++]) {
          const outcome = await sendWebhook(claim.url, claim.headers, claim.body, this.options.send);
          await webhooks.recordOutcome(claim, outcome);
          outcomes.push(outcome);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
    }
  }

  /** Looks at once (sending what waited while the server was down), then keeps looking until `stop()`. */
  start(): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    this.unsubscribe = this.options.changes?.subscribe(() => this.wake());
    this.tick();
  }

  /** Stops looking; waits for the round in progress, so every attempt made is recorded. */
  async stop(): Promise<void> {
    this.isStopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** A change committed: look now rather than at the next tick (once, however many changes arrive). */
  private wake(): void {
    if (this.isStopped || this.isWakeQueued) return;
    if (!this.running) {
      if (this.timer) clearTimeout(this.timer);
      return this.tick();
    }
    this.isWakeQueued = true;
    void this.running.then(() => {
      this.isWakeQueued = false;
      if (this.timer) clearTimeout(this.timer);
      this.tick();
    });
  }

  private tick(): void {
    if (this.isStopped) return;
    const round = (async () => {
      try {
        const outcomes = await this.runDue();
        const failed = outcomes.filter((o) => !o.isSuccess).length;
        if (outcomes.length > 0) this.options.logger?.info({ sent: outcomes.length, failed }, 'webhook deliveries attempted');
      } catch (error) {
        // A failed round (the database away for a moment) is retried on the next one; nothing is lost.
        this.options.logger?.error({ err: error }, 'webhook round failed');
      }
      return this.nextWakeMs();
    })();
    this.running = round;
    void round.then((delay) => {
      this.running = undefined;
      if (this.isStopped || this.isWakeQueued) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.tick(), delay);
      this.timer.unref();
    });
  }

  private async nextWakeMs(): Promise<number> {
    try {
      const next = await this.options.webhooks.nextDueAt();
      const wait = next ? Date.parse(next) - Date.now() : Number.POSITIVE_INFINITY;
      return Math.min(this.intervalMs, Math.max(MIN_WAKE_MS, wait));
    } catch {
      return this.intervalMs;
    }
  }
}
