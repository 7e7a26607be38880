import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Actor } from '../accounts/account-types.ts';
import { MediaError } from './media-errors.ts';
import type { MediaService, Picture, PictureDetails } from './media-service.ts';
import { variantPath, widthsFor } from './variant-plan.ts';

/** The largest file the library takes, from the newsroom's forms and the command line alike. */
export const MAX_UPLOAD_BYTES = 40 * 1024 * 1024;

export type AddFileOutcome = { ok: true; file: string; picture: Picture; largestPath: string } | { ok: false; file: string; error: string };

/**
 * Adds picture files to the library through the same checks as the newsroom's uploads, one by one; a bad
 * file is reported and the others still load.
 * @example await addPictureFiles(media, commandLineActor, ['a.jpg', 'b.png'], { credit: 'Reuters' })
 */
export async function addPictureFiles(media: MediaService, actor: Actor, files: readonly string[], details: Partial<PictureDetails>): Promise<AddFileOutcome[]> {
  const outcomes: AddFileOutcome[] = [];
  for (const file of files) {
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new MediaError('MEDIA_TYPE_REFUSED', 'not a file');
      if (info.size > MAX_UPLOAD_BYTES) throw new MediaError('MEDIA_FILE_TOO_LARGE', `The file is ${(info.size / 1024 / 1024).toFixed(1)} MB: the limit is ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
      const picture = await media.add(actor, { bytes: await readFile(file), fileName: basename(file) }, details);
      outcomes.push({ ok: true, file, picture, largestPath: largestVariantPath(picture) });
    } catch (error) {
      if (error instanceof MediaError) outcomes.push({ ok: false, file, error: error.message });
      else if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('E')) outcomes.push({ ok: false, file, error: `cannot read it (${error.code})` });
      else throw error;
    }
  }
  return outcomes;
}

/** The path of a picture's widest uncropped JPEG: the one URL that every browser and tool can open. */
export function largestVariantPath(picture: Picture): string {
  const widths = widthsFor(picture, 'original');
  return variantPath(picture, 'original', widths[widths.length - 1]!, 'jpeg');
}
