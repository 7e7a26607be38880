import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/**
 * A new signing secret in the Standard Webhooks form: `whsec_` and the base64 of 32 random bytes.
 * @example newWebhookSecret() // 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw…'
 */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * The `webhook-signature` value for one secret, as the Standard Webhooks spec defines it: `v1,` and the
 * base64 HMAC-SHA256, keyed by the secret's decoded bytes, over `id.timestamp.body`.
 * @example signWebhook('whsec_…', 'msg_42', 1700000000, '{"type":"story.published"}') // 'v1,K5oZ…='
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}
