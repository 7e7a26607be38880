/**
 * The comment flood, as `npm run bench` and `npm run bench:comments` both run it: readers load a story page
 * with wrk while posting loops send comments to it as fast as the server answers — first all from one
 * address, then each post from an address of its own (the server trusts X-Forwarded-For, as behind a
 * proxy) — and the readers' latency is set against the same page read quietly. Most posts end in 429: the
 * per-address and per-story limits (docs/decisions/008-readers-comments.md) are what a flood meets.
 */
import { paragraph } from '../src/content/blocks.ts';
import { commandLineActor } from '../src/modules/accounts/account-types.ts';
import type { Services } from '../src/services.ts';
import { durationMs, fmtMs, isInterrupted, runWrk, sleep, WARMUP, type WrkResult } from './bench-kit.ts';

/** Readers' connections during the flood: fewer than the throughput load, so latency is not only queueing. */
export const FLOOD_CONNECTIONS = 20;
const HEADLINES = ['Bench Story for the Comment Flood from One Address', 'Bench Story for the Comment Flood from Many Addresses'] as const;
/** Older than every story the bench builds, so the flood's stories stay off the home page it measures. */
const PUBLISHED_AT = '2018-12-31T06:00:00.000Z';
/** The form's minimum time to fill (3 s), with a margin. */
const FILL_MS = 3500;

export interface FloodStory {
  code: number;
  path: string;
}

export interface FloodScenario {
  name: string;
  reads: WrkResult;
  /** The page once the flood is over: the comments it let through make it heavier to read. */
  bytesAfter: number;
  posts: { sent: number; accepted: number; refused: number; failed: number; perSecond: number };
}

export interface FloodReport {
  connections: number;
  posters: number;
  duration: string;
  /** The first flood story read with no posts in flight. */
  quiet: WrkResult;
  quietBytes: number;
  scenarios: FloodScenario[];
}

/**
 * The two stories the flood posts to, one a scenario so that one's rate window does not eat into the
 * other's: post-moderated, so that every accepted comment shows on the page readers load. Found again
 * in a database that already has them.
 */
export async function saveFloodStories(services: Services): Promise<FloodStory[]> {
  const stories: FloodStory[] = [];
  for (const headline of HEADLINES) {
    const found = await services.database.db
      .selectFrom('stories')
      .select(['id', 'code', 'slug'])
      .where('edition_code', '=', 'en')
      .where('headline', '=', headline)
      .where('status', '=', 'published')
      .executeTakeFirst();
    const story =
      found ??
      (await services.stories.save({
        editionCode: 'en',
        headline,
        body: Array.from({ length: 12 }, (_, i) => paragraph(`Paragraph ${i + 1} of a story readers keep reading while others comment.`)),
        status: 'published',
        publishedAt: PUBLISHED_AT,
      }));
    await services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    stories.push({ code: story.code, path: `/en/news/${story.code}/${story.slug}` });
  }
  return stories;
}

/**
 * Runs the flood against a server on `base`: a quiet read of the first story, then each scenario's reads
 * during its posts.
 * @example const report = await runCommentFlood(server.base, await saveFloodStories(services), { duration: '10s', posters: 8 })
 */
export async function runCommentFlood(base: string, stories: FloodStory[], options: { duration: string; posters: number }): Promise<FloodReport> {
  const [one, many] = stories;
  if (!one || !many) throw new Error('the flood needs two stories (saveFloodStories)');
  const served = performance.now();
  const pages = await Promise.all(stories.map((s) => fetchPage(`${base}${s.path}`)));

  process.stdout.write(`  quiet: warm-up ${WARMUP}, then ${options.duration} on ${one.path} … `);
  await runWrk(`${base}${one.path}`, WARMUP, FLOOD_CONNECTIONS);
  const quiet = await runWrk(`${base}${one.path}`, options.duration, FLOOD_CONNECTIONS);
  console.log(`${quiet.requestsPerSecond.toFixed(0)} req/s`);
  const wait = FILL_MS - (performance.now() - served);
  if (wait > 0) await sleep(wait);

  const scenarios: FloodScenario[] = [];
  const plans = [
    { name: 'one address', story: one, token: pages[0]?.token ?? '', address: () => '198.51.100.7' },
    { name: 'many addresses', story: many, token: pages[1]?.token ?? '', address: (poster: number, i: number) => `10.${poster}.${(i >> 8) & 255}.${i & 255}` },
  ];
  for (const plan of plans) {
    process.stdout.write(`  flood from ${plan.name}: ${options.posters} posting loops, ${options.duration} of reads on ${plan.story.path} … `);
    const tally = { sent: 0, accepted: 0, refused: 0, failed: 0 };
    let isFlooding = true;
    const poster = async (n: number) => {
      for (let i = 0; isFlooding && !isInterrupted(); i++) {
        const response = await fetch(`${base}/en/news/${plan.story.code}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-forwarded-for': plan.address(n, i) },
          body: new URLSearchParams({ _csrf: plan.token, name: `Poster ${n}`, email: `p${n}-${i}@example.org`, body: `Comment ${i} from poster ${n} on ${plan.name}.`, website: '' }),
        }).catch(() => undefined);
        await response?.arrayBuffer();
        tally.sent++;
        if (response?.status === 201) tally.accepted++;
        else if (response !== undefined && response.status >= 400 && response.status < 500) tally.refused++;
        else tally.failed++;
      }
    };
    const started = performance.now();
    const posting = Array.from({ length: options.posters }, (_, n) => poster(n));
    const reads = await runWrk(`${base}${plan.story.path}`, options.duration, FLOOD_CONNECTIONS);
    isFlooding = false;
    await Promise.all(posting);
    const elapsed = Math.max(performance.now() - started, durationMs(options.duration));
    console.log(`${reads.requestsPerSecond.toFixed(0)} req/s, ${tally.sent} posts`);
    const after = await fetchPage(`${base}${plan.story.path}`);
    scenarios.push({ name: plan.name, reads, bytesAfter: after.bytes, posts: { ...tally, perSecond: Number(((tally.sent / elapsed) * 1000).toFixed(1)) } });
  }
  return { connections: FLOOD_CONNECTIONS, posters: options.posters, duration: options.duration, quiet, quietBytes: pages[0]?.bytes ?? 0, scenarios };
}

/** The flood's figures as a Markdown table, with the posts' fate beside each read. */
export function floodTable(report: FloodReport): string[] {
  const row = (label: string, bytes: number, r: WrkResult, posts?: FloodScenario['posts']) =>
    `| ${label} (${(bytes / 1024).toFixed(1)} KB) | ${r.requestsPerSecond.toFixed(0)} | ${fmtMs(r.p50Ms)} ms | ${fmtMs(r.p95Ms)} ms | ${fmtMs(r.p99Ms)} ms | ${posts ? `${posts.sent} (${posts.perSecond.toFixed(0)}/s)` : '–'} | ${posts?.accepted ?? '–'} | ${posts?.refused ?? '–'} | ${posts?.failed ?? '–'} |`;
  return [
    `| story page, wrk -c${report.connections} | req/s | p50 | p95 | p99 | posts sent | accepted | refused | failed |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    row('quiet', report.quietBytes, report.quiet),
    ...report.scenarios.map((s) => row(`flood from ${s.name}, after`, s.bytesAfter, s.reads, s.posts)),
  ];
}

async function fetchPage(url: string): Promise<{ token: string; bytes: number }> {
  const response = await fetch(url);
  const html = await response.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (response.status !== 200 || !token) throw new Error(`${url} answered ${response.status} without a comment form`);
  return { token, bytes: Buffer.byteLength(html) };
}
