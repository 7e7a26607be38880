import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from './engines.ts';

interface Schema {
  note: { id: number; body: string };
}

function connect(db: TestDatabase): Kysely<Schema> {
  if (db.engine === 'sqlite') {
    return new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(db.url.slice('sqlite:'.length)) }) });
  }
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url }) }) });
}

describe.each(testEngines())('test database harness on %s', (engine) => {
  it('creates a fresh database that stores and returns a row', async () => {
    const db = await createTestDatabase(engine);
    try {
      expect(db.engine).toBe(engine);
      const kysely = connect(db);
      try {
        await kysely.schema.createTable('note').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('body', 'text', (c) => c.notNull()).execute();
        await kysely.insertInto('note').values({ id: 1, body: 'مرحبا' }).execute();
        expect(await kysely.selectFrom('note').selectAll().execute()).toEqual([{ id: 1, body: 'مرحبا' }]);
      } finally {
        await kysely.destroy();
      }
    } finally {
      await db.drop();
    }
  });
});
