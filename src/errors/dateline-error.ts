import { statusOf, type ErrorCode } from './error-codes.ts';

export interface DatelineErrorOptions {
  /** The form field or input to fix, when one is to blame. */
  field?: string;
  /** When the caller may try again (sent as `Retry-After`). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The base of every error Dateline means to raise. It carries a stable `code` (src/errors/error-codes.ts), the
 * HTTP `status` that code answers with, a `message` written for the person who caused it (safe to show them:
 * it never holds a stack, SQL or a path on the server), and the `field` it concerns when one is to blame.
 *
 * Anything thrown that is not a DatelineError is a fault of ours: HTTP logs it with its stack and answers 500
 * with a generic message (src/http/error-handling.ts); so does a DatelineError whose status is 500.
 *
 * @example throw new DatelineError('STORY_NOT_FOUND', 'There is no such story.')
 */
export class DatelineError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: DatelineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The HTTP status that says the same as the code. */
  get status(): number {
    return statusOf(this.code);
  }
}

/** Whether an error is one of ours that may be shown to the person who caused it. */
export function isPublicError(error: unknown): error is DatelineError {
  return error instanceof DatelineError && error.status < 500;
}

/**
 * The error class of one module: a DatelineError whose `code` can only be one of the module's own codes (and
 * `field` one of its fields), so a `switch (error.code)` in HTTP is checked against what the module raises.
 *
 * @example export class MediaError extends moduleError<MediaErrorCode>() {}
 *          throw new MediaError('MEDIA_FIELD_INVALID', 'Describe the picture for people who cannot see it.', 'alt')
 */
export function moduleError<Code extends ErrorCode, Field extends string = string>() {
  return class extends DatelineError {
    declare readonly code: Code;
    declare readonly field?: Field;

    constructor(code: Code, message: string, field?: Field, retryAfterSeconds?: number) {
      super(code, message, { field, retryAfterSeconds });
    }
  };
}
