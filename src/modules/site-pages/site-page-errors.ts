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
} as const;

export type SitePageErrorCode = keyof typeof sitePageErrorCodes;

const statusOf: Record<SitePageErrorCode, number> = { PAGE_NOT_FOUND: 404, PAGE_FORBIDDEN: 403, PAGE_FIELD_INVALID: 400, PAGE_SLUG_TAKEN: 409 };

export class SitePageError extends Error {
  constructor(
    readonly code: SitePageErrorCode,
    message: string,
    /** The form field to fix, when one is to blame. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SitePageError';
  }

  /** The HTTP status that says the same. */
  get statusCode(): number {
    return statusOf[this.code];
  }
}
