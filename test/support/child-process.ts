import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = new URL('../../', import.meta.url);

/** A module of the repository as a JSON string literal, for `await import(…)` inside a child's script. */
export function repoModule(path: string): string {
  return JSON.stringify(new URL(path, repoRoot).href);
}

export interface ChildRun<T> {
  /** Settles once the child has printed `ready` (after opening its database). */
  ready: Promise<void>;
  /** Lets the child go on: it waits for a line on stdin. */
  go(): void;
  /** What the child printed as JSON on its last line, once it exited 0. */
  result: Promise<T>;
  kill(): void;
}

/**
 * Runs an ES module script in another Node process with `DATABASE_URL` set, as a second app server would:
 * the script prints `ready`, waits for `go` on stdin, does its work and prints its result as JSON last.
 * Killed after `timeoutMs` whatever happens.
 */
export function runInAnotherProcess<T>(script: string, databaseUrl: string, label: string, timeoutMs: number): ChildRun<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: fileURLToPath(repoRoot),
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (stdout.startsWith('ready\n')) {
        child.stdout.off('data', check);
        resolve();
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`the ${label} process exited (${code}) before it was ready: ${stderr.trim()}`)));
  });
  const result = exited.then((code) => {
    const last = stdout.trim().split('\n').at(-1) ?? '';
    if (code !== 0 || !/^[[{]/.test(last)) throw new Error(`the ${label} process failed (exit ${code}): ${stderr.trim() || stdout.trim()}`);
    return JSON.parse(last) as T;
  });
  // Not awaited when a test fails early; keep an early failure from becoming an unhandled rejection.
  ready.catch(() => {});
  result.catch(() => {});
  return { ready, go: () => child.stdin.write('go\n'), result, kill: () => child.kill() };
}
