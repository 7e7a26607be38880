/**
 * Every way managing sections, tags and authors refuses, each with a stable code that HTTP and tests
 * match on. Messages are for the people in the newsroom.
 */
export const taxonomyErrorCodes = {
  /** No such section, tag or author. */
  TAXON_NOT_FOUND: 'TAXON_NOT_FOUND',
  /** The role does not allow managing sections, tags and authors. */
  TAXON_FORBIDDEN: 'TAXON_FORBIDDEN',
  /** A field is wrong; `field` says which. */
  TAXON_FIELD_INVALID: 'TAXON_FIELD_INVALID',
  /** Another section, tag or author already has the address. */
  TAXON_SLUG_TAKEN: 'TAXON_SLUG_TAKEN',
} as const;

export type TaxonomyErrorCode = keyof typeof taxonomyErrorCodes;

const statusOf: Record<TaxonomyErrorCode, number> = {
  TAXON_NOT_FOUND: 404,
  TAXON_FORBIDDEN: 403,
  TAXON_FIELD_INVALID: 400,
  TAXON_SLUG_TAKEN: 409,
};

export class TaxonomyError extends Error {
  constructor(
    readonly code: TaxonomyErrorCode,
    message: string,
    /** The form field to fix, when one is to blame. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'TaxonomyError';
  }

  /** The HTTP status that says the same. */
  get statusCode(): number {
    return statusOf[this.code];
  }
}
