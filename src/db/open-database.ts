import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type KyselyConfig } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from './database-url.ts';
import { engineOf, type Engine } from './engine.ts';
import { appliedMigrations, runMigrations, type MigrationRunOptions } from './migration-runner.ts';
import { allMigrations, type MigrationSteps } from './migrations/index.ts';
import { createPostgresPool, type PostgresTimeouts } from './postgres-pool.ts';
import type { Database } from './schema.ts';
import { SQLITE_BUSY_TIMEOUT_MS, TwoConnectionSqliteDialect } from './sqlite-driver.ts';
import { DatelineError } from '../errors/dateline-error.ts';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, for log lines and error messages (password hidden). */
  location: string;
  /**
   * Whether the database can take writes now, within `deadlineMs`: it answers, is writable, is not locked
   * by another process, and its migrations are current. Never throws.
   */
  checkReadiness(deadlineMs: number): Promise<Readiness>;
  /** PostgreSQL pool connections now; undefined on SQLite (one reader, one writer). */
  connectionStats(): { total: number; idle: number; waiting: number } | undefined;
  close(): Promise<void>;
  /**
   * PostgreSQL only: a dedicated connection that LISTENs on `channel`, reconnecting after any loss.
   * `onConnect` runs after every (re)connection, before notifications flow, so a listener can catch up on
   * what it may have missed.
   */
  listen?(channel: string, handlers: NotificationHandlers): Promise<NotificationListener>;
}

export interface NotificationHandlers {
  onNotify(payload: string): void;
  onConnect(): void;
  onError?(error: Error): void;
}

export interface NotificationListener {
  close(): Promise<void>;
}

export type Readiness = { isReady: true } | { isReady: false; problem: string };

export class DatabaseOpenError extends DatelineError {
  constructor(message: string, options?: ErrorOptions) {
    super('DATABASE_UNAVAILABLE', message, { cause: options?.cause });
  }
}

/** How long the database may keep a request waiting (milliseconds), from the environment or these defaults. */
export interface DatabaseTimeouts extends PostgresTimeouts {
  /** SQLite: the longest a write waits for the write lock (`SQLITE_WRITE_WAIT_MS`, default 3000). */
  sqliteWriteWaitMs: number;
}

/**
 * Bounded waits for serving requests: a reader or a writer gets an answer or a 503 within a few seconds.
 * @example databaseTimeouts({ DATABASE_STATEMENT_TIMEOUT_MS: '2000' }).statementMs // 2000
 */
export function databaseTimeouts(env: NodeJS.ProcessEnv = process.env): DatabaseTimeouts {
  const read = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new DatabaseOpenError(`${name} "${text}" is not a number of milliseconds`);
    return value;
  };
  return {
    statementMs: read('DATABASE_STATEMENT_TIMEOUT_MS', 5000),
    lockMs: read('DATABASE_LOCK_TIMEOUT_MS', 2000),
    idleInTransactionMs: read('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 10_000),
    acquireMs: read('DATABASE_ACQUIRE_TIMEOUT_MS', 5000),
    sqliteWriteWaitMs: read('SQLITE_WRITE_WAIT_MS', 3000),
  };
}

/**
 * Maintenance work (migrations, restores) may legitimately run for minutes and wait for another server's
 * migration to finish: no statement timeout, long lock waits.
 */
export const maintenanceTimeouts: DatabaseTimeouts = { statementMs: 0, lockMs: 0, idleInTransactionMs: 0, acquireMs: 30_000, sqliteWriteWaitMs: 10 * 60_000 };

export interface OpenOptions {
  /** Run pending migrations first (default true). */
  migrate?: boolean;
  timeouts?: DatabaseTimeouts;
  /** SQLite: create the file when it does not exist (default true; `serve` asks for it explicitly). */
  createIfMissing?: boolean;
  /** Told each statement's duration and whether it failed (metrics). */
  onQuery?: QueryObserver;
  /** Work of the layers above that a migration needs (migration 002 indexes stories already published). */
  migrationSteps?: MigrationSteps;
  /**
   * Many small transactions in a row (an import), each whole or not at all as ever, but not each waiting for
   * its own sync to disk: SQLite `synchronous = NORMAL` in WAL mode (the log is synced when the handle
   * closes), PostgreSQL `synchronous_commit = off`. A power cut may lose the last ones committed, never half
   * of one. Only for work that can be run again and finds what it already did (docs/decisions/027).
   */
  isBulkLoad?: boolean;
}

export type QueryObserver = (durationMs: number, isError: boolean) => void;

