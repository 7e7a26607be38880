import { readFile, stat } from 'node:fs/promises';
import { DatelineError } from '../../errors/dateline-error.ts';
import path from 'node:path';
import { commandLineActor } from '../accounts/account-types.ts';
import { MAX_UPLOAD_BYTES, MediaError, type MediaService, type Picture } from '../media/index.ts';

export interface PictureSourceOptions {
  /**
   * A folder holding the old site's uploads: a picture's file is looked for under the path of its address
   * (`2013/03/flood.jpg`, or below WordPress's `wp-content/uploads/` or Ghost's `content/images/`), then by
   * its file name alone.
   */
  mediaDir?: string;
  /** Fetch pictures not found in `mediaDir` from their addresses (a bounded, timed-out client). */
  isFetchingOverHttp: boolean;
  /** How long one download may take (default 20 s). */
  timeoutMs?: number;
}

export type PictureOutcome = { ok: true; picture: Picture } | { ok: false; reason: string };

/**
 * Brings the pictures of imported stories into the library, each address once: a picture fetched by an
 * earlier run (the library remembers its source address) or earlier in this run is reused.
 */
export class PictureFetcher {
  /** Outcomes by address, this run: a picture shown by many stories is fetched (or refused) once. */
  private readonly known = new Map<string, number | string>();
  /** Pictures added this run, by the local file they came from. */
  private readonly knownFiles = new Map<string, number>();

  constructor(
    private readonly media: MediaService,
    private readonly options: PictureSourceOptions,
  ) {}

  /**
   * The library picture for this address, added with these details when it is new.
   * @example await fetcher.obtain('https://old.example/wp-content/uploads/2013/03/flood.jpg', { alt: 'Flood water', caption: '' })
   */
  async obtain(url: string, details: { alt: string; caption: string }): Promise<PictureOutcome> {
    const seen = this.known.get(url);
    if (typeof seen === 'string') return { ok: false, reason: seen };
    const existing = seen !== undefined ? await this.media.find(seen) : await this.media.findBySourceUrl(url);
    if (existing) {
      this.known.set(url, existing.id);
      return { ok: true, picture: existing };
    }
    try {
      const local = this.options.mediaDir === undefined ? undefined : await this.findLocal(url);
      // Several addresses (sizes of one upload) may lead to one file: it enters the library once.
      const sameFile = local === undefined ? undefined : (this.knownFiles.get(local) ?? (await this.findAddedBefore(local)));
      if (sameFile !== undefined) {
        this.known.set(url, sameFile);
        return { ok: true, picture: await this.media.get(sameFile) };
      }
      const file = await this.read(url, local);
      const picture = await this.media.add(commandLineActor, file, { alt: details.alt, caption: details.caption, sourceUrl: url });
      this.known.set(url, picture.id);
      if (local !== undefined) this.knownFiles.set(local, picture.id);
      return { ok: true, picture };
    } catch (error) {
      const reason = error instanceof PictureUnavailable || error instanceof MediaError ? error.message : `cannot be read (${error instanceof Error ? error.message : String(error)})`;
      this.known.set(url, reason);
      return { ok: false, reason };
    }
  }

  /** A picture an earlier run took from this very file (its name and size). */
  private async findAddedBefore(file: string): Promise<number | undefined> {
    const size = (await stat(file)).size;
    const earlier = await this.media.findByFileName(path.basename(file));
    return earlier?.sourceBytes === size ? earlier.id : undefined;
  }

  /** For a dry run: whether the picture could be had, without adding it. */
  async check(url: string): Promise<PictureOutcome | { ok: true; picture?: undefined }> {
    if (await this.media.findBySourceUrl(url)) return { ok: true };
    if (this.options.mediaDir !== undefined && (await this.findLocal(url)) !== undefined) return { ok: true };
    if (this.options.isFetchingOverHttp && /^https?:/iu.test(url)) return { ok: true };
    return { ok: false, reason: this.missingReason() };
  }

  private async read(url: string, local: string | undefined): Promise<{ bytes: Buffer; fileName: string }> {
    if (local !== undefined) return { bytes: await readFile(local), fileName: path.basename(local) };
    const fileName = decodeURIComponent(path.posix.basename(new URL(url).pathname)) || 'picture';
    if (!this.options.isFetchingOverHttp) throw new PictureUnavailable(this.missingReason());
    return { bytes: await download(url, this.options.timeoutMs ?? 20_000), fileName };
  }

  private missingReason(): string {
    return this.options.mediaDir === undefined ? 'not fetched (fetching over HTTP is off)' : `not in ${this.options.mediaDir}`;
  }

  private async findLocal(url: string): Promise<string | undefined> {
    const dir = this.options.mediaDir;
    if (dir === undefined || !URL.canParse(url)) return undefined;
    const urlPath = decodeURIComponent(new URL(url).pathname).replace(/^\/+/u, '');
    const candidates = [urlPath, urlPath.replace(/^.*?(?:wp-content\/uploads|content\/images)\//u, ''), path.posix.basename(urlPath)];
    // WordPress shows resized copies (`flood-300x200.jpg`); the upload itself will do where the copy is missing.
    candidates.push(...candidates.map((c) => c.replace(/-\d+x\d+(\.[a-z0-9]+)$/iu, '$1')));
    for (const candidate of new Set(candidates)) {
      const file = path.resolve(dir, candidate);
      // Never outside the folder, whatever the address says.
      if (!file.startsWith(path.resolve(dir) + path.sep)) continue;
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile()) return file;
    }
    return undefined;
  }
}

class PictureUnavailable extends DatelineError {
  constructor(reason: string) {
    super('IMPORT_PICTURE_UNAVAILABLE', reason);
  }
}

/** One picture over HTTP(S): at most `MAX_UPLOAD_BYTES`, within `timeoutMs`, a 2xx answer only. */
async function download(url: string, timeoutMs: number): Promise<Buffer> {
  if (!/^https?:/iu.test(url)) throw new PictureUnavailable('not a web address');
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    throw new PictureUnavailable(name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : `cannot be fetched (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`);
  }
  if (!response.ok) throw new PictureUnavailable(`the server answered ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_UPLOAD_BYTES) throw new PictureUnavailable(`is ${(declared / 1024 / 1024).toFixed(1)} MB: the limit is ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.length;
    if (size > MAX_UPLOAD_BYTES) {
      await reader?.cancel();
      throw new PictureUnavailable(`is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
    }
    chunks.push(Buffer.from(read.value));
  }
  return Buffer.concat(chunks);
}
