import { sql, type Kysely, type Transaction } from 'kysely';
import { shippedLanguageOf, shippedLanguages } from '../../config/messages/index.ts';
import type { Database, UserRow } from '../../db/schema.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { AccountError } from './account-errors.ts';
import { actorIdOf, type Actor, type User } from './account-types.ts';
import { generateOneTimePassword, type PasswordHasher } from './password-hasher.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { can, isRole, roles, type Role } from './permissions.ts';
import { consumeSetupCode } from './setup-code.ts';
import { accountProblems as problems } from './account-problems.ts';

export const EMAIL_MAX_LENGTH = 254;
export const DISPLAY_NAME_MAX_LENGTH = 100;

export interface NewOwnerInput {
  email: string;
  displayName: string;
  password: string;
  /** The one-time code printed at the server's start (`SetupCode.find`). */
  setupCode: string;
}

export interface NewUserInput {
  email: string;
  /** Defaults to the part of the email before the @. */
  displayName?: string;
  role: string;
  /** Without one, a one-time password is made, returned once, and must be changed at first sign-in. */
  password?: string;
}

export interface AddedUser {
  user: User;
  /** Present when the account was given a one-time password: show it once, store it nowhere. */
  oneTimePassword?: string;
}


/**
 * People and their passwords. Every change that touches someone else's account takes an `Actor`,
 * checks it against the permission table, and writes its audit entry in the same transaction.
 */
