import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase } from '../../src/db/open-database.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CLI = 'bin/dateline.js';
/** No child may outlive this; a hung child fails its test instead of hanging the run. */
const CHILD_TIMEOUT_MS = 30_000;

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function childEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  delete env.PORT;
  delete env.HOST;
  delete env.PUBLIC_URL;
  return env;
}

function start(args: string[], databaseUrl: string, options: { asUser?: string } = {}): ChildProcessWithoutNullStreams {
  const [command, commandArgs] = options.asUser
    ? ['runuser', ['-u', options.asUser, '--', process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  // SIGKILL on timeout: a SIGTERM would make `serve` stop cleanly and look like success.
  return spawn(command, commandArgs, { cwd: repoRoot, env: childEnv(databaseUrl), timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' });
}

function finished(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function runCli(args: string[], databaseUrl: string, options: { asUser?: string } = {}): Promise<Finished> {
  return finished(start(args, databaseUrl, options));
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** An operator error: exactly one line on stderr, starting `dateline:`, and no stack trace anywhere. */
function operatorError(result: Finished): string {
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/^ {4}at /mu);
  const errorLines = lines(result.stderr);
  expect(errorLines).toHaveLength(1);
  const line = errorLines[0] ?? '';
  expect(line).toMatch(/^dateline: /u);
  return line;
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** Resolves with the first stderr line matching `pattern`, or rejects when the child exits first. */
function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        child.stderr.off('data', onData);
        resolve(match);
      }
    };
    child.stderr.on('data', onData);
    child.once('close', (code) => reject(new Error(`the child exited (${code}) before printing ${pattern}: ${seen.trim()}`)));
  });
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function hasRunuser(): boolean {
  return spawnSync('runuser', ['--help'], { stdio: 'ignore' }).status === 0;
}

describe('the dateline command line', () => {
  let dir: string;
  let databaseUrl: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dateline-cli-'));
    databaseUrl = `sqlite:${join(dir, 'dateline.db')}`;
  });

  afterEach(async () => {
    await chmod(dir, 0o700).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  describe('import-text', () => {
    it('prints one line per file and a total, and exits 0 when every file imported', async () => {
      const result = await runCli(['import-text', 'corpus/seed-898945.txt', 'test/fixtures/import/weather-901234.txt'], databaseUrl);
      expect(result.stderr).toBe('');
      expect(lines(result.stdout)).toEqual([
        'corpus/seed-898945.txt: imported story 898945 “West Plotting to Disrupt Karabakh Ceasefire: Russia” at /en/news/898945/west-plotting-to-disrupt-karabakh-ceasefire-russia',
        'test/fixtures/import/weather-901234.txt: imported story 901234 “Steady Spring Rain Expected Along the Coast This Week” at /en/news/901234/steady-spring-rain-expected-along-the-coast-this-week',
        '2 imported, 0 failed',
      ]);
      expect(result.code).toBe(0);
    });

    it('leaves the Featured Stories alone unless --featured, which replaces them and is audited', async () => {
      await runCli(['import-text', 'corpus/seed-898945.txt'], databaseUrl);
      const railAndAudit = async () => {
        const handle = await openDatabase(parseDatabaseUrl(databaseUrl));
        try {
          const featured = await handle.db.selectFrom('featured_entries').select('headline').execute();
          const audited = await handle.db.selectFrom('audit_log').select('action').where('action', '=', 'curation.featured_changed').execute();
          return { featured: featured.length, audited: audited.length };
        } finally {
          await handle.close();
        }
      };
      expect(await railAndAudit()).toEqual({ featured: 0, audited: 0 });
      const asked = await runCli(['import-text', 'corpus/seed-898945.txt', '--featured'], databaseUrl);
      expect(asked.code).toBe(0);
      expect(await railAndAudit()).toEqual({ featured: 13, audited: 1 });
    });

    it('says "updated" for a story imported before', async () => {
      await runCli(['import-text', 'corpus/seed-898945.txt'], databaseUrl);
      const again = await runCli(['import-text', 'corpus/seed-898945.txt'], databaseUrl);
      expect(lines(again.stdout)[0]).toMatch(/^corpus\/seed-898945\.txt: updated story 898945 /u);
      expect(again.code).toBe(0);
    });

    it('prints one error line per bad file and exits 1 when any file failed', async () => {
      const result = await runCli(['import-text', 'test/fixtures/import/truncated.txt', 'corpus/seed-898945.txt', 'no-such-story.txt'], databaseUrl);
      expect(lines(result.stdout)).toEqual([
        expect.stringMatching(/^corpus\/seed-898945\.txt: imported story 898945 /u),
        '1 imported, 2 failed',
      ]);
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(/^test\/fixtures\/import\/truncated\.txt: the file ends after the headline .*\(truncated file\?\)$/u),
        'no-such-story.txt: no such file',
      ]);
      expect(result.stderr).not.toMatch(/^ {4}at /mu);
      expect(result.code).toBe(1);
    });
  });

  describe('operator errors', () => {
    it('refuses a story file over the size limit in one line naming the file, and imports the others', async () => {
      const big = join(dir, 'huge-story.txt');
      await writeFile(big, `date 2020-11-20 1\n${'All work and no play. '.repeat(60_000)}`);
      const result = await runCli(['import-text', big, 'corpus/seed-898945.txt'], databaseUrl);
      expect(lines(result.stderr)).toEqual([`${relative(repoRoot, big)}: is 1.3 MiB; a story file may be at most 1 MiB (split the story)`]);
      expect(lines(result.stdout).at(-1)).toBe('1 imported, 1 failed');
      expect(result.code).toBe(1);
    });

    it('prints progress on stderr while importing many files', async () => {
      const files = Array.from({ length: 400 }, () => 'test/fixtures/import/weather-901234.txt');
      const result = await runCli(['import-text', ...files], databaseUrl);
      expect(result.code).toBe(0);
      expect(lines(result.stdout).at(-1)).toBe('400 imported, 0 failed');
      expect(result.stderr).toMatch(/^dateline: \d+ of 400 files done \(0 failed\), \d+ s$/mu);
    });

    it('names DATABASE_URL in one line when it is malformed, and exits 1', async () => {
      const result = await runCli(['migrate'], 'mysql://x');
      expect(operatorError(result)).toMatch(/^dateline: DATABASE_URL "mysql:\/\/x" is not understood/u);
      expect(result.code).toBe(1);
    });

    it('says it cannot reach PostgreSQL in one line, without the password, and exits 1', async () => {
      const result = await runCli(['migrate'], 'postgres://nobody:hunter2@127.0.0.1:1/x');
      const line = operatorError(result);
      expect(line).toMatch(/^dateline: cannot reach PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/x: /u);
      expect(line).not.toContain('hunter2');
      expect(result.code).toBe(1);
    });

    it('says it cannot reach PostgreSQL at the URL given', async () => {
      const result = await runCli(['import-text', 'corpus/seed-898945.txt'], 'postgres://nobody@127.0.0.1:1/x');
      expect(operatorError(result)).toMatch(/^dateline: cannot reach PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/x: /u);
      expect(result.code).toBe(1);
    });

    it('says the SQLite folder is not writable in one line, and exits 1', async ({ skip }) => {
      // root writes through chmod 0555, so as root the child runs as `nobody`.
      if (isRoot() && !hasRunuser()) skip('running as root without runuser: a read-only folder cannot be simulated');
      const dataDir = join(dir, 'data');
      await mkdir(dataDir);
      await chmod(dataDir, 0o555);
      await chmod(dir, 0o755);
      const file = join(dataDir, 'dateline.db');

      const result = await runCli(['migrate'], `sqlite:${file}`, isRoot() ? { asUser: 'nobody' } : {});

      expect(operatorError(result)).toBe(`dateline: cannot write the SQLite database at ${file}: the folder or file is not writable`);
      expect(result.code).toBe(1);
      expect(existsSync(file)).toBe(false);
    });

    it('says the port is in use in one line, and exits 1', async () => {
      const blocker = createServer();
      const port = await listen(blocker);
      try {
        const result = await runCli(['serve', '--create-if-missing', '--port', String(port)], databaseUrl);
        expect(operatorError(result)).toBe(`dateline: cannot listen on 127.0.0.1:${port}: the port is already in use (set PORT or --port)`);
        expect(result.code).toBe(1);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    });
  });

  describe('serve', () => {
    it('refuses an SQLite file that does not exist, in one line, unless asked to create it', async () => {
      const result = await runCli(['serve', '--port', '0'], databaseUrl);
      expect(operatorError(result)).toBe(`dateline: there is no SQLite database at ${join(dir, 'dateline.db')} (check DATABASE_URL, or pass --create-if-missing to start a new site)`);
      expect(result.code).toBe(1);
      expect(existsSync(join(dir, 'dateline.db'))).toBe(false);
    });

    it('answers /healthz, and on SIGTERM stops cleanly with exit 0', async () => {
      const child = start(['serve', '--create-if-missing', '--port', '0'], databaseUrl);
      const done = finished(child);
      try {
        const [, url] = await waitForLine(child, /dateline: serving (http:\/\/127\.0\.0\.1:\d+)\//u);

        const response = await fetch(`${url}/healthz`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ status: 'ok', engine: 'sqlite' });

        child.kill('SIGTERM');
        const result = await done;
        expect(result.stderr).toMatch(/^dateline: SIGTERM received, finishing requests in flight…$/mu);
        expect(lines(result.stderr).at(-1)).toBe('dateline: stopped');
        expect(result.signal).toBeNull();
        expect(result.code).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
    });
  });

  describe('first-run setup', () => {
    it('serve prints the set-up code while no account exists; setup-code prints the same; an owner added here closes setup', async () => {
      const child = start(['serve', '--create-if-missing', '--port', '0'], databaseUrl);
      const done = finished(child);
      let printed = '';
      try {
        const pattern = /dateline: no account yet: open http:\/\/127\.0\.0\.1:0\/admin\/setup and enter the set-up code ([a-z2-9-]{19}) \(or add an owner with: dateline user add --role owner\)\n[\s\S]*dateline: serving (http:\/\/127\.0\.0\.1:\d+)\//u;
        const [, code, url] = await waitForLine(child, pattern);
        printed = code ?? '';
        expect((await fetch(`${url}/admin/setup`)).status).toBe(200);
        child.kill('SIGTERM');
        expect((await done).code).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }

      const asked = await runCli(['setup-code'], databaseUrl);
      expect([asked.code, asked.stdout.trim()]).toEqual([0, `set-up code: ${printed}`]);

      const added = await runCli(['user', 'add', '--email', 'owner@cli.test', '--role', 'owner', '--name', 'Cli Owner'], databaseUrl);
      expect(added.code).toBe(0);
      const closed = await runCli(['setup-code'], databaseUrl);
      expect(closed.code).toBe(1);
      expect(operatorError(closed)).toBe('dateline: setup is closed: the site already has an account (add people with dateline user add)');
    });
  });
});
