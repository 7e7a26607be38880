import { moduleError } from '../../errors/dateline-error.ts';

/**
 * Every way managing webhooks refuses, each with a stable code (src/errors/error-codes.ts, docs/errors.md)
 * that HTTP and tests match on. Messages are for the people in the newsroom.
 */
export type WebhookErrorCode = 'WEBHOOK_NOT_FOUND' | 'WEBHOOK_FIELD_INVALID';

export class WebhookError extends moduleError<WebhookErrorCode>() {}