export class UserService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}

  /** Whether someone can run the site: an owner whose account is not disabled. */
  async hasActiveOwner(): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('id').where('role', '=', 'owner').where('disabled_at', 'is', null).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async hasAnyUser(): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * First-run setup: creates the site's first owner, only while no account exists and only with the set-up code.
   * @example await users.createOwner({ email: 'ed@example.org', displayName: 'Ed', password: 'a long passphrase', setupCode: await setupCode.find() })
   */
  async createOwner(input: NewOwnerInput, addressHash: string | null = null, now = new Date()): Promise<User> {
    const email = normalizeEmail(input.email);
    const displayName = checkDisplayName(input.displayName);
    checkPasswordPolicy(input.password, 'password', { email, displayName });
    const passwordHash = await this.passwords.hash(input.password);
    return this.db.transaction().execute(async (trx) => {
      await takeOwnerLock(trx);
      if (await trx.selectFrom('users').select('id').limit(1).executeTakeFirst()) {
        throw new AccountError('SETUP_CLOSED', problems.setupClosed);
      }
      await consumeSetupCode(trx, input.setupCode);
      const user = await insertUser(trx, { email, displayName, role: 'owner', passwordHash, mustChangePassword: false }, now);
      await this.audit.record({ action: 'user.created', actorId: user.id, subject: { type: 'user', id: user.id }, details: { role: 'owner', via: 'setup' }, addressHash }, trx, now);
      return user;
    });
  }

  /** Adds a person with a role the actor may give. */
  async addUser(actor: Actor, input: NewUserInput, now = new Date()): Promise<AddedUser> {
    const email = normalizeEmail(input.email);
    const displayName = checkDisplayName(input.displayName ?? email.split('@')[0] ?? email);
    const role = checkRole(input.role);
    requireManage(actor, { id: 0, role });
    const oneTimePassword = input.password === undefined ? generateOneTimePassword() : undefined;
    const password = input.password ?? oneTimePassword ?? '';
    if (input.password !== undefined) checkPasswordPolicy(input.password, 'password', { email, displayName });
    const passwordHash = await this.passwords.hash(password);
    const user = await this.db.transaction().execute(async (trx) => {
      if (role === 'owner') await takeOwnerLock(trx);
      if (await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) {
        throw new AccountError('EMAIL_TAKEN', problems.emailTaken(email), 'email');
      }
      const created = await insertUser(trx, { email, displayName, role, passwordHash, mustChangePassword: oneTimePassword !== undefined }, now);
      await this.audit.record(
        { action: 'user.created', actorId: actorIdOf(actor), subject: { type: 'user', id: created.id }, details: { role, via: viaOf(actor) }, addressHash: addressOf(actor) },
        trx,
        now,
      );
      return created;
    });
    return oneTimePassword === undefined ? { user } : { user, oneTimePassword };
  }

  /** Gives a person another role. Owners stay: the last active owner cannot be demoted. */
  async changeRole(actor: Actor, userId: number, newRole: string, now = new Date()): Promise<User> {
    const role = checkRole(newRole);
    return this.db.transaction().execute(async (trx) => {
      await takeOwnerLock(trx);
      const target = await getUserRow(trx, userId);
      requireManage(actor, { id: target.id, role: target.role });
      requireManage(actor, { id: target.id, role });
      if (target.role === role) return toUser(target);
      if (target.role === 'owner') await assertAnotherOwner(trx, target.id);
      await trx.updateTable('users').set({ role, updated_at: now.toISOString() }).where('id', '=', target.id).execute();
      await this.audit.record(
        { action: 'user.role_changed', actorId: actorIdOf(actor), subject: { type: 'user', id: target.id }, details: { from: target.role, to: role }, addressHash: addressOf(actor) },
        trx,
        now,
      );
      return toUser(await getUserRow(trx, target.id));
    });
  }

  /** Closes an account and ends its sessions at once. Nobody disables themself, and the last owner stays. */
  async disable(actor: Actor, userId: number, now = new Date()): Promise<User> {
    return this.db.transaction().execute(async (trx) => {
      await takeOwnerLock(trx);
      const target = await getUserRow(trx, userId);
      requireManage(actor, { id: target.id, role: target.role });
      if (actor.kind === 'person' && actor.user.id === target.id) {
        throw new AccountError('SELF_CHANGE', problems.selfDisable);
      }
      if (target.disabled_at !== null) return toUser(target);
      if (target.role === 'owner') await assertAnotherOwner(trx, target.id);
      await trx.updateTable('users').set({ disabled_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', target.id).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', target.id).execute();
      await this.audit.record({ action: 'user.disabled', actorId: actorIdOf(actor), subject: { type: 'user', id: target.id }, addressHash: addressOf(actor) }, trx, now);
      return toUser(await getUserRow(trx, target.id));
    });
  }

  async enable(actor: Actor, userId: number, now = new Date()): Promise<User> {
    return this.db.transaction().execute(async (trx) => {
      const target = await getUserRow(trx, userId);
      requireManage(actor, { id: target.id, role: target.role });
      if (target.disabled_at === null) return toUser(target);
      await trx.updateTable('users').set({ disabled_at: null, updated_at: now.toISOString() }).where('id', '=', target.id).execute();
      await this.audit.record({ action: 'user.enabled', actorId: actorIdOf(actor), subject: { type: 'user', id: target.id }, addressHash: addressOf(actor) }, trx, now);
      return toUser(await getUserRow(trx, target.id));
    });
  }

  /**
   * A person changes their own password, proving they know the current one. Every session of theirs
   * ends (the caller signs the current browser in again), so a stolen session dies with the old password.
   */
  async changePassword(user: User, currentPassword: string, newPassword: string, addressHash: string | null = null, now = new Date()): Promise<User> {
    const row = await getUserRow(this.db, user.id);
    if (row.password_hash === null || !(await this.passwords.verify(row.password_hash, currentPassword))) {
      throw new AccountError('WRONG_PASSWORD', problems.wrongPassword, 'currentPassword');
    }
    checkPasswordPolicy(newPassword, 'newPassword', { email: row.email, displayName: row.display_name });
    if (newPassword === currentPassword) {
      throw new AccountError('ACCOUNT_INVALID', problems.samePassword, 'newPassword');
    }
    const passwordHash = await this.passwords.hash(newPassword);
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, must_change_password: 0, password_changed_at: now.toISOString(), updated_at: now.toISOString() })
        .where('id', '=', user.id)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
      await this.audit.record({ action: 'user.password_changed', actorId: user.id, subject: { type: 'user', id: user.id }, addressHash }, trx, now);
      return toUser(await getUserRow(trx, user.id));
    });
  }

  /** A person chooses the language the newsroom speaks to them in; null (or '') follows their browser. */
  async chooseNewsroomLanguage(user: User, language: string | null, now = new Date()): Promise<User> {
    const chosen = language === null || language === '' ? null : shippedLanguageOf(language);
    if (chosen === undefined || (chosen !== null && chosen !== language)) {
      throw new AccountError('ACCOUNT_INVALID', problems.unknownLanguage(shippedLanguages.join(', ')), 'newsroomLanguage');
    }
    await this.db.updateTable('users').set({ newsroom_language: chosen, updated_at: now.toISOString() }).where('id', '=', user.id).execute();
    return toUser(await getUserRow(this.db, user.id));
  }

  /**
   * Replaces a password with a one-time password that must be changed at the next sign-in; ends every
   * session. A person changes their own password with the current one instead (`SELF_CHANGE`): a reset
   * of one's own would end the very session asking for it.
   */
  async resetPassword(actor: Actor, email: string, now = new Date()): Promise<{ user: User; oneTimePassword: string }> {
    const normalized = normalizeEmail(email);
    const existing = await this.db.selectFrom('users').selectAll().where('email', '=', normalized).executeTakeFirst();
    if (!existing) throw new AccountError('ACCOUNT_NOT_FOUND', problems.noAccountWithEmail(normalized), 'email');
    requireManage(actor, { id: existing.id, role: existing.role });
    if (actor.kind === 'person' && actor.user.id === existing.id) {
      throw new AccountError('SELF_CHANGE', problems.selfReset);
    }
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await this.passwords.hash(oneTimePassword);
    const user = await this.db.transaction().execute(async (trx) => {
      // Checked again under the owner lock, so that someone made an owner in the meantime is no longer an admin's to reset.
      await takeOwnerLock(trx);
      const target = await getUserRow(trx, existing.id);
      requireManage(actor, { id: target.id, role: target.role });
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, must_change_password: 1, password_changed_at: now.toISOString(), updated_at: now.toISOString() })
        .where('id', '=', target.id)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', target.id).execute();
      await this.audit.record({ action: 'user.password_reset', actorId: actorIdOf(actor), subject: { type: 'user', id: target.id }, details: { via: viaOf(actor) }, addressHash: addressOf(actor) }, trx, now);
      return toUser(await getUserRow(trx, target.id));
    });
    return { user, oneTimePassword };
  }

  async findById(id: number): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', foldEmail(email)).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  /** Everyone, by role (owners first), then by name. */
  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('display_name').orderBy('id').execute();
    return rows.map(toUser).sort((a, b) => roles.indexOf(a.role) - roles.indexOf(b.role));
  }

  /** For the sign-in service only: the account and its hash, when the email has one (no hash: no password yet). */
  async findCredentials(email: string): Promise<{ user: User; passwordHash?: string } | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', foldEmail(email)).executeTakeFirst();
    if (!row) return undefined;
    return row.password_hash === null ? { user: toUser(row) } : { user: toUser(row), passwordHash: row.password_hash };
  }

  /**
   * Gives a person who wrote for the site an account with a role but no password (importers' `--create-staff`):
   * nobody can sign in to it until an admin gives it a one-time password (`resetPassword`). An account that
   * already has the email is returned as it is, unchanged, so a second run adds nobody twice.
   * @example const { user, isNew } = await users.addWithoutPassword(commandLineActor, { email: 'ed@example.org', displayName: 'Ed', role: 'author' }, 'import')
   */
  async addWithoutPassword(actor: Actor, input: { email: string; displayName: string; role: Role }, via: string, now = new Date()): Promise<{ user: User; isNew: boolean }> {
    const email = normalizeEmail(input.email);
    const displayName = checkDisplayName(input.displayName);
    requireManage(actor, { id: 0, role: input.role });
    return this.db.transaction().execute(async (trx) => {
      if (input.role === 'owner') await takeOwnerLock(trx);
      const existing = await trx.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      if (existing) return { user: toUser(existing), isNew: false };
      const user = await insertUser(trx, { email, displayName, role: input.role, passwordHash: null, mustChangePassword: false }, now);
      await this.audit.record(
        { action: 'user.created', actorId: actorIdOf(actor), subject: { type: 'user', id: user.id }, details: { role: input.role, via, hasPassword: false }, addressHash: addressOf(actor) },
        trx,
        now,
      );
      return { user, isNew: true };
    });
  }

  /** Stores a fresh hash of a password just verified, when the hashing parameters have moved on. */
  async rehashIfNeeded(userId: number, storedHash: string, password: string): Promise<void> {
    if (!this.passwords.needsRehash(storedHash)) return;
    const passwordHash = await this.passwords.hash(password);
    // Only if nobody changed the password meanwhile.
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).where('password_hash', '=', storedHash).execute();
  }
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    mustChangePassword: Boolean(row.must_change_password),
    hasPassword: row.password_hash !== null,
    isDisabled: row.disabled_at !== null,
    newsroomLanguage: row.newsroom_language,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

