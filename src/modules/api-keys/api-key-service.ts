import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ApiKeyTable, Database } from '../../db/schema.ts';
import { actorIdOf, type Actor, type User } from '../accounts/account-types.ts';
import { can } from '../accounts/permissions.ts';
import type { UserService } from '../accounts/user-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock/clock.ts';
import { ApiKeyError } from './api-key-errors.ts';
import { apiKeyProblems as problems } from './api-key-problems.ts';

export type ApiKeyScope = 'content' | 'admin';
export const apiKeyScopes: readonly ApiKeyScope[] = ['content', 'admin'];

/** What the newsroom sees of a key: never its token. */
export interface ApiKey {
  id: number;
  name: string;
  /** The token's first characters, to tell keys apart. */
  prefix: string;
  scope: ApiKeyScope;
  /** The person an admin key acts as. */
  actsAsUserId: number | null;
  allowedOrigins: string[];
  requestsPerMinute: number;
  createdAt: string;
  createdBy: number | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A key in use: the key, and for an admin key the person it acts as (as they are now). */
export interface ResolvedApiKey {
  key: ApiKey;
  actsAs?: User;
}

export interface NewApiKey {
  name: string;
  scope: ApiKeyScope;
  /** Origins a browser may call from (`https://app.example`); empty for server-to-server use. */
  allowedOrigins: string[];
  requestsPerMinute: number;
  /** For an admin key: whom it acts as (default: whoever makes it). */
  actsAsUserId?: number;
}

export const apiKeyLimits = { name: 80, origins: 20, minPerMinute: 1, maxPerMinute: 100_000 } as const;
/** Every token starts so: secret scanners and people recognise it, and a wrong paste fails fast. */
export const TOKEN_PREFIX = 'dtl_';
/** How long this server trusts what it read about a key: a revocation made on another server takes effect within this. */
const RESOLVE_TTL_MS = 5_000;
/** `last_used_at` is written at most this often per key: a busy key must not write on every request. */
const LAST_USED_EVERY_MS = 60_000;

/**
 * Keys of the content API and of staff automation (docs/decisions/019-content-api-and-keys.md). The token is
 * 32 random bytes shown once; only its SHA-256 is stored — a fast hash is right for a secret with 256 bits
 * of entropy, where a slow one would only slow every API request.
 * @example const { token } = await apiKeys.create(personActor(admin), { name: 'Mobile app', scope: 'content', allowedOrigins: [], requestsPerMinute: 600 })
 */
export class ApiKeyService {
  private readonly resolved = new Map<string, { value: ResolvedApiKey | undefined; readAt: number }>();
  private readonly lastUseWritten = new Map<number, number>();
  private origins: { value: Set<string>; readAt: number } | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: UserService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ApiKey[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().orderBy('revoked_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toApiKey).sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
  }

  /** Makes a key and answers its token: the only time anyone sees it. */
  async create(actor: Actor, input: NewApiKey): Promise<{ key: ApiKey; token: string }> {
    const clean = await this.check(actor, input);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const now = this.clock.now().toISOString();
    const id = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('api_keys')
        .values({
          name: clean.name,
          token_hash: hashToken(token),
          token_prefix: token.slice(0, TOKEN_PREFIX.length + 6),
          scope: clean.scope,
          acts_as_user_id: clean.actsAsUserId,
          allowed_origins: JSON.stringify(clean.allowedOrigins),
          requests_per_minute: clean.requestsPerMinute,
          created_at: now,
          created_by: actorIdOf(actor),
          revoked_at: null,
          revoked_by: null,
          last_used_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(
        { action: 'api_key.created', actorId: actorIdOf(actor), subject: { type: 'api_key', id: row.id }, details: { name: clean.name, scope: clean.scope, actsAsUserId: clean.actsAsUserId }, addressHash: addressOf(actor) },
        trx,
        this.clock.now(),
      );
      return row.id;
    });
    this.forget();
    return { key: await this.get(id), token };
  }

  async get(id: number): Promise<ApiKey> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new ApiKeyError('API_KEY_NOT_FOUND', problems.notFound);
    return toApiKey(row);
  }

