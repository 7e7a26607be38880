import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { databaseTimeouts } from '../../src/db/open-database.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { runInAnotherProcess } from '../support/child-process.ts';
import { decodeHtml } from '../support/html-text.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { findPostgresTools, startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

interface Timed {
  status: number;
  ms: number;
  retryAfter: string | null;
  contentType: string;
  body: string;
  /** `X-Dateline-Stale`: a last good copy served while the database could not make the page. */
  stale: string | null;
}

async function timed(site: TestSite, path: string, init?: RequestInit): Promise<Timed> {
  const started = performance.now();
  const response = await site.get(path, { ...init, signal: AbortSignal.timeout(20_000) });
  const body = await response.text();
  return {
    status: response.status,
    ms: performance.now() - started,
    retryAfter: response.headers.get('retry-after'),
    contentType: response.headers.get('content-type') ?? '',
    body,
    stale: response.headers.get('x-dateline-stale'),
  };
}

/** A story open for comments, and the form token its page carries. */
async function openStory(site: TestSite, clock: ManualClock) {
  const saved = await site.services.stories.save(
    { editionCode: 'en', headline: 'Harbour Cranes Stand Idle as Dock Strike Enters Its Second Week', body: [paragraph('The port is quiet.')], status: 'published', publishedAt: '2025-09-01T06:00:00.000Z' },
    clock.now(),
  );
  await site.services.comments.setStoryPolicy(commandLineActor, saved.id, 'post_moderated');
  const path = `/en/news/${saved.code}/${saved.slug}`;
  const html = await (await site.get(path)).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  clock.advance({ seconds: 5 });
  return { code: saved.code, path, token };
}

function postComment(site: TestSite, story: { code: number; token: string }, i: number, accept = 'application/json'): Promise<Timed> {
  return timed(site, `/en/news/${story.code}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    body: new URLSearchParams({ _csrf: story.token, name: `Docker ${i}`, email: `d${i}@example.org`, body: `The strike is about pay, comment ${i}.`, website: '' }),
  });
}

/** What a reader typed, with characters that must come back as text, never as markup. */
const TYPED = {
  name: 'Ana "Docks" <Ruiz>',
  email: 'ana@example.org',
  body: 'The cranes stand idle & the ships wait.\n<script>alert("lost")</script> is not how we talk here.',
};

function postTyped(site: TestSite, story: { code: number; token: string }, accept: string, token = story.token): Promise<Timed> {
  return timed(site, `/en/news/${story.code}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    body: new URLSearchParams({ _csrf: token, ...TYPED, website: '' }),
  });
}

/**
 * The page a form post gets while the database cannot take it: 503 with Retry-After, the reason, and the form
 * again holding what the reader typed (as text), with a token to send it again. Returns that token.
 */
function expectFormGivenBack(result: Timed): string {
  expect(result.status).toBe(503);
  expect(result.retryAfter).toMatch(/^\d+$/u);
  expect(result.contentType).toContain('text/html');
  const html = result.body;
  expect(html).toContain('<h1>Your comment has not been sent</h1>');
  expect(html).toContain('The site cannot save comments just now: please send yours again in a minute.');
  expect(html).toContain('What you wrote is kept in the form below.');
  expect(html).not.toContain('<script>alert');
  const valueOf = (name: string) => {
    // Attribute values may hold a literal `>`: a tag ends at the first `>` outside quotes.
    const input = new RegExp(`<input(?:[^>"]|"[^"]*")*\\bname="${name}"(?:[^>"]|"[^"]*")*>`, 'u').exec(html)?.[0] ?? '';
    return decodeHtml(/\bvalue="([^"]*)"/u.exec(input)?.[1] ?? '');
  };
  expect(valueOf('name')).toBe(TYPED.name);
  expect(valueOf('email')).toBe(TYPED.email);
  expect(decodeHtml(/<textarea[^>]*name="body"[^>]*>([^<]*)<\/textarea>/u.exec(html)?.[1] ?? '')).toBe(TYPED.body);
  expect(/<form[^>]*id="comment-form"[^>]*action="([^"]+)"/u.exec(html)?.[1]).toMatch(/^\/en\/news\/\d+\/comments$/u);
  const token = valueOf('_csrf');
  expect(token).not.toBe('');
  return token;
}

