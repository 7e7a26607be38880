import { heightFor, variantPath, widthsFor, type Crop, type VariantFormat } from '../../modules/media/index.ts';
import { sanitizeFeedHtml } from '../../modules/feeds/index.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import type { CorrectionEntry } from '../../modules/corrections/index.ts';
import type { StoryPosition, SyndicatedStory } from '../../modules/stories/story-queries.ts';
import type { ShownPicture, StoryDetail } from '../../modules/stories/story-types.ts';
import { renderStoryBodyHtml } from '../../views/render-story-body-html.ts';
import { sitePaths } from '../site-paths.ts';

const API_CROPS: readonly Crop[] = ['original', '16x9'];
const API_FORMATS: readonly VariantFormat[] = ['avif', 'webp', 'jpeg'];

/** Domain objects as the content API shows them (shapes in content-api-schemas.ts): absolute URLs, no internals. */
export class ContentApiPresenter {
  constructor(private readonly publicUrl: string) {}

  story(story: SyndicatedStory): Record<string, unknown> {
    const bodyPictures = [...(story.bodyPictures?.values() ?? [])].filter((p) => story.body.some((b) => b.type === 'image' && b.mediaId === p.id));
    return {
      edition: story.editionCode,
      code: story.code,
      slug: story.slug,
      url: this.publicUrl + sitePaths.story(story.editionCode, story.code, story.slug),
      headline: story.headline,
      teaser: story.teaser,
      publishedAt: story.publishedAt,
      updatedAt: story.updatedAt,
      section: story.section,
      tags: story.tags,
      authors: story.authors,
      credit: story.credit,
      picture: story.picture ? this.picture(story.picture) : null,
      body: story.body,
      bodyHtml: sanitizeFeedHtml(renderStoryBodyHtml(story.body), this.publicUrl),
      bodyPictures: bodyPictures.map((p) => this.picture(p)),
    };
  }

  storyDetail(story: StoryDetail): Record<string, unknown> {
    return {
      ...this.story(story),
      notes: story.notes.map((n) => ({ kind: n.kind, text: n.text, notedAt: n.notedAt })),
      related: story.related.map((r) => ({
        headline: r.headline,
        teaser: r.teaser,
        edition: r.story ? story.editionCode : null,
        code: r.story?.code ?? null,
        url: r.story ? this.publicUrl + sitePaths.story(story.editionCode, r.story.code, r.story.slug) : null,
      })),
    };
  }

  picture(picture: ShownPicture): Record<string, unknown> {
    return {
      id: picture.id,
      alt: picture.alt,
      caption: picture.caption,
      credit: picture.credit,
      licence: picture.licence,
      width: picture.width,
      height: picture.height,
      variants: API_CROPS.flatMap((crop) =>
        widthsFor(picture, crop).flatMap((width) =>
          API_FORMATS.map((format) => ({ url: this.publicUrl + variantPath(picture, crop, width, format), crop, format, width, height: heightFor(picture, crop, width) })),
        ),
      ),
    };
  }

  edition(edition: Edition): Record<string, unknown> {
    return { code: edition.code, name: edition.name, language: edition.language, direction: edition.direction, timeZone: edition.timeZone, url: `${this.publicUrl}/${edition.code}/` };
  }

  correction(editionCode: string, entry: CorrectionEntry): Record<string, unknown> {
    return {
      text: entry.note.text,
      notedAt: entry.note.notedAt,
      story: { edition: editionCode, code: entry.story.code, headline: entry.story.headline, url: this.publicUrl + sitePaths.story(editionCode, entry.story.code, entry.story.slug) },
    };
  }
}

/**
 * Only the named top-level fields of each item; the names were checked against the schema's.
 * @example pickFields({ code: 1, headline: 'A', body: [] }, ['code', 'headline']) // { code: 1, headline: 'A' }
 */
export function pickFields(item: Record<string, unknown>, fields: readonly string[] | undefined): Record<string, unknown> {
  if (!fields) return item;
  return Object.fromEntries(fields.filter((name) => name in item).map((name) => [name, item[name]]));
}

/** The names in `fields=`, or the first one the resource does not have. */
export function readFields(value: string | undefined, known: readonly string[]): { fields?: string[]; unknown?: string } {
  if (value === undefined) return {};
  const fields = [...new Set(value.split(',').map((name) => name.trim()).filter((name) => name !== ''))];
  const unknown = fields.find((name) => !known.includes(name));
  return unknown === undefined ? { fields } : { unknown };
}

/** An opaque cursor: the position of the last story of a page, newest-first order. */
export function encodeCursor(position: StoryPosition): string {
  return Buffer.from(JSON.stringify([position.publishedAt, position.code])).toString('base64url');
}

/** The position a cursor names, or undefined for anything this API did not make. */
export function decodeCursor(cursor: string): StoryPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [publishedAt, code] = value as unknown[];
    if (typeof publishedAt !== 'string' || !/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(publishedAt) || typeof code !== 'number' || !Number.isSafeInteger(code)) return undefined;
    return { publishedAt, code };
  } catch {
    return undefined;
  }
}