/** Case-folding for lookups: the stored form of an address, valid or not. */
export function foldEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/**
 * The stored form of an email address, checked: trimmed, NFC, lower case.
 * @example normalizeEmail('  Ed@Example.ORG ') // 'ed@example.org'
 */
export function normalizeEmail(email: string): string {
  const folded = foldEmail(email);
  if (folded === '') throw new AccountError('ACCOUNT_INVALID', problems.emailMissing, 'email');
  if (folded.length > EMAIL_MAX_LENGTH || !/^[^\s@]+@[^\s@]+$/.test(folded)) {
    throw new AccountError('ACCOUNT_INVALID', problems.emailInvalid, 'email');
  }
  return folded;
}

function checkDisplayName(name: string): string {
  const trimmed = name.trim().normalize('NFC');
  if (trimmed === '') throw new AccountError('ACCOUNT_INVALID', problems.nameMissing, 'displayName');
  if ([...trimmed].length > DISPLAY_NAME_MAX_LENGTH) {
    throw new AccountError('ACCOUNT_INVALID', problems.nameTooLong(DISPLAY_NAME_MAX_LENGTH), 'displayName');
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new AccountError('ACCOUNT_INVALID', problems.nameControlCharacters, 'displayName');
  return trimmed;
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw new AccountError('ACCOUNT_INVALID', problems.roleInvalid(roles.join(', ')), 'role');
  return role;
}

/** The command line may do anything; a person needs `user.manage` over the target's role. */
function requireManage(actor: Actor, target: { id: number; role: Role }): void {
  if (actor.kind === 'command-line') return;
  if (!can(actor.user, 'user.manage', { kind: 'person', id: target.id, role: target.role })) {
    throw new AccountError(
      'FORBIDDEN',
      target.role === 'owner' ? problems.ownerOnly : problems.mayNotManage,
    );
  }
}

function viaOf(actor: Actor): string {
  return actor.kind === 'command-line' ? 'command-line' : 'people-page';
}

function addressOf(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.addressHash : null;
}

/** Serializes owner changes: a row lock on PostgreSQL; on SQLite the write takes the database lock. */
async function takeOwnerLock(trx: Transaction<Database>): Promise<void> {
  await trx.updateTable('counters').set({ value: sql`value + 1` }).where('name', '=', 'owner_lock').execute();
}

async function assertAnotherOwner(trx: Transaction<Database>, exceptId: number): Promise<void> {
  const other = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'owner')
    .where('disabled_at', 'is', null)
    .where('id', '!=', exceptId)
    .limit(1)
    .executeTakeFirst();
  if (!other) throw new AccountError('LAST_OWNER', problems.lastOwner);
}

async function getUserRow(db: Kysely<Database>, id: number): Promise<UserRow> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AccountError('ACCOUNT_NOT_FOUND', problems.noAccountWithId(id));
  return row;
}

async function insertUser(
  trx: Transaction<Database>,
  input: { email: string; displayName: string; role: Role; passwordHash: string | null; mustChangePassword: boolean },
  now: Date,
): Promise<User> {
  const at = now.toISOString();
  const { id } = await trx
    .insertInto('users')
    .values({
      email: input.email,
      display_name: input.displayName,
      role: input.role,
      password_hash: input.passwordHash,
      must_change_password: input.mustChangePassword ? 1 : 0,
      created_at: at,
      updated_at: at,
      password_changed_at: at,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toUser(await getUserRow(trx, id));
}