  /** Revokes a key at once on this server (within seconds on the others); revoking twice changes nothing. */
  async revoke(actor: Actor, id: number): Promise<ApiKey> {
    const key = await this.get(id);
    if (key.revokedAt !== null) return key;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('api_keys').set({ revoked_at: this.clock.now().toISOString(), revoked_by: actorIdOf(actor) }).where('id', '=', id).where('revoked_at', 'is', null).execute();
      await this.audit.record({ action: 'api_key.revoked', actorId: actorIdOf(actor), subject: { type: 'api_key', id }, details: { name: key.name }, addressHash: addressOf(actor) }, trx, this.clock.now());
    });
    this.forget();
    return this.get(id);
  }

  /**
   * The live key a token belongs to, or nothing (unknown, revoked, or an admin key whose person is disabled).
   * Answers from memory for a few seconds: the content API asks on every request.
   */
  async resolve(token: string): Promise<ResolvedApiKey | undefined> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return undefined;
    const hash = hashToken(token);
    const now = Date.now();
    const remembered = this.resolved.get(hash);
    let value = remembered && now - remembered.readAt < RESOLVE_TTL_MS ? remembered.value : undefined;
    if (!remembered || now - remembered.readAt >= RESOLVE_TTL_MS) {
      value = await this.read(hash);
      if (this.resolved.size > 10_000) this.resolved.clear();
      this.resolved.set(hash, { value, readAt: now });
    }
    if (value) await this.noteUse(value.key.id);
    return value;
  }

  /** Reads keys afresh on their next use (this server's memory of them). */
  private forget(): void {
    this.resolved.clear();
    this.origins = undefined;
  }

  /** Whether some live key lists the origin: a browser's preflight, which carries no key, is answered for it. */
  async isOriginListed(origin: string): Promise<boolean> {
    const now = Date.now();
    if (!this.origins || now - this.origins.readAt >= RESOLVE_TTL_MS) {
      const rows = await this.db.selectFrom('api_keys').select('allowed_origins').where('revoked_at', 'is', null).execute();
      this.origins = { value: new Set(rows.flatMap((r) => JSON.parse(r.allowed_origins) as string[])), readAt: now };
    }
    return this.origins.value.has(origin);
  }

  private async read(hash: string): Promise<ResolvedApiKey | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
    if (!row) return undefined;
    const key = toApiKey(row);
    if (key.scope === 'content') return { key };
    const actsAs = key.actsAsUserId === null ? undefined : await this.users.findById(key.actsAsUserId);
    return actsAs && !actsAs.isDisabled ? { key, actsAs } : undefined;
  }

  private async noteUse(id: number): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() - (this.lastUseWritten.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUseWritten.set(id, now.getTime());
    await this.db.updateTable('api_keys').set({ last_used_at: now.toISOString() }).where('id', '=', id).execute();
  }

  private async check(actor: Actor, input: NewApiKey): Promise<Required<Omit<NewApiKey, 'actsAsUserId'>> & { actsAsUserId: number | null }> {
    const name = input.name.trim();
    if (name === '' || name.length > apiKeyLimits.name) throw new ApiKeyError('API_KEY_FIELD_INVALID', problems.nameInvalid(apiKeyLimits.name), 'name');
    if (!apiKeyScopes.includes(input.scope)) throw new ApiKeyError('API_KEY_FIELD_INVALID', problems.scopeInvalid, 'scope');
    if (input.allowedOrigins.length > apiKeyLimits.origins) throw new ApiKeyError('API_KEY_FIELD_INVALID', problems.tooManyOrigins(apiKeyLimits.origins), 'allowedOrigins');
    const allowedOrigins = [...new Set(input.allowedOrigins.map((origin) => normalizeOrigin(origin)))];
    const rate = input.requestsPerMinute;
    if (!Number.isSafeInteger(rate) || rate < apiKeyLimits.minPerMinute || rate > apiKeyLimits.maxPerMinute) {
      throw new ApiKeyError('API_KEY_FIELD_INVALID', problems.rateInvalid(apiKeyLimits.minPerMinute, apiKeyLimits.maxPerMinute), 'requestsPerMinute');
    }
    let actsAsUserId: number | null = null;
    if (input.scope === 'admin') {
      if (actor.kind !== 'person' && input.actsAsUserId === undefined) throw new ApiKeyError('API_KEY_FIELD_INVALID', problems.actsAsMissing, 'actsAsUserId');
      const id = input.actsAsUserId ?? (actor.kind === 'person' ? actor.user.id : 0);
      const person = await this.users.findById(id);
      if (!person || person.isDisabled) throw new ApiKeyError('API_KEY_FIELD_INVALID', problems.actsAsInactive, 'actsAsUserId');
      // Nobody hands out a key that can do more than they could do to that person's account.
      if (actor.kind === 'person' && person.id !== actor.user.id && !can(actor.user, 'user.manage', { kind: 'person', id: person.id, role: person.role })) {
        throw new ApiKeyError('API_KEY_FORBIDDEN', problems.actsAsForbidden, 'actsAsUserId');
      }
      actsAsUserId = person.id;
    }
    return { name, scope: input.scope, allowedOrigins, requestsPerMinute: rate, actsAsUserId };
  }
}

/** SHA-256 of the token, hex: what is stored and looked up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** `https://App.example:443/` → `https://app.example`; anything but an http(s) origin is refused, naming the value. */
function normalizeOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ApiKeyError('API_KEY_FIELD_INVALID', problems.originInvalid(value.slice(0, 80)), 'allowedOrigins');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search !== '' || url.username !== '') {
    throw new ApiKeyError('API_KEY_FIELD_INVALID', problems.originWithPath(value.slice(0, 80)), 'allowedOrigins');
  }
  return url.origin;
}

function addressOf(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.addressHash : null;
}

function toApiKey(row: Selectable<ApiKeyTable>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    scope: row.scope,
    actsAsUserId: row.acts_as_user_id,
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    requestsPerMinute: row.requests_per_minute,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
