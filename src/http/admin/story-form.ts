import { storyAdminStrings as t } from '../../config/story-admin-strings.ts';
import type { Block } from '../../content/blocks.ts';
import { stripControlCharactersDeep } from '../../content/control-characters.ts';
import { plainTextBodyToBlocks } from '../../content/plain-text-body.ts';
import { BodyValidationError, bodyFromTiptap, checkBlocks } from '../../content/validate-body.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import { formatInEdition, wallClockToInstant } from '../../modules/editions/edition-time.ts';
import type { StoryChanges } from '../../modules/newsroom/index.ts';

/** The story form's fields, as the browser sends them (urlencoded, or as `fields` of the autosave JSON). */
export const storyFormFields = ['headline', 'teaser', 'bodyText', 'bodyJson', 'section', 'tags', 'authors', 'slug', 'seoTitle', 'seoDescription', 'embargo', 'leadMediaId', 'editionCode', 'revision'] as const;
export type StoryFormField = (typeof storyFormFields)[number];
export type StoryFormValues = Record<StoryFormField, string>;

/** What a submitted form says: the changes, or the problems by field (shown on the form, nothing saved). */
export interface ReadStoryForm {
  changes: StoryChanges;
  problems: Partial<Record<StoryFormField | 'body', string>>;
}

/** The body as sent: the editor's JSON (with JavaScript) or the textarea's text (without). */
export type SentBody = { kind: 'tiptap'; doc: unknown } | { kind: 'text'; text: string } | { kind: 'none' };

/** Which body a form carries: the editor's JSON wins; a form without either leaves the body as it is. */
export function sentBodyOf(values: Pick<StoryFormValues, 'bodyJson' | 'bodyText'>, hasBodyText: boolean): SentBody {
  if (values.bodyJson.trim() !== '') {
    try {
      // JSON escapes (`\u0007`) carry control characters past the edge's filter: strip what they decode to.
      return { kind: 'tiptap', doc: stripControlCharactersDeep(JSON.parse(values.bodyJson)) };
    } catch {
      return { kind: 'tiptap', doc: null };
    }
  }
  return hasBodyText ? { kind: 'text', text: values.bodyText } : { kind: 'none' };
}

/**
 * A sent body as checked blocks, or what is wrong with it; nothing when the form carried no body. Stories and
 * the editions' own pages read their bodies through this one door.
 */
export function readSentBody(body: SentBody, currentBody: readonly Block[]): { blocks?: Block[] } | { problem: string } {
  try {
    if (body.kind === 'tiptap' && body.doc === null) return { problem: t.problems.bodyUnreadable };
    if (body.kind === 'tiptap') return { blocks: bodyFromTiptap(body.doc) };
    if (body.kind === 'text') return { blocks: checkBlocks(plainTextBodyToBlocks(body.text, currentBody)) };
    return {};
  } catch (error) {
    if (!(error instanceof BodyValidationError)) throw error;
    return { problem: error.message };
  }
}

/**
 * The form's fields → the workflow's changes. Times are wall-clock times in the edition's zone
 * (`2025-03-14T10:30` from `<input type="datetime-local">`); lists are comma-separated.
 * @example readStoryForm(values, { kind: 'text', text: 'One.\n\nTwo.' }, edition, story.body)
 */
export function readStoryForm(values: StoryFormValues, body: SentBody, edition: Edition, currentBody: readonly Block[], sent?: ReadonlySet<string>): ReadStoryForm {
  const problems: ReadStoryForm['problems'] = {};
  const changes: StoryChanges = {
    headline: values.headline,
    teaser: values.teaser,
    slug: values.slug,
    section: values.section,
    tags: splitList(values.tags),
    authors: splitList(values.authors),
    seoTitle: values.seoTitle,
    seoDescription: values.seoDescription,
  };
  const read = readSentBody(body, currentBody);
  if ('problem' in read) problems.body = read.problem;
  else if (read.blocks) changes.body = read.blocks;
  // The lead picture by its number in the library (issue 11): empty takes it away.
  const lead = (values.leadMediaId ?? '').trim();
  if (lead === '') changes.leadMediaId = null;
  else if (/^[1-9]\d{0,9}$/u.test(lead)) changes.leadMediaId = Number(lead);
  else problems.leadMediaId = t.problems.badLeadPicture;
  const embargo = readWallClock(values.embargo, edition);
  if (embargo === undefined) problems.embargo = t.problems.badDateTime;
  else changes.embargoUntil = embargo;
  // A field that was not sent at all is left as it is (a script may send only what changed); an empty one clears.
  if (sent !== undefined) {
    for (const [field, change] of Object.entries(changeOfField)) {
      if (!sent.has(field)) delete changes[change];
    }
  }
  return { changes, problems };
}

const changeOfField: Record<string, keyof StoryChanges> = {
  headline: 'headline',
  teaser: 'teaser',
  slug: 'slug',
  section: 'section',
  tags: 'tags',
  authors: 'authors',
  seoTitle: 'seoTitle',
  seoDescription: 'seoDescription',
  embargo: 'embargoUntil',
  leadMediaId: 'leadMediaId',
};

/** The names of the string fields a form or JSON object carries. */
export function sentFields(source: unknown): Set<string> {
  if (source === null || typeof source !== 'object') return new Set();
  return new Set(Object.entries(source as Record<string, unknown>).flatMap(([name, value]) => (typeof value === 'string' ? [name] : [])));
}

/**
 * A `datetime-local` value in the edition's zone → an instant; null for empty, undefined for nonsense.
 * @example readWallClock('2025-03-14T10:30', tehran) // '2025-03-14T07:00:00.000Z'
 */
export function readWallClock(value: string, edition: Pick<Edition, 'timeZone'>): string | null | undefined {
  const text = value.trim();
  if (text === '') return null;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  try {
    return wallClockToInstant(match[1], match[2], edition.timeZone);
  } catch {
    return undefined;
  }
}

/** An instant as a `datetime-local` value in the edition's zone. */
export function toWallClockInput(instant: string | null, edition: Pick<Edition, 'timeZone'>): string {
  return instant === null ? '' : formatInEdition(instant, "yyyy-MM-dd'T'HH:mm", { language: 'en', time_zone: edition.timeZone });
}

/** The zone's offset now, `+03:30`, to show beside time fields. */
export function zoneOffset(edition: Pick<Edition, 'timeZone'>, now: Date): string {
  return formatInEdition(now.toISOString(), 'ZZ', { language: 'en', time_zone: edition.timeZone });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
