import { execFile } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface PostgresCluster {
  /** Admin URL of the cluster's `postgres` database, as superuser `dateline` with trust auth. */
  url: string;
  stop(): Promise<void>;
  /** SIGSTOPs the postmaster and every backend: what a stuck volume or a network partition looks like. */
  freeze(): Promise<void>;
  /** SIGCONTs what `freeze` stopped. */
  thaw(): Promise<void>;
}

const superuser = 'dateline';

/** True when both `initdb` and `pg_ctl` are executable somewhere on PATH. */
export function findPostgresTools(): boolean {
  return ['initdb', 'pg_ctl'].every((tool) => onPath(tool));
}

function onPath(tool: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, tool), fsConstants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr: stderr || (error?.message ?? '') });
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

async function logTail(logFile: string, lines = 15): Promise<string> {
  try {
    const text = await readFile(logFile, 'utf8');
    return text.trim().split('\n').slice(-lines).join(' | ') || '(server log is empty)';
  } catch {
    return '(no server log)';
  }
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' | ');
}

/**
 * Starts a throwaway PostgreSQL cluster in a fresh temp directory, listening on 127.0.0.1 on a free
 * port, with durability switched off because its data is thrown away at the end of the run.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'log');
  // initdb and postgres refuse to run as root, so the cluster belongs to `nobody`.
  const asRoot = process.getuid?.() === 0;
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'nobody', '--', tool, ...args]] : [tool, args];
  const exec = (tool: string, args: string[]): Promise<RunResult> => run(...command(tool, args), dir);

  const cleanUp = (): Promise<void> => rm(dir, { recursive: true, force: true });

  try {
    if (asRoot) {
      const uid = await run('id', ['-u', 'nobody'], dir);
      const gid = await run('id', ['-g', 'nobody'], dir);
      if (uid.code !== 0 || gid.code !== 0) {
        throw new Error(`cannot look up user nobody: ${oneLine(uid.stderr || gid.stderr)}`);
      }
      await chown(dir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
    }

    const initdbArgs = ['-D', dataDir, '-U', superuser, '--auth=trust', '-E', 'UTF8'];
    let init = await exec('initdb', [...initdbArgs, '--locale=C.UTF-8']);
    if (init.code !== 0) {
      // Older systems lack the C.UTF-8 locale; plain C sorts the same way for our purposes.
      await rm(dataDir, { recursive: true, force: true });
      init = await exec('initdb', [...initdbArgs, '--locale=C']);
    }
    if (init.code !== 0) {
      throw new Error(`initdb failed (exit ${init.code}): ${oneLine(init.stderr || init.stdout)}`);
    }

    // The port can be taken between probing and binding, so a clash is retried with a new one.
    let lastError = '';
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = await freePort();
      const options = [
        '-c listen_addresses=127.0.0.1',
        `-p ${port}`,
        `-k ${dir}`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      const start = await exec('pg_ctl', ['-D', dataDir, '-o', options, '-l', logFile, '-w', 'start']);
      if (start.code === 0) {
        let frozen: number[] = [];
        return {
          url: `postgres://${superuser}@127.0.0.1:${port}/postgres`,
          freeze: async () => {
            frozen = await clusterProcesses(dataDir);
            // The postmaster first, so it forks no backend that escapes the freeze.
            for (const pid of frozen) process.kill(pid, 'SIGSTOP');
          },
          thaw: async () => {
            for (const pid of frozen) process.kill(pid, 'SIGCONT');
            frozen = [];
          },
          stop: stopOnce(async () => {
            const stop = await exec('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
            const tail = stop.code === 0 ? '' : await logTail(logFile);
            await cleanUp();
            if (stop.code !== 0) {
              throw new Error(
                `pg_ctl stop failed (exit ${stop.code}): ${oneLine(stop.stderr || stop.stdout)}; server log: ${tail}`,
              );
            }
          }),
        };
      }
      const tail = await logTail(logFile);
      lastError = `pg_ctl start failed (exit ${start.code}): ${oneLine(start.stderr || start.stdout)}; server log: ${tail}`;
      if (!/address already in use/i.test(tail)) break;
    }
    throw new Error(lastError);
  } catch (error) {
    await cleanUp();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not start a PostgreSQL test cluster in ${dir}: ${message}`, { cause: error });
  }
}

/** The postmaster (first line of postmaster.pid) and its children, read from /proc. */
async function clusterProcesses(dataDir: string): Promise<number[]> {
  const postmaster = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const pids = [postmaster];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, then the parent's pid.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === postmaster) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

function stopOnce(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}
