import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from './database-url.ts';
import type { Engine } from './engine.ts';
import { allMigrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Where the data lives, for log lines and error messages (password hidden). */
  location: string;
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

export class DatabaseOpenError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
}

const INT8_OID = 20;

/** Opens the database named by `target`, checks that it answers, and runs pending migrations. */
export async function openDatabase(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const handle = target.engine === 'sqlite' ? openSqlite(target.file) : await openPostgres(target.connectionString, target.display);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

function openSqlite(file: string): DatabaseHandle {
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
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    throw new DatabaseOpenError(`cannot open the SQLite database at ${file}: ${(error as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    engine: 'sqlite',
    location: file,
    close: () => db.destroy(),
  };
}

async function openPostgres(connectionString: string, display: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    connectionTimeoutMillis: 5000,
    // Story codes are bigint columns; their values stay far below 2^53, so numbers are safe.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseOpenError(`cannot reach PostgreSQL at ${display}: ${(error as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    location: display,
    close: () => db.destroy(),
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

export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => allMigrations(handle.engine) };
  const migrator = new Migrator({ db: handle.db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new DatabaseOpenError(
      `migration ${failed?.migrationName ?? '(unknown)'} failed on ${handle.location}: ${(error as Error).message}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
