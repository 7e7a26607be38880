import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { runMigrations } from '../../src/db/migration-runner.ts';
import { allMigrations } from '../../src/db/migrations/index.ts';
import { maintenanceTimeouts, openDatabase } from '../../src/db/open-database.ts';
import { migrationSteps } from '../../src/services.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';

const MIGRATION = '029-webhook-failure-forms';
const AT = '2026-11-30T10:00:00.000Z';

/** What the delivery log wrote before the stored forms, and what each becomes. */
const LOGGED: Array<[string, string]> = [
  ['answered 503', 'answered:503'],
  ['no answer within 10 s', 'timeout:10'],
  ['the address is not a URL', 'not-a-url'],
  ['refused: it is a private, loopback or reserved address', 'refused:private'],
  ['refused: hooks.example resolves to 10.0.0.7, a private or reserved address', 'resolves-private:10.0.0.7'],
  ['could not connect: connect ECONNREFUSED 203.0.113.7:443', 'connect:ECONNREFUSED'],
  ['could not connect: getaddrinfo ENOTFOUND hooks.example', 'connect:ENOTFOUND'],
  ['something else entirely', 'something else entirely'],
];

describe.each(testEngines())('migration 029 on %s', (engine) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('turns the delivery log’s English and the turned-off notices into stored failures, keeping what it cannot read', async () => {
    database = await createTestDatabase(engine);
    const handle = await openDatabase(parseDatabaseUrl(database.url), { migrate: false, timeouts: maintenanceTimeouts });
    try {
      const migrations = allMigrations(engine, migrationSteps);
      const names = Object.keys(migrations).sort();
      await runMigrations(handle.db as Kysely<unknown>, migrations, { until: names[names.indexOf(MIGRATION) - 1] });
      const endpoint = { description: '', events: '[]', secret: 's', previous_secret: null, previous_secret_until: null, after_event_id: 0, failing_since: AT, created_by: null, created_at: AT, updated_at: AT };
      await handle.db
        .insertInto('webhook_endpoints')
        .values([
          { ...endpoint, url: 'https://hooks.example/off', is_enabled: 0, disabled_at: AT, disabled_reason: 'Turned off on 2026-11-30 10:00 UTC after failing for a whole day (last: answered 503).' },
          { ...endpoint, url: 'https://hooks.example/silent', is_enabled: 0, disabled_at: AT, disabled_reason: 'Turned off on 2026-11-30 10:00 UTC after failing for a whole day (last: no answer).' },
          { ...endpoint, url: 'https://hooks.example/on', is_enabled: 1, disabled_at: null, disabled_reason: null },
        ])
        .execute();
      const delivery = { endpoint_id: 1, event_type: 'story.published', story_key: null, payload: '{}', status: 'failed' as const, attempts: 1, created_at: AT, next_attempt_at: AT, give_up_at: AT, lease_until: null, lease_token: null, last_attempt_at: AT, response_status: null, response_excerpt: null, finished_at: AT };
      await handle.db
        .insertInto('webhook_deliveries')
        .values([...LOGGED.map(([sentence], n) => ({ ...delivery, event_id: n + 1, last_error: sentence })), { ...delivery, event_id: 99, last_error: 'answered 503' }, { ...delivery, event_id: 100, status: 'succeeded' as const, last_error: null }])
        .execute();

      expect(await runMigrations(handle.db as Kysely<unknown>, migrations)).toEqual([MIGRATION]);

      const logged = await handle.db.selectFrom('webhook_deliveries').select(['event_id', 'last_error']).orderBy('event_id').execute();
      expect(logged.map((row) => row.last_error)).toEqual([...LOGGED.map(([, stored]) => stored), 'answered:503', null]);
      const notices = await handle.db.selectFrom('webhook_endpoints').select(['url', 'disabled_reason', 'disabled_at']).orderBy('id').execute();
      expect(notices).toEqual([
        { url: 'https://hooks.example/off', disabled_reason: 'answered:503', disabled_at: AT },
        { url: 'https://hooks.example/silent', disabled_reason: 'no answer', disabled_at: AT },
        { url: 'https://hooks.example/on', disabled_reason: null, disabled_at: null },
      ]);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
