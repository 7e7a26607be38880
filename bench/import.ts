/**
 * How fast `dateline import-wordpress` moves a large site in, and how much memory it needs: a synthetic
 * export of POSTS posts (default 20,000), made by repeating the published posts of WordPress's theme test
 * data (test/fixtures/import/) under new ids and addresses, imported into a new SQLite database by the
 * real command in a process of its own, whose peak memory (maximum resident set) the kernel reports.
 *
 *   npm run bench:import              # 20,000 posts
 *   POSTS=2000 npm run bench:import   # a quicker look
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cleanup, makeTempDir, repoRoot, track } from './bench-kit.ts';

const POSTS = Number(process.env.POSTS ?? 20_000);
const fixture = path.join(repoRoot, 'test/fixtures/import/themeunittestdata.wordpress.xml');

async function writeSyntheticExport(file: string): Promise<number> {
  const source = await readFile(fixture, 'utf8');
  const head = source.slice(0, source.indexOf('<item>'));
  const published = [...source.matchAll(/<item>[\s\S]*?<\/item>/gu)]
    .map((m) => m[0])
    .filter((item) => item.includes('<wp:post_type>post</wp:post_type>') && item.includes('<wp:status>publish</wp:status>') && !/<wp:post_password>[^<]/u.test(item) && !item.includes('<wp:post_id>1170</wp:post_id>'));
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(head);
  for (let n = 0; n < POSTS; n++) {
    const id = 100_000 + n;
    const item = published[n % published.length]!
      .replace(/<wp:post_id>\d+<\/wp:post_id>/u, `<wp:post_id>${id}</wp:post_id>`)
      .replace(/<wp:post_name>(?:<!\[CDATA\[)?([^<\]]*)(?:\]\]>)?<\/wp:post_name>/u, `<wp:post_name>$1-${id}</wp:post_name>`)
      .replace(/<link>([^<]*?)\/?<\/link>/u, `<link>$1-${id}/</link>`)
      .replace(/<title>(?:<!\[CDATA\[)?([^<\]]*)(?:\]\]>)?<\/title>/u, `<title>$1 (${id})</title>`);
    await write(`${item}\n`);
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
  return published.length;
}

async function main(): Promise<void> {
  const dir = await makeTempDir('dateline-bench-import-');
  const file = path.join(dir, 'export.xml');
  const distinct = await writeSyntheticExport(file);
  const databaseUrl = `sqlite:${path.join(dir, 'site.db')}`;
  console.log(`export: ${POSTS} posts (${distinct} distinct, repeated), ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
  const env = { ...process.env, DATELINE_RUN_SOURCES: '1' };
  const migrate = track(spawn(process.execPath, ['bin/dateline.js', 'migrate', '--database-url', databaseUrl], { cwd: repoRoot, env }), 'migrate');
  await once(migrate.child, 'exit');
  // GNU time reports the import process's own peak memory, not this script's.
  const run = track(spawn('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, 'bin/dateline.js', 'import-wordpress', file, '--database-url', databaseUrl, '--no-fetch'], { cwd: repoRoot, env }), 'import');
  const [code] = (await once(run.child, 'exit')) as [number | null];
  const output = run.output();
  const summary = output.split('\n').find((l) => l.startsWith(`${file}:`)) ?? '';
  const peak = /peak-rss-kb (\d+)/u.exec(output)?.[1];
  if (code !== 0 || !peak) throw new Error(`the import failed (${code}):\n${output.slice(-2000)}`);
  console.log(summary.replace(`${file}: `, 'import: '));
  console.log(`peak memory of the import process: ${(Number(peak) / 1024).toFixed(0)} MB`);
}

try {
  await main();
} finally {
  await cleanup();
}
