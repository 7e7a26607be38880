import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { commandLineActor, personActor, type Actor } from '../../src/modules/accounts/account-types.ts';
import { createServices, type Services } from '../../src/services.ts';
import { repoModule, runInAnotherProcess, type ChildRun } from '../support/child-process.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';
import { ManualClock } from '../support/manual-clock.ts';

/**
 * The scheduler with a clock the test moves: nothing sleeps. "Several app servers" are child processes,
 * each with its own connection to the same database, released at the same moment.
 */

const START = '2025-03-14T09:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(START) + n * 60_000).toISOString();

/** A scheduler in another process, its clock fixed at `now`: says `ready`, runs one round on `go`, prints what it published. */
function schedulerInAnotherProcess(url: string, now: string): ChildRun<number[]> {
  const script = `
    const { parseDatabaseUrl } = await import(${repoModule('src/db/database-url.ts')});
    const { openDatabase } = await import(${repoModule('src/db/open-database.ts')});
    const { createServices } = await import(${repoModule('src/services.ts')});
    const { Scheduler } = await import(${repoModule('src/jobs/scheduler.ts')});
    const handle = await openDatabase(parseDatabaseUrl(process.env.DATABASE_URL));
    const clock = { now: () => new Date(${JSON.stringify(now)}) };
    const services = await createServices(handle, { clock });
    const scheduler = new Scheduler({ workflow: services.storyWorkflow, clock });
    process.stdout.write('ready\\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    const published = await scheduler.runDue();
    await handle.close();
    process.stdout.write(JSON.stringify(published.map((p) => p.storyId)) + '\\n');
    process.stdin.destroy();
  `;
  return runInAnotherProcess<number[]>(script, url, 'scheduler', 60_000);
}

describe.each(testEngines())('the scheduler on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;
  let clock: ManualClock;
  let editor: Actor;

  beforeEach(async () => {
    clock = new ManualClock(START);
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle, { clock });
    const added = await services.users.addUser(commandLineActor, { email: 'eve@scheduler.test', displayName: 'Eve Editor', role: 'editor', password: 'correct horse battery staple' });
    editor = personActor(added.user);
  });

  afterEach(async () => {
    await handle?.close();
    await database?.drop();
  });

  async function scheduledStory(headline: string, at: string): Promise<number> {
    const story = await services.storyWorkflow.createDraft({ editionCode: 'en', headline, body: [paragraph(`${headline}: the full story.`)] }, editor);
    await services.storyWorkflow.schedule(story.id, at, editor);
    return story.id;
  }

  async function publicationsRecorded(storyId: number): Promise<number> {
    const rows = await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'story.published').where('subject_id', '=', String(storyId)).execute();
    return rows.length;
  }

  it('publishes a story at its time, not a second before, and only once', async () => {
    const id = await scheduledStory('Tide Tables for the Spring Equinox', minutes(1));
    const scheduler = new Scheduler({ workflow: services.storyWorkflow, clock });
    const code = (await services.storyWorkflow.getForEditing(id, editor)).code;

    expect(await scheduler.runDue()).toEqual([]);
    clock.set(new Date(Date.parse(minutes(1)) - 1000));
    expect(await scheduler.runDue()).toEqual([]);
    expect(await services.storyQueries.findPublished('en', code)).toBeUndefined();

    clock.set(minutes(1));
    const published = await scheduler.runDue();
    expect(published).toEqual([{ storyId: id, editionCode: 'en', code, scheduledAt: minutes(1), publishedAt: minutes(1) }]);
    expect((await services.storyQueries.findPublished('en', code))?.publishedAt).toBe(minutes(1));

    clock.advance({ minutes: 5 });
    expect(await scheduler.runDue()).toEqual([]);
    expect(await publicationsRecorded(id)).toBe(1);
    const entry = await handle.db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('action', '=', 'story.published').where('subject_id', '=', String(id)).executeTakeFirstOrThrow();
    expect(entry.actor_user_id).toBeNull();
    expect(JSON.parse(entry.details)).toMatchObject({ by: 'scheduler', scheduledAt: minutes(1) });
  });

  it('catches up after downtime: everything that fell due goes out at the first look after a restart, oldest first', async () => {
    const ids = [
      await scheduledStory('Harbour Reopens After the Storm', minutes(60)),
      await scheduledStory('Council Approves the Budget', minutes(120)),
      await scheduledStory('Ferry Fares Frozen for a Year', minutes(180)),
    ];
    const notYet = await scheduledStory('Festival Programme Announced', minutes(24 * 60));
    // The server is down from 09:00 to 14:00; a new scheduler starts with the new process.
    clock.set(minutes(300));
    const restarted = new Scheduler({ workflow: services.storyWorkflow, clock });
    const published = await restarted.runDue();
    expect(published.map((p) => p.storyId)).toEqual(ids);
    // Published when they went out, not backdated to when they were due.
    expect(published.map((p) => p.publishedAt)).toEqual([minutes(300), minutes(300), minutes(300)]);
    expect(published.map((p) => p.scheduledAt)).toEqual([minutes(60), minutes(120), minutes(180)]);
    expect((await services.storyWorkflow.getForEditing(notYet, editor)).status).toBe('scheduled');
  });

  it('starts with a look, and stop() waits for the round in progress', async () => {
    const id = await scheduledStory('Lifeboat Crew Honoured', minutes(1));
    clock.set(minutes(2));
    const scheduler = new Scheduler({ workflow: services.storyWorkflow, clock, intervalMs: 60_000 });
    scheduler.start();
    await scheduler.stop();
    expect((await services.storyWorkflow.getForEditing(id, editor)).status).toBe('published');
  });

  it('never publishes before the embargo, even when the schedule says so', async () => {
    const id = await scheduledStory('Prize Winner Named Under Embargo', minutes(1));
    // Written around the workflow on purpose: the scheduler's own condition must hold the line too.
    await handle.db.updateTable('stories').set({ embargo_until: minutes(30) }).where('id', '=', id).execute();
    const scheduler = new Scheduler({ workflow: services.storyWorkflow, clock });
    clock.set(minutes(10));
    expect(await scheduler.runDue()).toEqual([]);
    clock.set(minutes(30));
    expect((await scheduler.runDue()).map((p) => p.storyId)).toEqual([id]);
  });

  it('publishes each story exactly once when two app servers race for the same due stories', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 12; i++) ids.push(await scheduledStory(`Race Story Number ${i} About the Regatta`, minutes(i)));
    const now = minutes(60);
    const first = schedulerInAnotherProcess(database.url, now);
    const second = schedulerInAnotherProcess(database.url, now);
    await Promise.all([first.ready, second.ready]);
    first.go();
    second.go();
    const [a, b] = await Promise.all([first.result, second.result]);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(ids);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    for (const id of ids) expect(await publicationsRecorded(id)).toBe(1);
    const statuses = await handle.db.selectFrom('stories').select('status').where('id', 'in', ids).execute();
    expect(statuses.every((s) => s.status === 'published')).toBe(true);
  }, 120_000);
});