/** Opens the database named by `target`, checks that it answers, and runs pending migrations. */
export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const timeouts = options.timeouts ?? databaseTimeouts();
  if (target.engine === 'sqlite' && options.createIfMissing === false && target.file !== ':memory:' && !fs.existsSync(target.file)) {
    throw new DatabaseOpenError(`there is no SQLite database at ${target.file} (check DATABASE_URL, or pass --create-if-missing to start a new site)`);
  }
  if (options.migrate !== false && !(target.engine === 'sqlite' && target.file === ':memory:')) {
    // Migrations get a handle of their own without the serving timeouts: migration 002 re-indexes every story.
    const maintenance = await openHandle(target, maintenanceTimeouts, {});
    try {
      await migrateToLatest(maintenance, options.migrationSteps);
    } finally {
      await maintenance.close();
    }
    return openHandle(target, timeouts, options);
  }
  const handle = await openHandle(target, timeouts, options);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(handle, options.migrationSteps);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

function openHandle(target: DatabaseTarget, timeouts: DatabaseTimeouts, options: OpenOptions): Promise<DatabaseHandle> | DatabaseHandle {
  return target.engine === 'sqlite' ? openSqlite(target.file, timeouts, options) : openPostgres(target.connectionString, target.display, timeouts, options);
}

function queryLog(onQuery: QueryObserver | undefined): KyselyConfig['log'] {
  return onQuery ? (event) => onQuery(event.queryDurationMillis, event.level === 'error') : undefined;
}

function openSqlite(file: string, timeouts: DatabaseTimeouts, { onQuery, isBulkLoad = false }: OpenOptions): DatabaseHandle {
  if (file !== ':memory:') {
    const folder = path.dirname(file);
    try {
      fs.mkdirSync(folder, { recursive: true });
      fs.accessSync(folder, fs.constants.W_OK);
      if (fs.existsSync(file)) fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      throw new DatabaseOpenError(`cannot write the SQLite database at ${file}: the folder or file is not writable`);
    }
  }
  let writer: SqliteDatabase.Database | undefined;
  let reader: SqliteDatabase.Database;
  try {
    writer = new SqliteDatabase(file);
    configureSqlite(writer);
    if (isBulkLoad) {
      writer.pragma('synchronous = NORMAL');
      // Checkpoints (each with its syncs) every 40 MB of log rather than every 4 MB.
      writer.pragma('wal_autocheckpoint = 10000');
    }
    reader = file === ':memory:' ? writer : new SqliteDatabase(file);
    if (reader !== writer) {
      configureSqlite(reader);
      reader.pragma('query_only = ON');
    }
  } catch (error) {
    writer?.close();
    throw new DatabaseOpenError(`cannot open the SQLite database at ${file}: ${(error as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new TwoConnectionSqliteDialect({ writer, reader, writeWaitMs: timeouts.sqliteWriteWaitMs }), log: queryLog(onQuery) });
  const openedInode = file === ':memory:' ? undefined : fs.statSync(file).ino;
  return {
    db,
    engine: 'sqlite',
    location: file,
    checkReadiness: (deadlineMs) => withDeadline(deadlineMs, () => sqliteReadiness(db, file, openedInode)),
    connectionStats: () => undefined,
    close: async () => {
      // What the bulk load committed reaches the disk now: the log holds every commit not yet in the file.
      if (isBulkLoad && file !== ':memory:' && fs.existsSync(`${file}-wal`)) syncFile(`${file}-wal`);
      await db.destroy();
      // Kysely closes the connections only once it has used them; the last one closed checkpoints the log into the file.
      if (reader.open && reader !== writer) reader.close();
      if (writer?.open) writer.close();
    },
  };
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function configureSqlite(connection: SqliteDatabase.Database): void {
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  // FULL: a commit is on disk before it is acknowledged, power loss included (NORMAL survives only a crash
  // of the process). It costs one more fsync of the write-ahead log per commit.
  connection.pragma('synchronous = FULL');
}

async function openPostgres(connectionString: string, display: string, timeouts: DatabaseTimeouts, { onQuery, isBulkLoad = false }: OpenOptions): Promise<DatabaseHandle> {
  const { pool, kyselyPool } = createPostgresPool(connectionString, Number(process.env.DATABASE_POOL_SIZE ?? 10), timeouts, isBulkLoad);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseOpenError(`cannot reach PostgreSQL at ${display}: ${(error as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: kyselyPool }), log: queryLog(onQuery) });
  return {
    db,
    engine: 'postgres',
    location: display,
    checkReadiness: (deadlineMs) => withDeadline(deadlineMs, () => postgresReadiness(db)),
    connectionStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      await db.destroy();
      // Kysely ends the pool only once it has used it: the connection checked above must not outlive close.
      if (!pool.ending) await pool.end();
    },
    listen: (channel, handlers) => listenForNotifications(connectionString, channel, handlers),
  };
}

