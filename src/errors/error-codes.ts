/**
 * Every error code Dateline answers with, and the HTTP status it means. This is the one place a status is
 * decided: errors carry a code, and the status follows from it. docs/errors.md says when each is used and
 * what people see; test/unit/error-codes-doc.test.ts keeps the two in step.
 *
 * Codes are SCREAMING_SNAKE_CASE and stable: API clients, the CLI and tests match on them, so a code is never
 * renamed, only added. A status of 500 marks an error of the process itself (start-up, the database's files):
 * over HTTP it is logged and answered with the generic INTERNAL_ERROR, never shown.
 */
export const errorStatus = {
  // Requests as such
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  PASSWORD_CHANGE_REQUIRED: 403,
  CSRF_TOKEN_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_ERROR: 500,
  DATABASE_UNAVAILABLE: 503,

  // Editions and settings
  EDITION_UNKNOWN: 404,
  EDITION_FIELD_INVALID: 422,
  WALL_CLOCK_INVALID: 422,

  // Search
  SEARCH_PARAMETER_INVALID: 400,

  // Stories and the workflow
  STORY_NOT_FOUND: 404,
  STORY_FORBIDDEN: 403,
  STORY_TRANSITION_INVALID: 409,
  STORY_CONFLICT: 409,
  STORY_IS_LIVE: 409,
  STORY_FIELD_INVALID: 422,
  STORY_IMPORT_CONFLICT: 409,
  STORY_INVALID: 422,
  STORY_BODY_INVALID: 422,
  STORY_BODY_DAMAGED: 500,
  STORY_NOT_PUBLISHED: 409,
  STORY_TEXT_INVALID: 422,
  STORY_TRANSLATION_EXISTS: 409,
  STORY_NOT_A_TRANSLATION: 409,
  IMPORT_FILE_INVALID: 422,
  IMPORT_PICTURE_UNAVAILABLE: 422,
  IMPORT_STAFF_BEFORE_OWNER: 409,

  // Corrections and curation
  NOTE_INVALID: 422,
  CURATION_INVALID: 422,
  ALREADY_CHOSEN: 409,
  LIST_FULL: 409,
  LIST_CHANGED: 409,

  // Pictures
  MEDIA_FILE_EMPTY: 400,
  MEDIA_FILE_TOO_LARGE: 413,
  MEDIA_TYPE_REFUSED: 415,
  MEDIA_TOO_LARGE_DIMENSIONS: 422,
  MEDIA_FILE_DAMAGED: 422,
  MEDIA_NOT_FOUND: 404,
  MEDIA_FORBIDDEN: 403,
  MEDIA_IN_USE: 409,
  MEDIA_FIELD_INVALID: 400,
  MEDIA_ALT_MISSING: 400,

  // Sections, tags and authors
  TAXON_NOT_FOUND: 404,
  TAXON_FORBIDDEN: 403,
  TAXON_FIELD_INVALID: 422,
  TAXON_SLUG_TAKEN: 409,

  // An edition's own pages and footer links
  PAGE_NOT_FOUND: 404,
  PAGE_FORBIDDEN: 403,
  PAGE_FIELD_INVALID: 422,
  PAGE_SLUG_TAKEN: 409,

  // Comments
  COMMENTS_CLOSED: 403,
  FORM_EXPIRED: 403,
  TOO_FAST: 400,
  COMMENT_REFUSED: 400,
  RATE_LIMITED: 429,
  BANNED: 403,
  COMMENT_INVALID: 400,
  COMMENT_TOO_LONG: 400,
  DUPLICATE: 409,
  TOO_MANY_LINKS: 400,
  COMMENT_NOT_FOUND: 404,
  SECTION_NOT_FOUND: 404,
  BAN_NOT_FOUND: 404,
  WORD_NOT_FOUND: 404,
  SETTINGS_INVALID: 422,

  // Accounts
  ACCOUNT_INVALID: 422,
  EMAIL_TAKEN: 409,
  ACCOUNT_NOT_FOUND: 404,
  SETUP_CLOSED: 404,
  LAST_OWNER: 409,
  SELF_CHANGE: 409,
  WRONG_PASSWORD: 422,
  TOO_MANY_ATTEMPTS: 429,

  // Webhooks
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_FIELD_INVALID: 422,
  WEBHOOK_ADDRESS_REFUSED: 422,
  // The content API and API keys
  PARAMETER_INVALID: 400,
  API_KEY_REQUIRED: 401,
  API_KEY_INVALID: 401,
  API_KEY_SCOPE: 403,
  ORIGIN_NOT_ALLOWED: 403,
  API_KEY_FIELD_INVALID: 422,
  API_KEY_NOT_FOUND: 404,
  API_KEY_FORBIDDEN: 403,

  // The audit log
  AUDIT_FILTER_INVALID: 400,

  // The process: start-up, configuration and the database's files (the CLI prints them in one line)
  CONFIG_INVALID: 500,
  DATABASE_URL_INVALID: 500,
  MIGRATION_FAILED: 500,
  BACKUP_FAILED: 500,
  STARTUP_FAILED: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;

/** The status a code answers with over HTTP. */
export function statusOf(code: ErrorCode): number {
  return errorStatus[code];
}
