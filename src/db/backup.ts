import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseTarget } from './database-url.ts';
import { DatelineError } from '../errors/dateline-error.ts';

export class BackupError extends DatelineError {
  constructor(message: string, options?: ErrorOptions) {
    super('BACKUP_FAILED', message, { cause: options?.cause });
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';
const PG_DUMP_HEADER = 'PGDMP';

/**
 * Writes a consistent copy of the whole database to `file` while the site keeps running: every table,
 * whatever its name (a table added by a later migration is included without a change here), the site's
 * keys (`site_keys`) among them.
 *
 * - SQLite: `VACUUM INTO`, which reads one snapshot (a read transaction: writers go on meanwhile in WAL
 *   mode) and writes a compact database file. Copying the file itself misses what is still in the WAL.
 * - PostgreSQL: `pg_dump --format=custom`, which reads one snapshot too. It must be on PATH, of the
 *   server's major version or newer.
 * @example await backupDatabase({ engine: 'sqlite', file: '/srv/dateline.db' }, '/backups/2026-12-01.db')
 */
export async function backupDatabase(target: DatabaseTarget, file: string): Promise<void> {
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists: choose a new file for the backup`);
  if (target.engine === 'sqlite') {
    if (!fs.existsSync(target.file)) throw new BackupError(`there is no SQLite database at ${target.file}`);
    const source = new SqliteDatabase(target.file, { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      source.prepare('vacuum into ?').run(path.resolve(file));
    } catch (error) {
      fs.rmSync(file, { force: true });
      throw new BackupError(`cannot back up ${target.file} to ${file}: ${(error as Error).message}`);
    } finally {
      source.close();
    }
    return;
  }
  await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${target.connectionString}`], target.display).catch((error: unknown) => {
    fs.rmSync(file, { force: true });
    throw error;
  });
}

/**
 * Loads a backup made by `backupDatabase` into an empty database (a new SQLite file, or a PostgreSQL
 * database without tables); refuses one that holds anything. Migrations run afterwards, as on any start,
 * so a backup from an older release comes up to date.
 * @example await restoreDatabase({ engine: 'sqlite', file: '/srv/dateline.db' }, '/backups/2026-12-01.db')
 */
export async function restoreDatabase(target: DatabaseTarget, file: string): Promise<void> {
  const kind = backupKind(file);
  if (target.engine === 'sqlite') {
    if (kind !== 'sqlite') throw new BackupError(`${file} is not an SQLite backup of Dateline${kind === 'postgres' ? ' (it is a PostgreSQL dump: restore it with a postgres:// DATABASE_URL)' : ''}`);
    const tables = sqliteTableCount(target.file);
    if (tables > 0) throw new BackupError(`refusing to restore into ${target.file}: it already holds ${tables} tables (restore needs a new, empty database)`);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${target.file}${suffix}`, { force: true });
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    // A copy beside the target, then a rename: a restore cut short leaves no half a database behind.
    const partial = `${target.file}.restoring`;
    fs.copyFileSync(file, partial);
    fs.renameSync(partial, target.file);
    return;
  }
  if (kind !== 'postgres') throw new BackupError(`${file} is not a PostgreSQL backup of Dateline${kind === 'sqlite' ? ' (it is an SQLite database: restore it with a sqlite: DATABASE_URL)' : ''}`);
  const tables = await postgresTableCount(target.connectionString, target.display);
  if (tables > 0) throw new BackupError(`refusing to restore into ${target.display}: it already holds ${tables} tables (restore needs a new, empty database)`);
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${target.connectionString}`, file], target.display);
}

function backupKind(file: string): 'sqlite' | 'postgres' | 'unknown' {
  let header: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      header = Buffer.alloc(16);
      fs.readSync(fd, header, 0, 16, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError(code === 'ENOENT' ? `there is no backup file at ${file}` : `cannot read ${file} (${code ?? 'unknown error'})`);
  }
  const text = header.toString('latin1');
  if (text === SQLITE_HEADER) return 'sqlite';
  if (text.startsWith(PG_DUMP_HEADER)) return 'postgres';
  return 'unknown';
}

function sqliteTableCount(file: string): number {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return 0;
  const existing = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return (existing.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number }).n;
  } finally {
    existing.close();
  }
}

async function postgresTableCount(connectionString: string, display: string): Promise<number> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const result = await client.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
    );
    return Number(result.rows[0]?.n ?? 0);
  } catch (error) {
    throw new BackupError(`cannot reach PostgreSQL at ${display}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

function runTool(tool: string, args: string[], display: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(new BackupError(error.code === 'ENOENT' ? `${tool} is not on PATH: install the PostgreSQL client tools (the server's major version or newer)` : `${tool} failed to start: ${error.message}`));
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      // The tool's own message can carry the connection string; show only the first line, with the URL redacted.
      else reject(new BackupError(`${tool} failed on ${display} (exit ${code}): ${firstLine(stderr).replaceAll(/postgres(ql)?:\/\/\S+/gu, display)}`));
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
