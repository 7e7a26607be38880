import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { paragraph } from '../../content/blocks.ts';
import type { EditionService } from '../editions/edition-service.ts';
import { wallClockToInstant } from '../editions/edition-time.ts';
import type { ImportedStory, StoryWorkflow } from '../newsroom/index.ts';
import type { StoryInput } from '../stories/story-types.ts';
import { decodeStoryFile, parseStoryText, type ParsedStoryText } from './parse-story-text.ts';

export type ImportOutcome =
  | { file: string; ok: true; code: number; headline: string; change: ImportedStory['change']; status: ImportedStory['status']; replaced?: ImportedStory['replaced']; url: string }
  | { file: string; ok: false; error: string };

export interface ImportOptions {
  editionCode: string;
  /**
   * Also take the Featured Stories rail of each page (the last file's rail wins), replacing what editors
   * curated; audited. Off unless asked: re-running an import must not undo the desk's choices.
   */
  withFeatured?: boolean;
  /** Replace stories the newsroom made or changed under a file's code (each one is named in the outcome). */
  replace?: boolean;
  /** Told of each file as it is done, in order (the command line prints a line and its progress). */
  onOutcome?: (outcome: ImportOutcome) => void;
}

/**
 * Imports story text files through the newsroom's one go-live path (`StoryWorkflow.importStory`): a bad file
 * is reported and skipped, the others still import, and each file is stored in one transaction so nothing
 * half-imported remains. Every file is read and its code reserved before the first is stored, so drafts
 * the newsroom starts during a long import never take a code a later file carries.
 */
export async function importStoryFiles(
  files: readonly string[],
  deps: { editions: EditionService; storyWorkflow: StoryWorkflow },
  options: ImportOptions,
): Promise<ImportOutcome[]> {
  const edition = await deps.editions.ensure(options.editionCode);
  const read: Array<{ name: string; parsed: ParsedStoryText } | { name: string; error: string }> = [];
  for (const file of files) {
    const name = path.relative(process.cwd(), file) || file;
    try {
      read.push({ name, parsed: parseStoryText(decodeStoryFile(await readBytes(file))) });
    } catch (error) {
      read.push({ name, error: describe(error) });
    }
  }
  await deps.storyWorkflow.reserveStoryCodes(read.flatMap((r) => ('parsed' in r ? [r.parsed.code] : [])));

  const outcomes: ImportOutcome[] = [];
  const report = (outcome: ImportOutcome) => {
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  };
  for (const entry of read) {
    if ('error' in entry) {
      report({ file: entry.name, ok: false, error: entry.error });
      continue;
    }
    const { name, parsed } = entry;
    try {
      const input = toStoryInput(parsed, edition.code, edition.timeZone);
      const imported = await deps.storyWorkflow.importStory(input, {
        replace: options.replace,
        featured: options.withFeatured === true ? parsed.featured : undefined,
      });
      report({
        file: name,
        ok: true,
        code: imported.code,
        headline: parsed.headline,
        change: imported.change,
        status: imported.status,
        ...(imported.replaced ? { replaced: imported.replaced } : {}),
        url: `/${edition.code}/news/${imported.code}/${imported.slug}`,
      });
    } catch (error) {
      report({ file: name, ok: false, error: describe(error) });
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

export function toStoryInput(parsed: ParsedStoryText, editionCode: string, timeZone: string): StoryInput & { code: number } {
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
