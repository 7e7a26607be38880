import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { DatabaseUnavailableError } from './database-errors.ts';

/** Every wait on PostgreSQL has an end (milliseconds; 0 turns one off, as the migrations need). */
export interface PostgresTimeouts {
  /** Server side: the longest one statement may run (`statement_timeout`). */
  statementMs: number;
  /** Server side: the longest a statement waits for a row or table lock (`lock_timeout`). */
  lockMs: number;
  /** Server side: a transaction left idle this long is ended (`idle_in_transaction_session_timeout`). */
  idleInTransactionMs: number;
  /** Client side: the longest to wait for a pooled connection, or for a new one to be set up. */
  acquireMs: number;
}

/** A statement's answer may take this much longer than `statement_timeout` before the client stops waiting. */
const CLIENT_GRACE_MS = 1000;

const INT8_OID = 20;

/**
 * A pg pool whose every wait is bounded, for Kysely. The server enforces statement, lock and idle-in-transaction
 * timeouts; a frozen or partitioned server enforces nothing, so the client also stops waiting for an answer
 * (`query_timeout`) and for a connection (`connectionTimeoutMillis`). A connection that timed out is destroyed,
 * never handed to the next request, and errors that mean "the database is not answering" become
 * DatabaseUnavailableError (HTTP 503 + Retry-After).
 */
export function createPostgresPool(connectionString: string, size: number, timeouts: PostgresTimeouts, isBulkLoad = false): { pool: pg.Pool; kyselyPool: PostgresPool } {
  const pool = new pg.Pool({
    connectionString,
    // A bulk load's commits return before the server has flushed them (OpenOptions.isBulkLoad).
    ...(isBulkLoad ? { options: '-c synchronous_commit=off' } : {}),
    max: size,
    connectionTimeoutMillis: timeouts.acquireMs,
    statement_timeout: timeouts.statementMs || false,
    lock_timeout: timeouts.lockMs || undefined,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs || undefined,
    query_timeout: timeouts.statementMs ? timeouts.statementMs + CLIENT_GRACE_MS : undefined,
    keepAlive: true,
    // Story codes are bigint columns; their values stay far below 2^53, so numbers are safe.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const kyselyPool: PostgresPool = {
    connect: async () => {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw asUnavailable(error) ?? error;
      }
      let wrapper = wrapped.get(client);
      if (!wrapper) {
        wrapper = wrapClient(client);
        wrapped.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
  return { pool, kyselyPool };
}

/** What a rollback answers when it is not sent: the server rolls back a transaction whose connection is closed. */
const NOT_SENT_ROLLBACK: pg.QueryResult = { command: 'ROLLBACK', rowCount: null, oid: 0, rows: [], fields: [] };

function wrapClient(client: pg.PoolClient): PostgresPoolClient {
  /** Why this connection may not be used again: it timed out or was lost. Released, it is destroyed. */
  let brokenBy: Error | undefined;
  // The server may end a checked-out connection between statements (an administrator, a failover,
  // idle_in_transaction_session_timeout). pg-pool listens for that only while the client is idle, and an
  // 'error' event nobody listens to ends the process; here it is kept, as the real cause, for the next query.
  client.on('error', (error) => {
    brokenBy ??= asUnavailable(error) ?? error;
  });
  const query = (...args: unknown[]) => {
    const isRollback = typeof args[0] === 'string' && /^\s*rollback\b/iu.test(args[0]);
    // The rollback after a failure never replaces the failure: on a broken connection it is not sent (closing
    // the connection rolls back), and one that fails breaks the connection instead of reaching the caller.
    if (brokenBy) return isRollback ? Promise.resolve(NOT_SENT_ROLLBACK) : Promise.reject(brokenBy);
    const result = (client.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      if (isRollback) {
        brokenBy = error instanceof Error ? error : new Error(String(error));
        return NOT_SENT_ROLLBACK;
      }
      const unavailable = asUnavailable(error);
      if (!unavailable) throw error;
      brokenBy = unavailable;
      throw unavailable;
    });
  };
  return {
    query: query as PostgresPoolClient['query'],
    release: () => {
      const error = brokenBy;
      brokenBy = undefined;
      // pg destroys a client released with an error: one stuck on a stalled server is never reused.
      client.release(error);
    },
  };
}

/** SQLSTATEs that mean "not now" rather than "wrong": timeouts, shutdowns, lost connections, no free slot. */
const UNAVAILABLE_STATES = new Set(['57014', '55P03', '25P03', '57P01', '57P02', '57P03', '53300', '53400']);

function asUnavailable(error: unknown): DatabaseUnavailableError | undefined {
  if (error instanceof DatabaseUnavailableError) return error;
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  const isUnavailable =
    (typeof code === 'string' && (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code))) ||
    /timeout|Connection terminated|Client has encountered a connection error|not queryable/i.test(error.message);
  return isUnavailable ? new DatabaseUnavailableError(`PostgreSQL did not answer in time: ${error.message}`, { cause: error }) : undefined;
}