/** What the island gets meanwhile: problem JSON with the reason in the reader's language; its form keeps the text. */
function expectRefusedForNow(result: Timed): void {
  expect(result.status).toBe(503);
  expect(result.retryAfter).toMatch(/^\d+$/u);
  expect(result.contentType).toContain('application/problem+json');
  expect(JSON.parse(result.body)).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', detail: 'The site cannot save comments just now: please send yours again in a minute.' });
}

/** Holds SQLite's write lock from another process, as a CLI import or a `sqlite3` shell would, until `go`. */
const LOCK_HOLDER = `
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(process.env.DATABASE_URL.slice('sqlite:'.length));
  db.exec('begin immediate');
  db.exec("update counters set value = value where name = 'story_code'");
  console.log('ready');
  process.stdin.once('data', () => { db.exec('rollback'); db.close(); console.log('{}'); process.exit(0); });
`;

describe('a write lock held by another process on SQLite', () => {
  let site: TestSite;
  const clock = new ManualClock('2025-09-01T12:00:00.000Z');
  const writeWaitMs = 1500;

  beforeAll(async () => {
    site = await startTestSite('sqlite', { clock, databaseTimeouts: { ...databaseTimeouts({}), sqliteWriteWaitMs: writeWaitMs } });
  });
  afterAll(async () => {
    await site?.close();
  });

  it('keeps reads and assets answering, refuses the write with 503 and Retry-After in bounded time, and never stalls the event loop; a comment refused meanwhile keeps its text and is sent again after', async () => {
    const story = await openStory(site, clock);
    const stylesheet = /href="(\/assets\/site\.[^"]+\.css)"/.exec(await (await site.get(story.path)).text())?.[1] ?? '';
    expect(stylesheet).not.toBe('');
    const holder = runInAnotherProcess<object>(LOCK_HOLDER, site.database.url, 'lock holder', 60_000);
    await holder.ready;
    let givenBack = '';
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    try {
      let isPosting = true;
      const posting = Promise.all([postComment(site, story, 1), postTyped(site, story, 'text/html')]).finally(() => (isPosting = false));
      const reads: Timed[] = [];
      while (isPosting) {
        reads.push(...(await Promise.all([timed(site, story.path), timed(site, stylesheet), timed(site, '/en/')])));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const [json, html] = await posting;
      loop.disable();

      expectRefusedForNow(json);
      expect(json.ms).toBeGreaterThan(writeWaitMs - 100);
      expect(json.ms).toBeLessThan(writeWaitMs + 2000);
      givenBack = expectFormGivenBack(html);
      expect(html.ms).toBeLessThan(writeWaitMs + 2000);

      expect(reads.length).toBeGreaterThan(5);
      expect(reads.every((r) => r.status === 200)).toBe(true);
      expect(Math.max(...reads.map((r) => r.ms))).toBeLessThan(750);
      // better-sqlite3 waits synchronously only SQLite's short busy timeout at a time.
      expect(loop.max / 1e6).toBeLessThan(250);
    } finally {
      holder.go();
      await holder.result.catch(() => {});
    }
    const after = await postComment(site, story, 3);
    expect(after.status).toBe(201);
    // The form given back sends the same text once the lock is free.
    const again = await site.get(`/en/news/${story.code}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: givenBack, ...TYPED, website: '' }),
    });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toMatch(/\?comment=(published|pending)#/u);
    const stored = await site.services.database.db.selectFrom('comments').select(['author_name', 'body']).where('author_name', '=', TYPED.name).execute();
    expect(stored).toEqual([{ author_name: TYPED.name, body: TYPED.body }]);
  });
});

describe.skipIf(!findPostgresTools())('PostgreSQL frozen with SIGSTOP', () => {
  let cluster: PostgresCluster;
  let site: TestSite;
  const clock = new ManualClock('2025-09-01T12:00:00.000Z');

  beforeAll(async () => {
    // A cluster of its own: freezing the shared one would stall every other test file.
    cluster = await startPostgresCluster();
    site = await startTestSite('postgres', {
      clock,
      database: { engine: 'postgres', url: cluster.url, drop: async () => {} },
      databaseTimeouts: { statementMs: 1000, lockMs: 1000, idleInTransactionMs: 5000, acquireMs: 1000, sqliteWriteWaitMs: 1000 },
    });
  }, 120_000);
  afterAll(async () => {
    await cluster?.thaw();
    await site?.close();
    await cluster?.stop();
  });

  it('answers every request within a few seconds: kept pages from memory, a changed page by its last good copy, the rest 503 with Retry-After, a comment form given back with its text; recovers by itself after SIGCONT', { timeout: 60_000 }, async () => {
    const story = await openStory(site, clock);
    const stylesheet = /href="(\/assets\/site\.[^"]+\.css)"/.exec(await (await site.get(story.path)).text())?.[1] ?? '';
    await (await site.get('/en/')).text();

    await cluster.freeze();
    let thawed = false;
    try {
      // A change the frozen database cannot show: the home page's kept copy goes, its last good copy stays.
      site.app.pageCache.invalidate(['lead:en']);
      const kept = Array.from({ length: 6 }, () => timed(site, story.path));
      const changed = timed(site, '/en/');
      const neverKept = Array.from({ length: 6 }, () => timed(site, '/en/archive/2025/09/01'));
      const api = Array.from({ length: 3 }, () => timed(site, '/api/en/search?q=strike'));
      const asset = timed(site, stylesheet);
      const live = timed(site, '/livez');
      const ready = timed(site, '/readyz');
      const write = postComment(site, story, 1);
      const formPost = postTyped(site, story, 'text/html');
      const [keptResults, changedResult, pageResults, apiResults, assetResult, writeResult, formResult] = await Promise.all([
        Promise.all(kept),
        changed,
        Promise.all(neverKept),
        Promise.all(api),
        asset,
        write,
        formPost,
      ]);

      expect(await live).toMatchObject({ status: 200 });
      expect((await live).ms).toBeLessThan(500);
      expect(await ready).toMatchObject({ status: 503 });
      expect((await ready).ms).toBeLessThan(3000);
      expect(assetResult.status).toBe(200);
      expect(assetResult.ms).toBeLessThan(500);
      for (const result of keptResults) {
        expect(result.status).toBe(200);
        expect(result.ms).toBeLessThan(500);
        expect(result.body).toContain('Harbour Cranes Stand Idle');
      }
      expect(changedResult.status).toBe(200);
      expect(changedResult.stale).toBe('1');
      expect(changedResult.body).toContain('Harbour Cranes Stand Idle');
      expect(changedResult.ms).toBeLessThan(6000);
      for (const result of [...pageResults, ...apiResults, writeResult]) {
        expect(result.status).toBe(503);
        expect(result.retryAfter).toMatch(/^\d+$/u);
        expect(result.ms).toBeLessThan(6000);
      }
      expect(apiResults[0]?.contentType).toContain('application/problem+json');
      expect(pageResults[0]?.contentType).toContain('text/html');
      expectRefusedForNow(writeResult);
      const givenBack = expectFormGivenBack(formResult);
      expect(formResult.ms).toBeLessThan(6000);

      await cluster.thaw();
      thawed = true;
      const thawedAt = performance.now();
      let status = 0;
      while (performance.now() - thawedAt < 15_000) {
        status = (await timed(site, '/en/archive/2025/09/01')).status;
        if (status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(status).toBe(200);
      expect(performance.now() - thawedAt).toBeLessThan(10_000);
      expect((await postComment(site, story, 2)).status).toBe(201);
      // The form given back sends the same text once the database answers again.
      const again = await site.get(`/en/news/${story.code}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: givenBack, ...TYPED, website: '' }),
      });
      expect(again.status).toBe(303);
      expect(again.headers.get('location')).toMatch(/\?comment=(published|pending)#/u);
      const stored = await site.services.database.db.selectFrom('comments').select(['author_name', 'body']).where('author_name', '=', TYPED.name).execute();
      expect(stored).toEqual([{ author_name: TYPED.name, body: TYPED.body }]);
    } finally {
      if (!thawed) await cluster.thaw();
    }
  });
});
