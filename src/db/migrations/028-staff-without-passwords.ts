import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine.ts';

/**
 * Staff accounts without a password (issue 16, §4: `--create-staff` of the importers), and the byline each
 * account writes under (docs/decisions/027-imported-staff-and-import-speed.md).
 *
 * `users.password_hash` becomes nullable: null is an account nobody can sign in to until an admin gives it a
 * one-time password. `authors.user_id` links a byline to the account of the person who writes under it.
 *
 * SQLite cannot drop a NOT NULL in place, and this migration runs in a transaction, where foreign keys cannot be
 * switched off: the table is rebuilt from its own definition, less that one constraint, with the constraints
 * checked at the commit (`defer_foreign_keys`). Dropping the old table fires the other tables' ON DELETE actions
 * (sessions would be deleted, webhook creators forgotten): what those actions touch is kept aside first and put
 * back, and every table's row count is compared before the commit.
 */
export function staffWithoutPasswords(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine === 'postgres') {
        await sql`alter table users alter column password_hash drop not null`.execute(db);
      } else {
        await rebuildSqliteUsersWithNullablePassword(db);
      }
      await db.schema.alterTable('authors').addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null')).execute();
      // One byline per account, one account per byline; unlinked bylines (null) are many.
      await db.schema.createIndex('authors_user').on('authors').column('user_id').unique().execute();
    },
  };
}

async function rebuildSqliteUsersWithNullablePassword(db: Kysely<unknown>): Promise<void> {
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'users'`.execute(db);
  const definition = table.rows[0]?.sql;
  const constrained = /"password_hash" text not null/iu;
  if (definition === undefined || !constrained.test(definition) || !definition.startsWith('CREATE TABLE "users" ')) throw new Error('the users table is not as migration 004 made it');
  const indexes = await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'users' and sql is not null`.execute(db);
  const sequence = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'users'`.execute(db);
  const columns = await sql<{ name: string }>`select name from pragma_table_info('users')`.execute(db);
  const columnList = sql.join(columns.rows.map((c) => sql.ref(c.name)));
  const actions = await sql<{ child: string; column: string; action: string }>`
    select m.name as child, f."from" as "column", f.on_delete as action
    from sqlite_master m, pragma_foreign_key_list(m.name) f
    where m.type = 'table' and f."table" = 'users' and f.on_delete in ('CASCADE', 'SET NULL', 'SET DEFAULT')`.execute(db);
  const countsBefore = await rowCounts(db);

  await sql`pragma defer_foreign_keys = on`.execute(db);
  await sql`create temp table kept_028_users as select * from users`.execute(db);
  const kept = actions.rows.map((a, n) => ({ ...a, copy: `kept_028_${n}` }));
  for (const k of kept) {
    await sql`create temp table ${sql.table(k.copy)} as select rowid as kept_rowid, * from ${sql.table(k.child)} where ${sql.ref(k.column)} is not null`.execute(db);
  }
  await sql.raw(definition.replace('CREATE TABLE "users" ', 'CREATE TABLE "users_028" ').replace(constrained, '"password_hash" text')).execute(db);
  await sql`drop table users`.execute(db);
  await sql`alter table users_028 rename to users`.execute(db);
  // Inserted under its own name, so that SQLite counts the references the drop left dangling as mended.
  await sql`insert into users (${columnList}) select ${columnList} from kept_028_users`.execute(db);
  await sql`drop table kept_028_users`.execute(db);
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
  for (const k of kept) {
    const childColumns = await sql<{ name: string }>`select name from pragma_table_info(${k.child})`.execute(db);
    const list = sql.join(childColumns.rows.map((c) => sql.ref(c.name)));
    if (k.action === 'CASCADE') {
      await sql`insert into ${sql.table(k.child)} (${list}) select ${list} from ${sql.table(k.copy)}`.execute(db);
    } else {
      await sql`update ${sql.table(k.child)} set ${sql.ref(k.column)} = (select c.${sql.ref(k.column)} from ${sql.table(k.copy)} c where c.kept_rowid = ${sql.table(k.child)}.rowid)
        where rowid in (select kept_rowid from ${sql.table(k.copy)})`.execute(db);
    }
    await sql`drop table ${sql.table(k.copy)}`.execute(db);
  }
  // The next account gets the id it would have had: ids of accounts are never reused.
  const seq = sequence.rows[0]?.seq;
  if (seq !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = 'users'`.execute(db);

  const broken = await sql`pragma foreign_key_check`.execute(db);
  const countsAfter = await rowCounts(db);
  const changed = [...countsBefore].filter(([name, n]) => countsAfter.get(name) !== n).map(([name]) => name);
  if (broken.rows.length > 0 || changed.length > 0) throw new Error(`rebuilding the users table would have changed ${changed.join(', ') || 'references to accounts'}`);
}

/** Rows per table, for the check that a rebuild lost and added nothing. */
async function rowCounts(db: Kysely<unknown>): Promise<Map<string, number>> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL TABLE%'`.execute(db);
  const counts = new Map<string, number>();
  for (const { name } of tables.rows) {
    const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    counts.set(name, Number(row.rows[0]?.n));
  }
  return counts;
}
