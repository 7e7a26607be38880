import { DatelineError } from '../errors/dateline-error.ts';

/**
 * The database could not answer in time: the SQLite write lock is held by another process, or PostgreSQL is
 * stalled, unreachable or over its timeouts. Nothing was written. HTTP answers 503 with `Retry-After`; the
 * CLI prints the message.
 */
export class DatabaseUnavailableError extends DatelineError {
  /** How long a client should wait before trying again, in seconds. */
  declare readonly retryAfterSeconds: number;

  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super('DATABASE_UNAVAILABLE', message, { cause: options.cause, retryAfterSeconds: options.retryAfterSeconds ?? 5 });
  }
}
