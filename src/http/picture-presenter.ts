import { contentTypes, heightFor, variantPath, widthsFor, type Crop, type PictureGeometry } from '../modules/media/index.ts';
import type { PictureView } from '../views/picture-view-models.ts';

/** How a picture is laid out where it appears: which crop, how wide on screen, and whether it is the page's lead. */
export interface PicturePlacement {
  crop: Crop;
  /** The `sizes` attribute: the picture's width on screen at each breakpoint. */
  sizes: string;
  /** The page's largest picture above the fold: fetched first, never lazily. */
  isPriority?: boolean;
  /** The widest file worth offering here (a thumbnail never needs 2048 pixels). */
  maxWidth?: number;
}

/** Where pictures appear on the reader site and in the newsroom, each with its crop and size on screen. */
export const placements = {
  /** The story page's lead: the whole picture, as wide as the text column. */
  storyLead: { crop: 'original', sizes: '(min-width: 48rem) 46rem, 100vw', isPriority: true },
  /** A picture in a story's body. */
  storyBody: { crop: 'original', sizes: '(min-width: 48rem) 46rem, 100vw' },
  /** The home page's lead story. */
  homeLead: { crop: '16x9', sizes: '(min-width: 75rem) 47rem, (min-width: 64rem) 62vw, 100vw', isPriority: true },
  /** The home page's second tier: four across on a desktop, full width on a phone. */
  topStoryCard: { crop: '16x9', sizes: '(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw', maxWidth: 800 },
  /** The first story of a section's block on the home page. */
  sectionBlockCard: { crop: '16x9', sizes: '(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw', maxWidth: 800 },
  /** A story in a list: a small 16:9 thumbnail beside its headline. */
  listThumbnail: { crop: '16x9', sizes: '(min-width: 48rem) 12rem, 33vw', maxWidth: 640 },
  /** A Featured Stories card: 16:9 across the rail. */
  railCard: { crop: '16x9', sizes: '(min-width: 64rem) 18rem, (min-width: 48rem) 40vw, 90vw', maxWidth: 800 },
  /** An author's photo beside their name on their page: square, small. */
  authorPhoto: { crop: '1x1', sizes: '8rem', maxWidth: 480 },
  /** The newsroom's library grid. */
  libraryThumbnail: { crop: '4x3', sizes: '12rem', maxWidth: 480 },
} as const satisfies Record<string, PicturePlacement>;

/**
 * A picture's `<picture>` for one placement: AVIF and WebP sources and a JPEG fallback over the same
 * widths (never wider than the picture), lazy unless it is the placement's priority picture.
 * @example pictureView(picture, 'A flooded street', placements.storyLead)
 */
export function pictureView(picture: PictureGeometry, alt: string, placement: PicturePlacement, isBelowFold = !placement.isPriority): PictureView {
  const all = widthsFor(picture, placement.crop);
  const capped = all.filter((w) => w <= (placement.maxWidth ?? Infinity));
  const widths = capped.length > 0 ? capped : all.slice(0, 1);
  const srcsetOf = (format: 'avif' | 'webp' | 'jpeg') => widths.map((w) => `${variantPath(picture, placement.crop, w, format)} ${w}w`).join(', ');
  const fallbackWidth = widths.find((w) => w >= 640) ?? widths[widths.length - 1]!;
  const displayWidth = widths[widths.length - 1]!;
  return {
    sources: (['avif', 'webp'] as const).map((format) => ({ type: contentTypes[format], srcset: srcsetOf(format) })),
    src: variantPath(picture, placement.crop, fallbackWidth, 'jpeg'),
    srcset: srcsetOf('jpeg'),
    sizes: placement.sizes,
    width: displayWidth,
    height: heightFor(picture, placement.crop, displayWidth),
    alt,
    loading: isBelowFold ? 'lazy' : 'eager',
    isPriority: placement.isPriority === true && !isBelowFold,
  };
}

/** The absolute URL of a picture's JPEG at about `width` pixels in one crop: for feeds, social cards and JSON-LD. */
export function pictureUrl(publicUrl: string, picture: PictureGeometry, crop: Crop, width = 1280): { url: string; width: number; height: number } {
  const widths = widthsFor(picture, crop);
  const chosen = widths.find((w) => w >= width) ?? widths[widths.length - 1]!;
  return { url: `${publicUrl}${variantPath(picture, crop, chosen, 'jpeg')}`, width: chosen, height: heightFor(picture, crop, chosen) };
}
