import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { paragraph } from '../../content/blocks.ts';
import type { EditionService } from '../editions/edition-service.ts';
import { wallClockToInstant } from '../editions/edition-time.ts';
import type { StoryStore } from '../stories/story-store.ts';
import type { StoryInput } from '../stories/story-types.ts';
import { decodeStoryFile, parseStoryText, type ParsedStoryText } from './parse-story-text.ts';

export type ImportOutcome =
  | { file: string; ok: true; code: number; headline: string; isNew: boolean; url: string }
  | { file: string; ok: false; error: string };

export interface ImportOptions {
  editionCode: string;
  /** Also take the Featured Stories rail of each page (the last file's rail wins). */
  withFeatured?: boolean;
}

/**
 * Imports story text files one by one: a bad file is reported and skipped, the others still import,
 * and each file is stored in one transaction so nothing half-imported remains.
 */
export async function importStoryFiles(
  files: readonly string[],
  deps: { editions: EditionService; stories: StoryStore },
  options: ImportOptions,
): Promise<ImportOutcome[]> {
  const edition = await deps.editions.ensure(options.editionCode);
  const outcomes: ImportOutcome[] = [];
  for (const file of files) {
    const name = path.relative(process.cwd(), file) || file;
    try {
      const parsed = parseStoryText(decodeStoryFile(await readBytes(file)));
      const input = toStoryInput(parsed, edition.code, edition.timeZone);
      const saved = options.withFeatured === false ? await deps.stories.save(input) : await deps.stories.saveWithFeatured(input, parsed.featured);
      outcomes.push({ file: name, ok: true, code: saved.code, headline: parsed.headline, isNew: saved.isNew, url: `/${edition.code}/news/${saved.code}/${saved.slug}` });
    } catch (error) {
      outcomes.push({ file: name, ok: false, error: describe(error) });
    }
  }
  return outcomes;
}

/**
 * The largest story file import reads (1 MiB): far beyond any real story (the newsroom's body limit is
 * 200,000 characters), and small enough that one runaway file cannot take minutes and gigabytes to
 * import, then make a page of tens of megabytes.
 */
export const MAX_STORY_FILE_BYTES = 1024 * 1024;

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    const { size, isFile } = await stat(file).then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (isFile && size > MAX_STORY_FILE_BYTES) {
      throw new Error(`is ${(size / 1024 / 1024).toFixed(1)} MiB; a story file may be at most ${MAX_STORY_FILE_BYTES / 1024 / 1024} MiB (split the story)`);
    }
    return await readFile(file);
  } catch (error) {
    if (!(error as NodeJS.ErrnoException).code) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? 'unknown error'})`);
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

export function toStoryInput(parsed: ParsedStoryText, editionCode: string, timeZone: string): StoryInput {
  return {
    editionCode,
    code: parsed.code,
    headline: parsed.headline,
    body: parsed.paragraphs.map(paragraph),
    status: 'published',
    publishedAt: wallClockToInstant(parsed.datelineLocal.date, parsed.datelineLocal.time, timeZone),
    related: parsed.related.map((r) => ({ headline: r.headline, teaser: r.teaser })),
  };
}
