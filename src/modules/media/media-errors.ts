import { moduleError } from '../../errors/dateline-error.ts';
import type { ErrorCode } from '../../errors/error-codes.ts';

/**
 * Every way the picture library refuses, each with a stable code that HTTP, the CLI and tests match on
 * (docs/decisions/012-pictures.md). Messages are for the people in the newsroom.
 */
export const mediaErrorCodes = {
  /** The file has no bytes. */
  MEDIA_FILE_EMPTY: 'MEDIA_FILE_EMPTY',
  /** The file is larger than the upload limit. */
  MEDIA_FILE_TOO_LARGE: 'MEDIA_FILE_TOO_LARGE',
  /** The content is not a JPEG, PNG, WebP, AVIF or still GIF, whatever its name says. */
  MEDIA_TYPE_REFUSED: 'MEDIA_TYPE_REFUSED',
  /** The picture has more pixels, or longer sides, than the site decodes. */
  MEDIA_TOO_LARGE_DIMENSIONS: 'MEDIA_TOO_LARGE_DIMENSIONS',
  /** The file is cut short or damaged. */
  MEDIA_FILE_DAMAGED: 'MEDIA_FILE_DAMAGED',
  /** No such picture. */
  MEDIA_NOT_FOUND: 'MEDIA_NOT_FOUND',
  /** The role does not allow this change to this picture. */
  MEDIA_FORBIDDEN: 'MEDIA_FORBIDDEN',
  /** A story still shows the picture. */
  MEDIA_IN_USE: 'MEDIA_IN_USE',
  /** A field is wrong; `field` says which. */
  MEDIA_FIELD_INVALID: 'MEDIA_FIELD_INVALID',
  /** A story cannot go out: a picture it shows has no alt text in its language. */
  MEDIA_ALT_MISSING: 'MEDIA_ALT_MISSING',
} as const satisfies Record<string, ErrorCode>;

export type MediaErrorCode = keyof typeof mediaErrorCodes;

export class MediaError extends moduleError<MediaErrorCode>() {}
