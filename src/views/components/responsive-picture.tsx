import type { PictureView } from '../picture-view-models.ts';

/**
 * One picture in every format and width the library offers; the browser takes the first format it can
 * show and the width `sizes` asks for. Width and height are always given, so nothing moves as it loads.
 */
export function ResponsivePicture({ picture, class: className }: { picture: PictureView; class?: string }) {
  return (
    <picture class={className}>
      {picture.sources.map((source) => (
        <source type={source.type} srcset={source.srcset} sizes={picture.sizes} />
      ))}
      <img
        src={picture.src}
        srcset={picture.srcset}
        sizes={picture.sizes}
        width={picture.width}
        height={picture.height}
        alt={picture.alt}
        loading={picture.loading}
        decoding="async"
        {...(picture.isPriority ? { fetchpriority: 'high' } : {})}
      />
    </picture>
  );
}
