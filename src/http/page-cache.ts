import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** A response kept in memory, in each encoding a client may ask for. */
export interface CachedPage {
  url: string;
  status: number;
  /** The headers every copy carries: content type, cache policy, security headers, keys … */
  headers: Record<string, string>;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  /** A digest of the identity body; each encoding's entity tag is built on it. */
  digest: string;
  lastModified: string | undefined;
  keys: readonly string[];
  bytes: number;
  expiresAt: number;
  hits: number;
}

export interface PageToStore {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  keys: readonly string[];
  /** When it must be made again whatever happens (e.g. when a story's comments close). */
  expiresAt?: number;
}

export interface PageCacheOptions {
  /** The most the bodies (all encodings) may take, in bytes. */
  maxBytes: number;
  /** The longest a page is kept even when nothing it shows changed. */
  maxAgeMs: number;
  now?: () => number;
}

export interface PageCacheStats {
  hits: number;
  misses: number;
  stores: number;
  /** Pages made but not kept, because something they showed changed while they were being made. */
  staleDiscards: number;
  evictions: number;
  /** Pages dropped because something they show changed. */
  invalidations: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

/** Remembering when each key was last invalidated costs memory; past this many keys the memory is reset. */
const MAX_REMEMBERED_KEYS = 100_000;

/**
 * Rendered reader pages, kept in memory with the keys of what they show (docs/decisions/009). Least recently
 * used pages go first when the byte limit is reached; `invalidate` drops exactly the pages holding a key.
 *
 * A page made from data read before a change, and stored after the change was processed, would stay stale
 * forever: each store names the invalidation sequence number taken when its request began (`begin()`), and
 * a page one of whose keys was invalidated since is sent but not kept.
 */
export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  /**
   * The last good copy of pages dropped by a change or by age, for when the database cannot answer:
   * better a page a minute old than an error (issue 10). Bounded to a quarter of the byte limit.
   */
  private readonly lastGood = new Map<string, CachedPage>();
  private lastGoodBytes = 0;
  private readonly urlsByKey = new Map<string, Set<string>>();
  private readonly invalidatedAt = new Map<string, number>();
  private sequence = 0;
  private forgottenBefore = 0;
  private bytes = 0;
  private readonly counters = { hits: 0, misses: 0, stores: 0, staleDiscards: 0, evictions: 0, invalidations: 0 };
  private readonly now: () => number;

  constructor(private readonly options: PageCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The ticket a request takes before reading anything it will show. */
  begin(): number {
    return this.sequence;
  }

  /** The page stored for this URL, if it is still good; counts a hit or a miss. */
  find(url: string): CachedPage | undefined {
    const entry = this.entries.get(url);
    if (entry && entry.expiresAt > this.now()) {
      // Map order is recency order: moving the entry to the end marks it most recently used.
      this.entries.delete(url);
      this.entries.set(url, entry);
      entry.hits++;
      this.counters.hits++;
      return entry;
    }
    if (entry) this.retire(entry);
    this.counters.misses++;
    return undefined;
  }

  /** The last good copy of a page that was dropped, for a database that cannot make it again now. */
  findLastGood(url: string): CachedPage | undefined {
    return this.entries.get(url) ?? this.lastGood.get(url);
  }

  /** The page kept for this URL, without counting a hit or marking it used (for checks and operators). */
  peek(url: string): CachedPage | undefined {
    return this.entries.get(url);
  }

  /**
   * Compresses a page (off the event loop) and keeps it, unless something it shows changed since `ticket`
   * was taken. Either way returns it, ready to send.
   */
  async store(url: string, ticket: number, page: PageToStore): Promise<CachedPage> {
    const [br, gz] = await Promise.all([
      brotli(page.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 6, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: page.body.length } }),
      gzipAsync(page.body, { level: 6 }),
    ]);
    const now = this.now();
    const entry: CachedPage = {
      url,
      status: page.status,
      headers: page.headers,
      identity: page.body,
      gzip: gz,
      br,
      digest: createHash('sha256').update(page.body).digest('base64url').slice(0, 27),
      lastModified: page.headers['last-modified'],
      keys: page.keys,
      bytes: page.body.length + gz.length + br.length + url.length * 2,
      expiresAt: Math.min(page.expiresAt ?? Number.POSITIVE_INFINITY, now + this.options.maxAgeMs),
      hits: 0,
    };
    if (this.isStale(ticket, page.keys) || entry.bytes > this.options.maxBytes / 4) {
      this.counters.staleDiscards += this.isStale(ticket, page.keys) ? 1 : 0;
      return entry;
    }
    const previous = this.entries.get(url);
    if (previous) this.remove(previous);
    this.entries.set(url, entry);
    for (const key of entry.keys) {
      let urls = this.urlsByKey.get(key);
      if (!urls) this.urlsByKey.set(key, (urls = new Set()));
      urls.add(url);
    }
    this.bytes += entry.bytes;
    this.counters.stores++;
    this.evictToFit();
    return entry;
  }

  /** Drops every page holding one of `keys`; returns them (the caller may make the busiest again). */
  invalidate(keys: Iterable<string>): CachedPage[] {
    this.sequence++;
    if (this.invalidatedAt.size > MAX_REMEMBERED_KEYS) {
      this.invalidatedAt.clear();
      this.forgottenBefore = this.sequence;
    }
    const dropped: CachedPage[] = [];
    for (const key of keys) {
      this.invalidatedAt.set(key, this.sequence);
      const urls = this.urlsByKey.get(key);
      if (!urls) continue;
      for (const url of [...urls]) {
        const entry = this.entries.get(url);
        if (!entry) continue;
        this.retire(entry);
        dropped.push(entry);
      }
    }
    this.counters.invalidations += dropped.length;
    return dropped;
  }

  /** Drops everything (an operator's last resort; never used for ordinary changes). */
  clear(): void {
    for (const entry of [...this.entries.values()]) this.remove(entry);
    this.lastGood.clear();
    this.lastGoodBytes = 0;
  }

  stats(): PageCacheStats {
    return { ...this.counters, entries: this.entries.size, bytes: this.bytes + this.lastGoodBytes, maxBytes: this.options.maxBytes + this.options.maxBytes / 4 };
  }

  private isStale(ticket: number, keys: readonly string[]): boolean {
    if (ticket < this.forgottenBefore) return true;
    return keys.some((key) => (this.invalidatedAt.get(key) ?? -1) > ticket);
  }

  private evictToFit(): void {
    for (const entry of this.entries.values()) {
      if (this.bytes <= this.options.maxBytes) return;
      this.remove(entry);
      this.counters.evictions++;
    }
  }

  /** Drops a page from those served, keeping it as the last good copy. */
  private retire(entry: CachedPage): void {
    this.remove(entry);
    const previous = this.lastGood.get(entry.url);
    if (previous) {
      this.lastGood.delete(entry.url);
      this.lastGoodBytes -= previous.bytes;
    }
    this.lastGood.set(entry.url, entry);
    this.lastGoodBytes += entry.bytes;
    for (const old of this.lastGood.values()) {
      if (this.lastGoodBytes <= this.options.maxBytes / 4) break;
      this.lastGood.delete(old.url);
      this.lastGoodBytes -= old.bytes;
    }
  }

  private remove(entry: CachedPage): void {
    if (this.entries.get(entry.url) !== entry) return;
    this.entries.delete(entry.url);
    this.bytes -= entry.bytes;
    for (const key of entry.keys) {
      const urls = this.urlsByKey.get(key);
      urls?.delete(entry.url);
      if (urls?.size === 0) this.urlsByKey.delete(key);
    }
  }
}
