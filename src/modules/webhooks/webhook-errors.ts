/**
 * Every way managing webhooks refuses, each with a stable code that HTTP and tests match on. Messages are
 * for the people in the newsroom.
 */
export const webhookErrorCodes = {
  /** No such endpoint or delivery. */
  WEBHOOK_NOT_FOUND: 'WEBHOOK_NOT_FOUND',
  /** A field is wrong; `field` says which. */
  WEBHOOK_FIELD_INVALID: 'WEBHOOK_FIELD_INVALID',
} as const;

export type WebhookErrorCode = keyof typeof webhookErrorCodes;

const statusOf: Record<WebhookErrorCode, number> = { WEBHOOK_NOT_FOUND: 404, WEBHOOK_FIELD_INVALID: 422 };

export class WebhookError extends Error {
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
    /** The form field to fix, when one is to blame. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'WebhookError';
  }

  /** The HTTP status that says the same. */
  get statusCode(): number {
    return statusOf[this.code];
  }
}
