export { ApiKeyError, apiKeyErrorCodes, type ApiKeyErrorCode } from './api-key-errors.ts';
export { ApiKeyService, apiKeyLimits, apiKeyScopes, hashToken, TOKEN_PREFIX, type ApiKey, type ApiKeyScope, type NewApiKey, type ResolvedApiKey } from './api-key-service.ts';
