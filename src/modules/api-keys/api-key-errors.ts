import { moduleError } from '../../errors/dateline-error.ts';

/** Every way a key operation can be refused, each with a stable code (docs/decisions/019-content-api-and-keys.md). */
export const apiKeyErrorCodes = ['API_KEY_FIELD_INVALID', 'API_KEY_NOT_FOUND', 'API_KEY_FORBIDDEN'] as const;
export type ApiKeyErrorCode = (typeof apiKeyErrorCodes)[number];

export class ApiKeyError extends moduleError<ApiKeyErrorCode>() {}
