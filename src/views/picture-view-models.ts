/** A responsive picture as views draw it: `<picture>` with one `<source>` per modern format and a JPEG `<img>`. */
export interface PictureView {
  /** Best format first (AVIF, then WebP): each a `srcset` of the same widths. */
  sources: { type: string; srcset: string }[];
  /** The JPEG fallback: `src` is a middle width, `srcset` all of them. */
  src: string;
  srcset: string;
  /** How wide the picture is laid out, for the browser to choose a width (`sizes`). */
  sizes: string;
  /** The intrinsic size of the chosen crop, so the page keeps its place before the file arrives. */
  width: number;
  height: number;
  alt: string;
  /** `eager` with high priority for the one picture that is the page's largest paint; `lazy` for the rest. */
  loading: 'eager' | 'lazy';
  isPriority: boolean;
}

/** What the page says under a picture: the caption, then the credit. */
export interface PictureCaptionView {
  caption: string;
  credit: string;
  /** "Photo:" before the credit, in the edition's language. */
  creditLabel: string;
}
