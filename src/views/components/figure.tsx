import type { FigureView } from '../view-models.ts';
import { ResponsivePicture } from './responsive-picture.tsx';

/** A picture shown large, with its caption and its credit ("Photo: Ana Ruiz") under it. */
export function Figure({ figure, class: className }: { figure: FigureView; class?: string }) {
  const { caption, credit, creditLabel } = figure.caption;
  return (
    <figure class={className}>
      <ResponsivePicture picture={figure.picture} />
      {caption !== '' || credit !== '' ? (
        <figcaption>
          {caption !== '' ? <span class="picture-caption">{caption}</span> : null}
          {caption !== '' && credit !== '' ? ' ' : null}
          {credit !== '' ? (
            <span class="picture-credit">
              {creditLabel}: {credit}
            </span>
          ) : null}
        </figcaption>
      ) : null}
    </figure>
  );
}

/** A thumbnail with its credit in small print, for story lists, Related Stories and the rail. */
export function Thumbnail({ picture, credit }: { picture: FigureView['picture']; credit?: string }) {
  return (
    <figure class="thumbnail">
      <ResponsivePicture picture={picture} />
      {credit ? <figcaption class="picture-credit">{credit}</figcaption> : null}
    </figure>
  );
}