const LISTEN_RETRY_MS = [100, 250, 500, 1000, 2000];

/** One connection outside the pool, kept LISTENing; a lost one is replaced with backoff until `close`. */
async function listenForNotifications(connectionString: string, channel: string, handlers: NotificationHandlers): Promise<NotificationListener> {
  let client: pg.Client | undefined;
  let isClosed = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (isClosed) return;
    const next = new pg.Client({ connectionString, connectionTimeoutMillis: 5000, keepAlive: true });
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotify(message.payload ?? '');
    });
    const reconnect = (error?: Error) => {
      if (client !== next || isClosed) return;
      client = undefined;
      if (error) handlers.onError?.(error);
      next.removeAllListeners('end');
      void next.end().catch(() => {});
      schedule();
    };
    next.on('error', reconnect);
    next.on('end', () => reconnect(new Error('the notification connection ended')));
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      next.removeAllListeners();
      next.on('error', () => {});
      void next.end().catch(() => {});
      handlers.onError?.(error as Error);
      schedule();
      return;
    }
    if (isClosed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    failures = 0;
    handlers.onConnect();
  };
  const schedule = () => {
    if (isClosed) return;
    const delay = LISTEN_RETRY_MS[Math.min(failures++, LISTEN_RETRY_MS.length - 1)] ?? 2000;
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
  };

  await connect();
  return {
    close: async () => {
      isClosed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      if (current) {
        current.removeAllListeners('end');
        await current.end().catch(() => {});
      }
    },
  };
}

export async function migrateToLatest(handle: DatabaseHandle, options: MigrationRunOptions & MigrationSteps = {}): Promise<string[]> {
  try {
    return await runMigrations(handle.db as Kysely<unknown>, allMigrations(handle.engine, options), options);
  } catch (error) {
    throw new DatabaseOpenError(`${(error as Error).message} (on ${handle.location})`, { cause: error });
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

async function sqliteReadiness(db: Kysely<Database>, file: string, openedInode: number | undefined): Promise<Readiness> {
  if (openedInode !== undefined) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return { isReady: false, problem: `the database file ${file} is gone` };
    }
    if (stat.ino !== openedInode) return { isReady: false, problem: `the database file ${file} was replaced since the server opened it` };
    // Root passes access(W_OK) whatever the mode says; no write bit at all is an operator's "read-only" too.
    const isWritable = (stat.mode & 0o222) !== 0 && canWrite(file) && canWrite(path.dirname(file));
    if (!isWritable) return { isReady: false, problem: `the database file ${file} or its folder is read-only` };
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, header, 0, header.length, 0);
    } finally {
      fs.closeSync(fd);
    }
    if (!header.equals(SQLITE_HEADER)) return { isReady: false, problem: `the database file ${file} is not an SQLite database any more (corrupted)` };
  }
  const pending = await pendingMigrations(db);
  if (pending.length > 0) return { isReady: false, problem: `migrations not applied: ${pending.join(', ')}` };
  // Takes the write lock and lets it go: fails while another process holds it.
  await db.transaction().execute(async () => {});
  return { isReady: true };
}

async function postgresReadiness(db: Kysely<Database>): Promise<Readiness> {
  const row = await sql<{ standby: boolean; read_only: string }>`select pg_is_in_recovery() as standby, current_setting('transaction_read_only') as read_only`.execute(db);
  const state = row.rows[0];
  if (!state || state.standby || state.read_only === 'on') return { isReady: false, problem: 'PostgreSQL is read-only (a standby, or transaction_read_only is on)' };
  const pending = await pendingMigrations(db);
  if (pending.length > 0) return { isReady: false, problem: `migrations not applied: ${pending.join(', ')}` };
  return { isReady: true };
}

async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const engine = await engineOf(db as Kysely<unknown>);
  const applied = new Set(await appliedMigrations(db as Kysely<unknown>));
  return Object.keys(allMigrations(engine)).filter((name) => !applied.has(name));
}

function canWrite(target: string): boolean {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function withDeadline(deadlineMs: number, check: () => Promise<Readiness>): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ isReady: false, problem: `the database did not answer within ${deadlineMs} ms` }), deadlineMs);
  });
  const checked = check().catch((error: unknown): Readiness => ({ isReady: false, problem: `the database failed: ${(error as Error).message.split('\n')[0]}` }));
  try {
    return await Promise.race([checked, late]);
  } finally {
    clearTimeout(timer);
  }
}
