import { moduleError } from '../../errors/dateline-error.ts';
import type { ErrorCode } from '../../errors/error-codes.ts';

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
} as const satisfies Record<string, ErrorCode>;

export type TaxonomyErrorCode = keyof typeof taxonomyErrorCodes;

export class TaxonomyError extends moduleError<TaxonomyErrorCode>() {}
