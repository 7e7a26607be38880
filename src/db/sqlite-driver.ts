import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { DatabaseUnavailableError } from './database-errors.ts';

export interface SqliteConnections {
  /** Runs every write and every transaction, one at a time. */
  writer: SqliteDatabase.Database;
  /** Runs reads outside transactions; the writer itself for `:memory:` (a second connection would be another database). */
  reader: SqliteDatabase.Database;
  /** The longest a write waits for the write lock (held by this process or another) before it gives up. */
  writeWaitMs: number;
}

/** The busy timeout SQLite itself waits, blocking the event loop: kept short, the rest of the wait is asynchronous. */
export const SQLITE_BUSY_TIMEOUT_MS = 10;
const MAX_BACKOFF_MS = 100;

/**
 * SQLite through two connections, so that a write waiting for the lock never holds up a read, and the wait
 * never blocks the event loop (better-sqlite3 is synchronous: its busy timeout is a sleep of the whole process).
 *
 * - Reads outside transactions run at once on the reader; in WAL mode a reader is not blocked by a writer
 *   in this process or another.
 * - Transactions begin `IMMEDIATE` on the writer, so the lock is taken up front and no statement inside
 *   can meet SQLITE_BUSY half-way. Lone writes run on the writer too.
 * - Waiting for the writer (in this process) and for the lock (held by another process: an import, a
 *   backup, a `sqlite3` shell) is asynchronous, with backoff, up to `writeWaitMs`; then the write fails
 *   with DatabaseUnavailableError (HTTP 503 + Retry-After), not a generic error.
 * - A rollback after a failed statement never hides the failure: when SQLite has already rolled back
 *   (a full disk, a read-only file), the original error is what the caller sees.
 */
export class TwoConnectionSqliteDialect extends SqliteDialect {
  constructor(private readonly connections: SqliteConnections) {
    super({ database: connections.writer });
  }

  override createDriver(): Driver {
    return new TwoConnectionSqliteDriver(this.connections);
  }
}

class TwoConnectionSqliteDriver implements Driver {
  private readonly writerLock = new AsyncLock();

  constructor(private readonly connections: SqliteConnections) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.connections, this.writerLock);
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    const routed = connection as RoutedConnection;
    await routed.bindWriter();
    try {
      await routed.retryWhileBusy(() => this.connections.writer.exec('begin immediate'));
    } catch (error) {
      routed.release();
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(): Promise<void> {
    // SQLite rolls back by itself after some failures (SQLITE_FULL, SQLITE_IOERR, …): a second rollback
    // would fail with "no transaction is active" and replace the error that matters. A rollback that fails
    // with the transaction gone all the same is no news either; one that leaves it open must be reported,
    // or every later write would meet "cannot start a transaction within a transaction".
    if (!this.connections.writer.inTransaction) return;
    try {
      this.connections.writer.exec('rollback');
    } catch (error) {
      if (this.connections.writer.inTransaction) throw error;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).release();
  }

  async destroy(): Promise<void> {
    if (this.connections.reader !== this.connections.writer) this.connections.reader.close();
    this.connections.writer.close();
  }
}

/** One Kysely connection: reads go to the reader until a write or a transaction binds it to the writer. */
class RoutedConnection implements DatabaseConnection {
  private hasWriter = false;
  private deadline = 0;

  constructor(
    private readonly connections: SqliteConnections,
    private readonly writerLock: AsyncLock,
  ) {}

  async bindWriter(): Promise<void> {
    if (this.hasWriter) return;
    this.deadline = Date.now() + this.connections.writeWaitMs;
    const isLocked = await this.writerLock.acquire(this.deadline);
    if (!isLocked) throw busyError(this.connections.writeWaitMs, 'other writes of this server are queued ahead');
    this.hasWriter = true;
  }

  release(): void {
    if (!this.hasWriter) return;
    this.hasWriter = false;
    this.writerLock.release();
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.hasWriter) return run<R>(this.connections.writer.prepare(compiled.sql), compiled.parameters);
    const statement = this.connections.reader.prepare(compiled.sql);
    if (statement.readonly) {
      this.deadline = Date.now() + this.connections.writeWaitMs;
      return this.retryWhileBusy(() => run<R>(statement, compiled.parameters));
    }
    await this.bindWriter();
    const write = this.connections.writer.prepare(compiled.sql);
    return this.retryWhileBusy(() => run<R>(write, compiled.parameters));
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // Rows are read at once: an open iterator would keep the shared connection busy across awaits.
    const result = await this.executeQuery<R>(compiled);
    for (const row of result.rows) yield { rows: [row] };
  }

  /** Runs `attempt` until it does not meet SQLITE_BUSY, sleeping asynchronously between tries, up to the deadline. */
  async retryWhileBusy<T>(attempt: () => T): Promise<T> {
    let delay = 1;
    for (;;) {
      try {
        return attempt();
      } catch (error) {
        if (!isBusy(error)) throw error;
        if (Date.now() + delay > this.deadline) throw busyError(this.connections.writeWaitMs, 'another process holds the write lock', error);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    }
  }
}

function run<R>(statement: SqliteDatabase.Statement, parameters: readonly unknown[]): QueryResult<R> {
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function busyError(waitedMs: number, why: string, cause?: unknown): DatabaseUnavailableError {
  return new DatabaseUnavailableError(`the SQLite database is busy (${why}); gave up after ${waitedMs} ms`, { cause, retryAfterSeconds: 2 });
}

/** A first-come lock whose waiters give up at a deadline. */
class AsyncLock {
  private isHeld = false;
  private readonly waiters: Array<(isAcquired: boolean) => void> = [];

  acquire(deadline: number): Promise<boolean> {
    if (!this.isHeld) {
      this.isHeld = true;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter = (isAcquired: boolean) => {
        clearTimeout(timer);
        resolve(isAcquired);
      };
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve(false);
      }, Math.max(0, deadline - Date.now()));
      this.waiters.push(waiter);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next(true);
    else this.isHeld = false;
  }
}
