export { isPublicAddress, targetRefusalOf, type TargetPolicy, type TargetRefusal } from './address-guard.ts';
export { readFailure, storedFailure, type DeliveryFailure } from './delivery-failure.ts';
export { WebhookError, type WebhookErrorCode } from './webhook-errors.ts';
export { isWebhookEventType, webhookEventTypes, webhookMessageOf, type MessageLinks, type WebhookEventType, type WebhookMessage } from './webhook-events.ts';
export { webhookBacklog, type WebhookBacklog } from './webhook-backlog.ts';
export { sendWebhook, type AttemptOutcome, type SendOptions } from './webhook-sender.ts';
export {
  retryDelayMs,
  WEBHOOK_RETRY_WINDOW_MS,
  WebhookService,
  type ClaimedDelivery,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookEndpoint,
  type WebhookEndpointFields,
} from './webhook-service.ts';
export { newWebhookSecret, signWebhook } from './webhook-signature.ts';
