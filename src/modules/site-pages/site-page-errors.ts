import { moduleError } from '../../errors/dateline-error.ts';
import type { ErrorCode } from '../../errors/error-codes.ts';

/**
 * Every way managing an edition's own pages and footer refuses, each with a stable code that HTTP and tests
 * match on. Messages are for the people in the newsroom.
 */
export const sitePageErrorCodes = {
  /** No such page. */
  PAGE_NOT_FOUND: 'PAGE_NOT_FOUND',
  /** The role does not allow managing pages and the footer. */
  PAGE_FORBIDDEN: 'PAGE_FORBIDDEN',
  /** A field is wrong; `field` says which. */
  PAGE_FIELD_INVALID: 'PAGE_FIELD_INVALID',
  /** Another page of the edition already has the address. */
  PAGE_SLUG_TAKEN: 'PAGE_SLUG_TAKEN',
} as const satisfies Record<string, ErrorCode>;

export type SitePageErrorCode = keyof typeof sitePageErrorCodes;

export class SitePageError extends moduleError<SitePageErrorCode>() {}
