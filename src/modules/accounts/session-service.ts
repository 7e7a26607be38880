import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { User } from './account-types.ts';
import { toUser } from './user-service.ts';

export interface SessionLifetimes {
  /** A session unused for this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  absoluteMs: number;
  /** `last_seen_at` is written at most this often, so reading pages does not write on every request. */
  touchEveryMs: number;
}

/** A working day of inactivity, a week at most: a newsroom signs in again every Monday. */
export const defaultSessionLifetimes: SessionLifetimes = { idleMs: 12 * 60 * 60 * 1000, absoluteMs: 7 * 24 * 60 * 60 * 1000, touchEveryMs: 60 * 1000 };

export interface Session {
  /** SHA-256 of the token, hex: the session's identity on the server (and what CSRF tokens are bound to). */
  tokenHash: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  /** The earlier of the idle and the absolute end. */
  expiresAt: string;
  /** The absolute end: however busy, the session is over then (and so is its cookie). */
  endsAt: string;
}

export interface NewSession {
  /** The random token for the cookie. Returned once; only its hash is stored. */
  token: string;
  session: Session;
}

/**
 * Server-side sessions. The browser holds 256 random bits; the database holds their SHA-256, so a
 * leaked copy of the database signs nobody in.
 */
export class SessionService {
  constructor(
    private readonly db: Kysely<Database>,
    readonly lifetimes: SessionLifetimes = defaultSessionLifetimes,
  ) {}

  /** @example const { token } = await sessions.create(user.id) // set `token` as the cookie */
  async create(userId: number, now = new Date()): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const tokenHash = hashSessionToken(token);
    const at = now.toISOString();
    const absoluteEnd = new Date(now.getTime() + this.lifetimes.absoluteMs).toISOString();
    await this.db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, created_at: at, last_seen_at: at, expires_at: absoluteEnd }).execute();
    return { token, session: { tokenHash, userId, createdAt: at, lastSeenAt: at, expiresAt: this.endOf(at, absoluteEnd), endsAt: absoluteEnd } };
  }

  /**
   * The live session a token names, with its (enabled) user; undefined for unknown, expired or
   * disabled. Expired sessions found here are deleted.
   */
  async resolve(token: string, now = new Date()): Promise<{ session: Session; user: User } | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const tokenHash = hashSessionToken(token);
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .selectAll('u')
      .select(['s.token_hash', 's.created_at as session_created_at', 's.last_seen_at', 's.expires_at'])
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const at = now.toISOString();
    if (this.endOf(row.last_seen_at, row.expires_at) <= at || row.disabled_at !== null) {
      await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
      return undefined;
    }
    let lastSeenAt = row.last_seen_at;
    if (now.getTime() - Date.parse(row.last_seen_at) >= this.lifetimes.touchEveryMs) {
      lastSeenAt = at;
      await this.db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
    }
    const { token_hash: _hash, session_created_at, last_seen_at: _seen, expires_at, ...userRow } = row;
    return {
      session: { tokenHash, userId: userRow.id, createdAt: session_created_at, lastSeenAt, expiresAt: this.endOf(lastSeenAt, expires_at), endsAt: expires_at },
      user: toUser(userRow),
    };
  }

  /** Ends one session (sign-out). Unknown tokens are fine: signing out twice is not an error. */
  async revoke(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', hashSessionToken(token)).execute();
  }

  /** Ends every session of a person (sign-out everywhere); returns how many ended. */
  async revokeAllFor(userId: number): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes sessions past their absolute end or idle too long. Called at each sign-in; cheap with the index. */
  async purgeExpired(now = new Date()): Promise<void> {
    const idleSince = new Date(now.getTime() - this.lifetimes.idleMs).toISOString();
    await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', idleSince)]))
      .execute();
  }

  private endOf(lastSeenAt: string, absoluteEnd: string): string {
    const idleEnd = new Date(Date.parse(lastSeenAt) + this.lifetimes.idleMs).toISOString();
    return idleEnd < absoluteEnd ? idleEnd : absoluteEnd;
  }
}

/** SHA-256, hex: enough for a 256-bit random token (no salt or slow hash needed; it cannot be guessed). */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
