import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/http/page-cache.ts';

const page = (text: string, keys: string[], expiresAt?: number) => ({ status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(text), keys, expiresAt });

describe('the page cache', () => {
  it('drops exactly the pages holding a key, and counts them', async () => {
    const cache = new PageCache({ maxBytes: 1_000_000, maxAgeMs: 60_000 });
    await cache.store('/a', cache.begin(), page('a', ['story:en:1', 'edition:en']));
    await cache.store('/b', cache.begin(), page('b', ['story:en:2', 'edition:en']));
    await cache.store('/c', cache.begin(), page('c', ['edition:fa']));
    expect(cache.invalidate(['story:en:1']).map((p) => p.url)).toEqual(['/a']);
    expect(cache.peek('/b')).toBeDefined();
    expect(cache.invalidate(['edition:en']).map((p) => p.url)).toEqual(['/b']);
    expect(cache.peek('/c')).toBeDefined();
    expect(cache.stats()).toMatchObject({ invalidations: 2, entries: 1 });
  });

  it('keeps within its byte limit, the least recently used page going first', async () => {
    const body = 'x'.repeat(2000);
    const probe = new PageCache({ maxBytes: 1_000_000, maxAgeMs: 60_000 });
    const size = (await probe.store('/p', probe.begin(), page(body, []))).bytes;
    const cache = new PageCache({ maxBytes: size * 4 + 10, maxAgeMs: 60_000 });
    for (const url of ['/1', '/2', '/3', '/4']) await cache.store(url, cache.begin(), page(body, []));
    expect(cache.find('/1')).toBeDefined();
    await cache.store('/5', cache.begin(), page(body, []));
    expect(cache.peek('/2')).toBeUndefined();
    expect(['/1', '/3', '/4', '/5'].every((url) => cache.peek(url))).toBe(true);
    expect(cache.stats()).toMatchObject({ evictions: 1, entries: 4 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(size * 4 + 10);
    // One page may not take more than a quarter of the cache: it is sent, never kept.
    await cache.store('/huge', cache.begin(), page('y'.repeat(size * 2), []));
    expect(cache.peek('/huge')).toBeUndefined();
  });

  it('forgets a page past its age or its own expiry, and counts hits and misses', async () => {
    let now = 1_000;
    const cache = new PageCache({ maxBytes: 1_000_000, maxAgeMs: 500, now: () => now });
    await cache.store('/old', cache.begin(), page('old', []));
    await cache.store('/closing', cache.begin(), page('closing', [], 1_100));
    expect(cache.find('/old')).toBeDefined();
    now = 1_200;
    expect(cache.find('/closing')).toBeUndefined();
    expect(cache.find('/old')).toBeDefined();
    now = 1_600;
    expect(cache.find('/old')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, entries: 0 });
  });

  it('compresses once, in brotli and gzip, both decoding to the page', async () => {
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const cache = new PageCache({ maxBytes: 1_000_000, maxAgeMs: 60_000 });
    const text = '<!doctype html><p>' + 'Rain along the coast. '.repeat(200) + '</p>';
    const kept = await cache.store('/rain', cache.begin(), page(text, []));
    expect(brotliDecompressSync(kept.br).toString()).toBe(text);
    expect(gunzipSync(kept.gzip).toString()).toBe(text);
    expect(kept.br.length).toBeLessThan(text.length / 10);
  });

  it('sends but does not keep a page made from data read before one of its keys was invalidated', async () => {
    const cache = new PageCache({ maxBytes: 1_000_000, maxAgeMs: 60_000 });
    const ticket = cache.begin();
    cache.invalidate(['story:en:1']);
    expect((await cache.store('/a', ticket, page('stale', ['story:en:1']))).identity.toString()).toBe('stale');
    expect(cache.peek('/a')).toBeUndefined();
    // A key not invalidated since the ticket does not stop it.
    await cache.store('/b', ticket, page('fresh', ['story:en:2']));
    expect(cache.peek('/b')).toBeDefined();
    expect(cache.stats().staleDiscards).toBe(1);
  });
});
