import { createHash } from 'node:crypto';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { MediaError } from './media-errors.ts';
import { mediaProblems as problems } from './media-problems.ts';
import { sniffImageType, type AcceptedImageType } from './sniff-image-type.ts';
import { cropRect, type Crop, type PictureGeometry, type VariantFormat } from './variant-plan.ts';

/** Limits on what is decoded at all: a decompression bomb is refused from its header, before any pixel is made. */
export const pictureLimits = {
  /** 60 megapixels: above any newsroom camera's full frame, far below what would exhaust memory. */
  maxPixels: 60_000_000,
  /** Longest side: panoramas are fine, a 1 × 60,000,000 strip is not. */
  maxSide: 20_000,
  /** The master is kept at most this wide or tall; readers never get more than the ladder's 2048. */
  masterSide: 4096,
} as const;

export interface PreparedMaster {
  master: Buffer;
  masterFormat: 'jpeg' | 'png';
  masterHash: string;
  width: number;
  height: number;
  sourceFormat: AcceptedImageType;
}

// Several requests at once share two cores: one encoder thread each keeps the server answering.
sharp.concurrency(1);
sharp.cache(false);

/**
 * Checks an uploaded file by its content and makes the master kept in the library: EXIF orientation
 * applied, converted to sRGB, at most `masterSide` on its longer side, and with no metadata at all —
 * EXIF (GPS positions, camera serials), XMP, IPTC and ICC profiles are dropped, because sharp writes
 * none unless asked to.
 * @example const master = await prepareMaster(await readFile('photo.jpg'))
 */
export async function prepareMaster(bytes: Buffer): Promise<PreparedMaster> {
  if (bytes.length === 0) throw new MediaError('MEDIA_FILE_EMPTY', problems.fileEmpty);
  const sourceFormat = sniffImageType(bytes.subarray(0, 64));
  if (!sourceFormat) throw new MediaError('MEDIA_TYPE_REFUSED', problems.notAPicture(contentKindOf(bytes)));
  const input = () => sharp(bytes, { limitInputPixels: pictureLimits.maxPixels, failOn: 'truncated', animated: false, autoOrient: true });
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new MediaError('MEDIA_FILE_DAMAGED', problems.unreadable);
  }
  if (sourceFormat === 'avif' && metadata.compression !== 'av1') throw new MediaError('MEDIA_TYPE_REFUSED', problems.heifNotAvif);
  if (sourceFormat === 'gif' && (metadata.pages ?? 1) > 1) throw new MediaError('MEDIA_TYPE_REFUSED', problems.animatedGif);
  const { width = 0, height = 0 } = metadata;
  if (width * height > pictureLimits.maxPixels || Math.max(width, height) > pictureLimits.maxSide) {
    throw new MediaError('MEDIA_TOO_LARGE_DIMENSIONS', problems.tooManyPixels(width, height, pictureLimits.maxPixels / 1_000_000, pictureLimits.maxSide));
  }
  if (width === 0 || height === 0) throw new MediaError('MEDIA_FILE_DAMAGED', problems.noSize);

  const hasAlpha = metadata.hasAlpha === true;
  try {
    const pipeline = input()
      .toColourspace('srgb')
      .resize({ width: pictureLimits.masterSide, height: pictureLimits.masterSide, fit: 'inside', withoutEnlargement: true });
    const { data, info } = hasAlpha
      ? await pipeline.png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true })
      : // Plain libjpeg settings, not mozjpeg's trellis search: the master is kept, not downloaded, and
        // encoding a 12-megapixel file with trellis takes several times as long.
        await pipeline.jpeg({ quality: 92, chromaSubsampling: '4:4:4' }).toBuffer({ resolveWithObject: true });
    return {
      master: data,
      masterFormat: hasAlpha ? 'png' : 'jpeg',
      masterHash: createHash('sha256').update(data).digest('hex'),
      width: info.width,
      height: info.height,
      sourceFormat,
    };
  } catch (error) {
    if (error instanceof Error && /pixel limit/iu.test(error.message)) {
      throw new MediaError('MEDIA_TOO_LARGE_DIMENSIONS', problems.overPixelLimit(pictureLimits.maxPixels / 1_000_000));
    }
    throw new MediaError('MEDIA_FILE_DAMAGED', problems.unreadableToEnd);
  }
}

/** Encoder settings, tuned for photographs on phones: small files without visible blocking. */
const encoders: Record<VariantFormat, (image: Sharp) => Sharp> = {
  avif: (image) => image.avif({ quality: 50, effort: 2 }),
  webp: (image) => image.webp({ quality: 72, effort: 4 }),
  jpeg: (image) => image.jpeg({ quality: 76, mozjpeg: true, progressive: true }),
};

/**
 * One reader-facing file: the crop around the focal point, resized to `width`, encoded as `format`,
 * with no metadata (sharp copies none from the master, which has none anyway).
 */
export async function renderVariant(master: Buffer, picture: PictureGeometry, crop: Crop, width: number, format: VariantFormat): Promise<{ bytes: Buffer; width: number; height: number }> {
  const rect = cropRect(picture, crop);
  let image = sharp(master, { limitInputPixels: pictureLimits.maxPixels });
  if (crop !== 'original') image = image.extract(rect);
  image = image.resize({ width, withoutEnlargement: true });
  // JPEG has no transparency: a transparent PNG sits on white.
  if (format === 'jpeg') image = image.flatten({ background: '#ffffff' });
  const { data, info } = await encoders[format](image).toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

/** What a refused file seems to be, so the refusal can say it in each language. */
type ContentKind = 'pdf' | 'svg' | 'html' | 'heif' | 'unknown';

function contentKindOf(bytes: Buffer): ContentKind {
  const head = bytes.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('%pdf')) return 'pdf';
  if (head.includes('<svg')) return 'svg';
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  if (bytes.subarray(4, 12).toString('latin1').startsWith('ftyp')) return 'heif';
  return 'unknown';
}
