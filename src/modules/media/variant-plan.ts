import { createHash } from 'node:crypto';
import type { MediaCropColumn, MediaFormatColumn } from '../../db/schema.ts';

export type Crop = MediaCropColumn;
export type VariantFormat = MediaFormatColumn;

/** The widths readers' browsers choose from. Never above the picture's own width: nothing is upscaled. */
export const widthLadder = [320, 480, 640, 800, 1024, 1280, 1600, 2048] as const;
/** Best first: a browser takes the first `<source>` it can show; JPEG is the `<img>` fallback. */
export const variantFormats: readonly VariantFormat[] = ['avif', 'webp', 'jpeg'];
export const crops: readonly Crop[] = ['original', '16x9', '4x3', '1x1'];

/**
 * Bumped whenever the encoder settings change, so that every variant gets a new key (and URL) and no
 * browser keeps an old file under an immutable URL.
 */
export const ENCODER_VERSION = 1;

const ratios: Record<Exclude<Crop, 'original'>, number> = { '16x9': 16 / 9, '4x3': 4 / 3, '1x1': 1 };

/** What a variant's bytes depend on. */
export interface PictureGeometry {
  id: number;
  masterHash: string;
  width: number;
  height: number;
  focalX: number;
  focalY: number;
}

export interface CropRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface VariantSpec {
  crop: Crop;
  width: number;
  height: number;
  format: VariantFormat;
}

/**
 * The region of the master a crop keeps: as large as the aspect allows, centred on the focal point and
 * slid back inside the picture at its edges.
 * @example cropRect({ width: 4000, height: 3000, focalX: 0.9, focalY: 0.5, … }, '1x1') // { left: 1000, top: 0, width: 3000, height: 3000 }
 */
export function cropRect(picture: Pick<PictureGeometry, 'width' | 'height' | 'focalX' | 'focalY'>, crop: Crop): CropRect {
  const { width, height } = picture;
  if (crop === 'original') return { left: 0, top: 0, width, height };
  const ratio = ratios[crop];
  const cropWidth = width / height > ratio ? Math.round(height * ratio) : width;
  const cropHeight = width / height > ratio ? height : Math.round(width / ratio);
  const clamp = (value: number, max: number) => Math.min(Math.max(0, Math.round(value)), max);
  return {
    left: clamp(picture.focalX * width - cropWidth / 2, width - cropWidth),
    top: clamp(picture.focalY * height - cropHeight / 2, height - cropHeight),
    width: cropWidth,
    height: cropHeight,
  };
}

/** The widths a crop is offered at: the ladder up to the crop's own width, and that width when it falls between rungs. */
export function widthsFor(picture: Pick<PictureGeometry, 'width' | 'height' | 'focalX' | 'focalY'>, crop: Crop): number[] {
  const full = cropRect(picture, crop).width;
  const widths: number[] = widthLadder.filter((w) => w <= full);
  const largest = widthLadder[widthLadder.length - 1]!;
  if (full < largest && !widths.includes(full)) widths.push(full);
  return widths;
}

/** The height of a variant of `width` pixels, keeping the crop's aspect. */
export function heightFor(picture: Pick<PictureGeometry, 'width' | 'height' | 'focalX' | 'focalY'>, crop: Crop, width: number): number {
  const rect = cropRect(picture, crop);
  return Math.max(1, Math.round((width * rect.height) / rect.width));
}

/**
 * The content key of a variant: a hash of everything its bytes depend on, so the URL changes whenever the
 * file would, and a URL once served can be cached for a year.
 */
export function variantKey(picture: PictureGeometry, crop: Crop, width: number, format: VariantFormat): string {
  // The focal point moves only cropped variants; the uncropped ones keep their URLs when it changes.
  const focal = crop === 'original' ? '' : `${picture.focalX.toFixed(4)},${picture.focalY.toFixed(4)}`;
  return createHash('sha256').update(`${ENCODER_VERSION}|${picture.masterHash}|${crop}|${focal}|${width}|${format}`).digest('hex').slice(0, 24);
}

// `.jpeg`, not `.jpg`: feed writers derive the MIME type from the extension (`image/jpeg`).
const extensions: Record<VariantFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpeg' };
export const contentTypes: Record<VariantFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };

/**
 * A variant's path on the site: `/media/12/1x1-640-<key>.avif`.
 * @example variantPath(picture, '16x9', 1280, 'jpeg') // '/media/12/16x9-1280-3f2a….jpeg'
 */
export function variantPath(picture: PictureGeometry, crop: Crop, width: number, format: VariantFormat): string {
  return `/media/${picture.id}/${crop}-${width}-${variantKey(picture, crop, width, format)}.${extensions[format]}`;
}

/** Reads a variant path's parts back; undefined for anything that is not one. */
export function parseVariantName(name: string): { crop: Crop; width: number; key: string; format: VariantFormat } | undefined {
  const match = /^(original|16x9|4x3|1x1)-(\d{1,5})-([0-9a-f]{24})\.(avif|webp|jpeg)$/u.exec(name);
  if (!match) return undefined;
  const format = match[4] as VariantFormat;
  return { crop: match[1] as Crop, width: Number(match[2]), key: match[3]!, format };
}

/** Every variant a picture is offered in: what the upload warms and what a page may link. */
export function allVariants(picture: PictureGeometry): VariantSpec[] {
  return crops.flatMap((crop) => widthsFor(picture, crop).flatMap((width) => variantFormats.map((format) => ({ crop, width, height: heightFor(picture, crop, width), format }))));
}
