import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { editionDateFormats } from '../../src/db/migrations/010-edition-date-formats.ts';
import { formatInEdition } from '../../src/modules/editions/edition-time.ts';
import { openDiscoveryDatabase, type DiscoveryDatabase } from '../support/discovery-fixtures.ts';
import { testEngines } from '../support/engines.ts';

/** Editions made before each language had its own date formats move to them, unless a newsroom set its own. */
describe.each(testEngines())('migration 010, edition date formats, on %s', (engine) => {
  let db: DiscoveryDatabase;
  const former = { dateline_format: 'cccc d LLLL yyyy - HH:mm', date_format: 'd LLLL yyyy' };

  beforeAll(async () => {
    db = await openDiscoveryDatabase(engine, ['en', 'es', 'it']);
    const kysely = db.handle.db;
    await kysely.updateTable('editions').set(former).where('code', 'in', ['en', 'es']).execute();
    await kysely.updateTable('editions').set({ dateline_format: 'dd/MM/yyyy HH:mm', date_format: 'dd/MM/yyyy' }).where('code', '=', 'it').execute();
    await editionDateFormats.up(kysely as unknown as Kysely<unknown>);
  });

  afterAll(async () => {
    await db?.close();
  });

  const formatsOf = (code: string) => db.handle.db.selectFrom('editions').select(['dateline_format', 'date_format']).where('code', '=', code).executeTakeFirstOrThrow();

  it('gives a Spanish edition its own word order', async () => {
    const es = await formatsOf('es');
    expect(formatInEdition('2020-11-20T08:14:00.000Z', es.dateline_format, { language: 'es', time_zone: 'Europe/Madrid' })).toBe('viernes 20 de noviembre de 2020 - 09:14');
  });

  it('keeps the English dateline as it reads', async () => {
    const en = await formatsOf('en');
    expect(formatInEdition('2020-11-20T11:44:00.000Z', en.dateline_format, { language: 'en', time_zone: 'UTC' })).toBe('Friday 20 November 2020 - 11:44');
  });

  it('leaves formats a newsroom chose alone', async () => {
    expect(await formatsOf('it')).toEqual({ dateline_format: 'dd/MM/yyyy HH:mm', date_format: 'dd/MM/yyyy' });
  });
});
