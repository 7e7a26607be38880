import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { AccountError, type AccountErrorCode } from '../../src/modules/accounts/account-errors.ts';
import { commandLineActor, personActor, type User } from '../../src/modules/accounts/account-types.ts';
import { PasswordHasher } from '../../src/modules/accounts/password-hasher.ts';
import { SessionService } from '../../src/modules/accounts/session-service.ts';
import { SignInService } from '../../src/modules/accounts/sign-in-service.ts';
import { SignInThrottle, defaultThrottleLimits } from '../../src/modules/accounts/sign-in-throttle.ts';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import { AUDIT_PAGE_SIZE } from '../../src/modules/audit/audit-log.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const START = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(START.getTime() + ms);

async function refusal(promise: Promise<unknown>): Promise<AccountError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AccountError);
  return error as AccountError;
}

async function expectRefused(promise: Promise<unknown>, code: AccountErrorCode, field?: string): Promise<void> {
  const error = await refusal(promise);
  expect(error.code).toBe(code);
  if (field !== undefined) expect(error.field).toBe(field);
}

describe.each(testEngines())('accounts on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;
  let owner: User;
  let seq = 0;

  const email = (label: string) => `${label}-${++seq}@newsroom.test`;

  async function person(role: Role, password = 'correct horse battery staple') {
    const added = await services.users.addUser(commandLineActor, { email: email(role), role, password, displayName: `${role} ${seq}` });
    return added.user;
  }

  async function userRow(id: number) {
    return handle.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle);
    owner = await services.users.createOwner({ email: 'Owner@Newsroom.TEST', displayName: 'Olga Owner', password: 'the owner’s long passphrase', setupCode: (await services.setupCode.find()) ?? '' });
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  describe('people and passwords', () => {
    it('stores passwords as argon2id hashes, never as given, and verifies them', async () => {
      const author = await person('author', 'a quiet evening by the sea');
      const row = await userRow(author.id);
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.password_hash).not.toContain('a quiet evening by the sea');

      const hasher = await PasswordHasher.create();
      const stored = row.password_hash ?? '';
      expect(await hasher.verify(stored, 'a quiet evening by the sea')).toBe(true);
      expect(await hasher.verify(stored, 'a quiet evening by the sea.')).toBe(false);
      expect(hasher.needsRehash(stored)).toBe(false);
      expect(await hasher.verify('not a hash at all', 'anything')).toBe(false);
    });

    it('keeps email addresses case-folded, so one address cannot have two accounts', async () => {
      expect(owner.email).toBe('owner@newsroom.test');
      await expectRefused(services.users.addUser(commandLineActor, { email: ' OWNER@newsroom.test ', role: 'editor', password: 'long enough password' }), 'EMAIL_TAKEN');
      expect((await services.users.findByEmail('OWNER@NEWSROOM.test'))?.id).toBe(owner.id);
    });

    it('refuses short passwords, malformed emails and unknown roles, saying which field is wrong', async () => {
      const short = await refusal(services.users.addUser(commandLineActor, { email: email('short'), role: 'author', password: 'too short' }));
      expect([short.code, short.field]).toEqual(['ACCOUNT_INVALID', 'password']);
      const malformed = await refusal(services.users.addUser(commandLineActor, { email: 'not-an-address', role: 'author' }));
      expect([malformed.code, malformed.field]).toEqual(['ACCOUNT_INVALID', 'email']);
      const role = await refusal(services.users.addUser(commandLineActor, { email: email('role'), role: 'chief' }));
      expect([role.code, role.field]).toEqual(['ACCOUNT_INVALID', 'role']);
    });

    it('gives a new person without a password a one-time password that must be changed', async () => {
      const added = await services.users.addUser(commandLineActor, { email: email('new'), role: 'contributor' });
      expect(added.oneTimePassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(added.user.mustChangePassword).toBe(true);
      expect(added.user.displayName).toBe(added.user.email.split('@')[0]);

      const outcome = await services.signIn.attempt({ email: added.user.email, password: added.oneTimePassword ?? '', address: '192.0.2.10' });
      expect(outcome.kind).toBe('signed-in');

      await expectRefused(services.users.changePassword(added.user, 'wrong one-time password', 'my own long password'), 'WRONG_PASSWORD');
      const changed = await services.users.changePassword(added.user, added.oneTimePassword ?? '', 'my own long password');
      expect(changed.mustChangePassword).toBe(false);
      // Changing the password ends every session, the one signed in with the old password too.
      const count = await handle.db.selectFrom('sessions').select('token_hash').where('user_id', '=', added.user.id).execute();
      expect(count).toEqual([]);
    });

    it('resets a password to a new one-time password and ends the person’s sessions', async () => {
      const editor = await person('editor');
      const { token } = await services.sessions.create(editor.id);
      const reset = await services.users.resetPassword(commandLineActor, editor.email.toUpperCase());
      expect(reset.user.mustChangePassword).toBe(true);
      expect(await services.sessions.resolve(token)).toBeUndefined();
      expect((await services.signIn.attempt({ email: editor.email, password: 'correct horse battery staple', address: '192.0.2.11' })).kind).toBe('refused');
      expect((await services.signIn.attempt({ email: editor.email, password: reset.oneTimePassword, address: '192.0.2.11' })).kind).toBe('signed-in');
      await expectRefused(services.users.resetPassword(commandLineActor, 'nobody@newsroom.test'), 'ACCOUNT_NOT_FOUND');
    });
  });

  describe('first-run setup and owners', () => {
    it('closes setup once anyone has an account', async () => {
      expect(await services.users.hasAnyUser()).toBe(true);
      expect(await services.setupCode.find()).toBeUndefined();
      await expectRefused(services.users.createOwner({ email: email('second'), displayName: 'Second', password: 'another long passphrase', setupCode: 'abcd-efgh-jkmn-pqrs' }), 'SETUP_CLOSED');
    });

    it('asks for the set-up code, which works once and is the same for every caller', async () => {
      const db = await createTestDatabase(engine);
      const fresh = await openDatabase(parseDatabaseUrl(db.url));
      try {
        const s = await createServices(fresh);
        const code = (await s.setupCode.find()) ?? '';
        expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
        // Another server (or the command line) on the same database sees the same code.
        expect(await (await createServices(fresh)).setupCode.find()).toBe(code);
        const input = { email: 'first@newsroom.test', displayName: 'First', password: 'first long passphrase' };
        await expectRefused(s.users.createOwner({ ...input, setupCode: '' }), 'ACCOUNT_INVALID', 'setupCode');
        await expectRefused(s.users.createOwner({ ...input, setupCode: 'abcd-efgh-jkmn-pqrs' }), 'ACCOUNT_INVALID', 'setupCode');
        expect(await s.users.list()).toHaveLength(0);
        await s.users.createOwner({ ...input, setupCode: code.toUpperCase() });
        expect(await s.setupCode.find()).toBeUndefined();
        expect(await fresh.db.selectFrom('site_keys').select('name').where('name', '=', 'setup_code').execute()).toEqual([]);
      } finally {
        await fresh.close();
        await db.drop();
      }
    });

    it('lets only one of two racing setups create the first owner', async () => {
      const db = await createTestDatabase(engine);
      const fresh = await openDatabase(parseDatabaseUrl(db.url));
      try {
        const s = await createServices(fresh);
        const setupCode = (await s.setupCode.find()) ?? '';
        const results = await Promise.allSettled([
          s.users.createOwner({ email: 'first@newsroom.test', displayName: 'First', password: 'first long passphrase', setupCode }),
          s.users.createOwner({ email: 'second@newsroom.test', displayName: 'Second', password: 'second long passphrase', setupCode }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected');
        expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'SETUP_CLOSED' });
        expect(await s.users.list()).toHaveLength(1);
      } finally {
        await fresh.close();
        await db.drop();
      }
    });

    it('never leaves the site without an active owner', async () => {
      const db = await createTestDatabase(engine);
      const fresh = await openDatabase(parseDatabaseUrl(db.url));
      try {
        const s = await createServices(fresh);
        const only = await s.users.createOwner({ email: 'only@newsroom.test', displayName: 'Only Owner', password: 'only owner passphrase', setupCode: (await s.setupCode.find()) ?? '' });
        const me = personActor(only);
        await expectRefused(s.users.changeRole(me, only.id, 'admin'), 'LAST_OWNER');
        await expectRefused(s.users.disable(commandLineActor, only.id), 'LAST_OWNER');
        await expectRefused(s.users.disable(me, only.id), 'SELF_CHANGE');

        // With a second owner, the first may step down.
        const second = (await s.users.addUser(me, { email: 'next@newsroom.test', role: 'owner', password: 'next owner passphrase' })).user;
        expect((await s.users.changeRole(me, only.id, 'admin')).role).toBe('admin');
        await expectRefused(s.users.changeRole(personActor(second), second.id, 'editor'), 'LAST_OWNER');
        expect((await s.users.findById(second.id))?.role).toBe('owner');
      } finally {
        await fresh.close();
        await db.drop();
      }
    });

    it('lets admins manage everyone but owners, and never make anyone an owner', async () => {
      const admin = personActor(await person('admin'));
      const author = await person('author');
      expect((await services.users.changeRole(admin, author.id, 'editor')).role).toBe('editor');
      await expectRefused(services.users.changeRole(admin, author.id, 'owner'), 'FORBIDDEN');
      await expectRefused(services.users.changeRole(admin, owner.id, 'editor'), 'FORBIDDEN');
      await expectRefused(services.users.disable(admin, owner.id), 'FORBIDDEN');
      await expectRefused(services.users.addUser(admin, { email: email('owner'), role: 'owner' }), 'FORBIDDEN');
      await expectRefused(services.users.resetPassword(admin, owner.email), 'FORBIDDEN');
      expect((await services.users.findById(owner.id))?.role).toBe('owner');
      expect((await services.users.findById(author.id))?.role).toBe('editor');
    });

    it('refuses every people change to roles without user.manage', async () => {
      const target = await person('author');
      for (const role of ['editor', 'author', 'contributor', 'moderator'] as const) {
        const actor = personActor(await person(role));
        await expectRefused(services.users.changeRole(actor, target.id, 'editor'), 'FORBIDDEN');
        await expectRefused(services.users.disable(actor, target.id), 'FORBIDDEN');
        await expectRefused(services.users.addUser(actor, { email: email('x'), role: 'author' }), 'FORBIDDEN');
      }
      expect(await services.users.findById(target.id)).toMatchObject({ role: 'author', isDisabled: false });
    });

    it('starts every edition with author publishing off', () => {
      expect(services.editions.get('en').canAuthorsPublish).toBe(false);
    });
  });

  describe('sessions', () => {
    let sessions: SessionService;
    let member: User;

    beforeAll(async () => {
      sessions = new SessionService(handle.db, { idleMs: 12 * HOUR, absoluteMs: 7 * DAY, touchEveryMs: 60_000 });
      member = await person('editor');
    });

    it('stores only the SHA-256 of the random token', async () => {
      const { token, session } = await sessions.create(member.id, START);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const rows = await handle.db.selectFrom('sessions').selectAll().where('user_id', '=', member.id).execute();
      expect(rows.map((r) => r.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(session.endsAt).toBe(at(7 * DAY).toISOString());
      expect((await sessions.resolve(token, at(HOUR)))?.user.id).toBe(member.id);
      expect(await sessions.resolve(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, at(HOUR))).toBeUndefined();
    });

    it('ends a session left idle for longer than the idle lifetime, and deletes it', async () => {
      const { token, session } = await sessions.create(member.id, START);
      expect(await sessions.resolve(token, at(12 * HOUR + 1))).toBeUndefined();
      expect(await handle.db.selectFrom('sessions').select('token_hash').where('token_hash', '=', session.tokenHash).executeTakeFirst()).toBeUndefined();
    });

    it('keeps a used session alive, but never past its absolute lifetime', async () => {
      const { token } = await sessions.create(member.id, START);
      for (let hours = 10; hours < 7 * 24; hours += 10) {
        expect(await sessions.resolve(token, at(hours * HOUR)), `still signed in after ${hours} h of use`).toBeDefined();
      }
      expect(await sessions.resolve(token, at(7 * DAY))).toBeUndefined();
    });

    it('ends the sessions of a disabled account at once', async () => {
      const admin = personActor(await person('admin'));
      const target = await person('author');
      const { token } = await services.sessions.create(target.id);
      await services.users.disable(admin, target.id);
      expect(await services.sessions.resolve(token)).toBeUndefined();
      expect((await services.signIn.attempt({ email: target.email, password: 'correct horse battery staple', address: '192.0.2.12' })).kind).toBe('refused');
      await services.users.enable(admin, target.id);
      expect((await services.signIn.attempt({ email: target.email, password: 'correct horse battery staple', address: '192.0.2.12' })).kind).toBe('signed-in');
    });

    it('signs out one browser, or every browser', async () => {
      const a = await services.sessions.create(member.id);
      const b = await services.sessions.create(member.id);
      await services.signIn.signOut(member, a.token, '192.0.2.13');
      expect(await services.sessions.resolve(a.token)).toBeUndefined();
      expect(await services.sessions.resolve(b.token)).toBeDefined();
      await services.signIn.signOutEverywhere(member, '192.0.2.13');
      expect(await services.sessions.resolve(b.token)).toBeUndefined();
    });
  });

  describe('sign-in throttling', () => {
    let signIn: SignInService;

    beforeAll(async () => {
      // The same parts as the app's, with a throttle whose clock the test controls through `now`.
      const hasher = await PasswordHasher.create();
      signIn = new SignInService(services.users, services.sessions, new SignInThrottle(handle.db, defaultThrottleLimits), hasher, services.audit, services.siteKeys);
    });

    it('pauses an account after 5 failures in 15 minutes, even for the right password, then lets it in again', async () => {
      const victim = await person('editor', 'the right long password');
      const address = '198.51.100.1';
      for (let i = 0; i < 5; i++) {
        expect((await signIn.attempt({ email: victim.email, password: `guess ${i}`, address }, at(i * 1000))).kind).toBe('refused');
      }
      const paused = await signIn.attempt({ email: victim.email, password: 'the right long password', address: '198.51.100.2' }, at(10_000));
      expect(paused).toEqual({ kind: 'throttled', retryAfterSeconds: 15 * 60 - 10 });
      expect((await signIn.attempt({ email: victim.email, password: 'the right long password', address }, at(15 * 60 * 1000 + 1))).kind).toBe('signed-in');
    });

    it('pauses an unknown email exactly like a real one', async () => {
      const address = '198.51.100.3';
      for (let i = 0; i < 5; i++) {
        expect((await signIn.attempt({ email: 'nobody-here@newsroom.test', password: `guess ${i}`, address }, at(i * 1000))).kind).toBe('refused');
      }
      expect((await signIn.attempt({ email: 'NOBODY-here@newsroom.test', password: 'x', address: '198.51.100.4' }, at(10_000))).kind).toBe('throttled');
    });

    it('pauses an address after 20 failures over many accounts, and not other addresses', async () => {
      const sprayer = '203.0.113.9';
      for (let i = 0; i < 20; i++) {
        expect((await signIn.attempt({ email: `sprayed-${i}@newsroom.test`, password: 'Password1', address: sprayer }, at(i * 1000))).kind).toBe('refused');
      }
      const fresh = await person('author', 'a fresh long password');
      expect((await signIn.attempt({ email: fresh.email, password: 'a fresh long password', address: sprayer }, at(30_000))).kind).toBe('throttled');
      expect((await signIn.attempt({ email: fresh.email, password: 'a fresh long password', address: '203.0.113.10' }, at(30_000))).kind).toBe('signed-in');
    });

    it('lets no more than 5 guesses through when they arrive all at once', async () => {
      const target = await person('author', 'a burst-proof long password');
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) => signIn.attempt({ email: target.email, password: `burst ${i}`, address: `198.51.100.${100 + i}` }, at(i))),
      );
      const refused = outcomes.filter((o) => o.kind === 'refused').length;
      expect(refused).toBeLessThanOrEqual(5);
      expect(outcomes.filter((o) => o.kind === 'throttled')).toHaveLength(12 - refused);
    });

    it('forgets an account’s failures when it signs in', async () => {
      const typist = await person('contributor', 'fat fingers long password');
      const address = '198.51.100.5';
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 4; i++) await signIn.attempt({ email: typist.email, password: 'typo', address }, at(round * 10_000 + i));
        expect((await signIn.attempt({ email: typist.email, password: 'fat fingers long password', address }, at(round * 10_000 + 5))).kind).toBe('signed-in');
      }
    });

    it('stores attempts as keyed hashes, never the email or the address', async () => {
      const rows = await handle.db.selectFrom('sign_in_attempts').selectAll().execute();
      expect(rows.length).toBeGreaterThan(0);
      const text = JSON.stringify(rows);
      expect(text).not.toMatch(/newsroom\.test|198\.51\.100|203\.0\.113/);
      expect(rows[0]?.account_hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('the audit log', () => {
    it('records sign-ins and failures with who, what, when, and a hashed address', async () => {
      const writer = await person('author', 'a writer’s long password');
      await services.signIn.attempt({ email: writer.email, password: 'nope', address: '192.0.2.77' });
      await services.signIn.attempt({ email: writer.email, password: 'a writer’s long password', address: '192.0.2.77' });
      const failed = await services.audit.query({ action: 'auth.sign_in_failed' });
      const entry = failed.items.find((e) => e.subject?.id === String(writer.id));
      expect(entry).toMatchObject({ actor: null, subject: { type: 'user', id: String(writer.id) }, details: { reason: 'wrong-password' } });
      expect(entry?.addressHash).toMatch(/^[0-9a-f]{64}$/);
      const signedIn = await services.audit.query({ action: 'auth.signed_in', actorId: writer.id });
      expect(signedIn.items).toHaveLength(1);
      expect(signedIn.items[0]?.actor).toEqual({ id: writer.id, displayName: writer.displayName, email: writer.email });
      const raw = await handle.db.selectFrom('audit_log').select(['details', 'ip_hash']).execute();
      expect(JSON.stringify(raw)).not.toContain('192.0.2.77');
    });

    it('records role changes with their before and after', async () => {
      const admin = await person('admin');
      const target = await person('contributor');
      await services.users.changeRole(personActor(admin), target.id, 'author');
      const entries = await services.audit.query({ action: 'user.role_changed', actorId: admin.id });
      expect(entries.items[0]).toMatchObject({ subject: { type: 'user', id: String(target.id) }, details: { from: 'contributor', to: 'author' } });
    });

    it('filters by day range and pages newest first', async () => {
      const db = await createTestDatabase(engine);
      const fresh = await openDatabase(parseDatabaseUrl(db.url));
      try {
        const s = await createServices(fresh);
        for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
          await s.audit.record({ action: 'settings.changed', actorId: null, details: { n: i } }, undefined, new Date(Date.UTC(2026, 0, 1 + (i % 10), 12)));
        }
        const all = await s.audit.query({ action: 'settings.changed' });
        expect(all.total).toBe(AUDIT_PAGE_SIZE + 5);
        expect(all.pageCount).toBe(2);
        expect(all.items).toHaveLength(AUDIT_PAGE_SIZE);
        const instants = all.items.map((e) => e.at);
        expect(instants).toEqual([...instants].sort().reverse());
        expect((await s.audit.query({ action: 'settings.changed', page: 2 })).items).toHaveLength(5);

        const days = await s.audit.query({ from: '2026-01-02', to: '2026-01-03' });
        expect(days.total).toBe(12);
        expect(days.items.every((e) => e.at.startsWith('2026-01-02') || e.at.startsWith('2026-01-03'))).toBe(true);
        await expect(s.audit.query({ from: '2026-02-30' })).rejects.toMatchObject({ code: 'AUDIT_FILTER_INVALID', field: 'from' });
        await expect(s.audit.query({ from: '2026-01-05', to: '2026-01-04' })).rejects.toMatchObject({ field: 'to' });
      } finally {
        await fresh.close();
        await db.drop();
      }
    });
  });

  describe('the command line', () => {
    it('adds a person with a one-time password, printed once, and resets passwords', async () => {
      const out: string[] = [];
      const err: string[] = [];
      const target = email('cli');
      const code = await runCli(['node', 'dateline', 'user', 'add', '--email', target, '--role', 'editor', '--name', 'Cleo Line', '--database-url', database.url], (l) => out.push(l), (l) => err.push(l));
      expect([code, err]).toEqual([0, []]);
      expect(out[0]).toContain(`Cleo Line <${target}> as editor`);
      const oneTime = /: ([a-z2-9-]{19})$/.exec(out[1] ?? '')?.[1];
      expect(oneTime).toBeDefined();
      expect((await services.users.findByEmail(target))?.mustChangePassword).toBe(true);

      out.length = 0;
      expect(await runCli(['node', 'dateline', 'user', 'reset-password', '--email', target, '--database-url', database.url], (l) => out.push(l), (l) => err.push(l))).toBe(0);
      expect(out.join('\n')).toMatch(/one-time password.*: [a-z2-9-]{19}$/m);
      expect(out.join('\n')).not.toContain(oneTime);
    });

    it('says what is wrong in one line', async () => {
      const err: string[] = [];
      const code = await runCli(['node', 'dateline', 'user', 'add', '--email', email('cli'), '--role', 'chief', '--database-url', database.url], () => {}, (l) => err.push(l));
      expect(code).toBe(1);
      expect(err).toEqual(['dateline: The role must be one of owner, admin, editor, author, contributor, moderator.']);
      const missing: string[] = [];
      expect(await runCli(['node', 'dateline', 'user', 'reset-password', '--email', 'ghost@newsroom.test', '--database-url', database.url], () => {}, (l) => missing.push(l))).toBe(1);
      expect(missing).toEqual(['dateline: No account has the email ghost@newsroom.test.']);
    });
  });
});
