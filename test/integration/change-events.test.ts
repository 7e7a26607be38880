import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor, personActor, type Actor } from '../../src/modules/accounts/account-types.ts';
import { repoModule, runInAnotherProcess } from '../support/child-process.ts';
import { testEngines } from '../support/engines.ts';
import { startSecondServer, startTestSite, type SecondServer, type TestSite } from '../support/test-site.ts';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Change events reach every app server on the database (docs/decisions/009): on PostgreSQL by NOTIFY with
 * a replay from the last event seen, on SQLite by reading the outbox, whichever process wrote it.
 */
describe.each(testEngines())('change events across app servers on %s', (engine) => {
  let site: TestSite;
  let other: SecondServer;
  let editor: Actor;

  beforeEach(async () => {
    site = await startTestSite(engine);
    other = await startSecondServer(site.database.url);
    const added = await site.services.users.addUser(commandLineActor, { email: 'eve@events.test', displayName: 'Eve Editor', role: 'editor', password: 'correct horse battery staple' });
    editor = personActor(added.user);
  });

  afterEach(async () => {
    await other?.close();
    await site?.close();
  });

  const otherPage = async (path: string) => {
    const response = await fetch(`${other.url}${path}`);
    return { status: response.status, text: await response.text() };
  };

  /** How long until `check` holds on the other server, in milliseconds; fails past `timeoutMs`. */
  async function msUntil(check: () => Promise<boolean>, timeoutMs = 3000): Promise<number> {
    const started = performance.now();
    await expect.poll(check, { interval: 20, timeout: timeoutMs }).toBe(true);
    return performance.now() - started;
  }

  async function draftReady(headline: string) {
    // The newsroom files stories under sections its editors made.
    if ((await site.services.taxonomy.listSections('en')).every((s) => s.slug !== 'harbour')) await site.services.taxonomy.createSection({ kind: 'command-line' }, 'en', { name: 'Harbour' });
    return site.services.storyWorkflow.createDraft({ editionCode: 'en', headline, body: [paragraph(`${headline}: what happened, and where.`)], section: 'Harbour' }, editor);
  }

  it('shows a publish, a correction and an unpublish made through one server on the other’s cached pages within a second', async () => {
    const kept = await draftReady('Lighthouse Keeper Retires After Forty Years');
    const older = await draftReady('Harbour Master Names New Deputy');
    await site.services.storyWorkflow.publish(older.id, editor);
    // The other server keeps its pages.
    await other.services.changes.catchUp();
    expect((await otherPage('/en/')).text).toContain('Harbour Master Names New Deputy');
    expect(other.app.pageCache.peek('/en/')).toBeDefined();

    const published = await site.services.storyWorkflow.publish(kept.id, editor);
    const path = `/en/news/${published.story.code}/${published.story.slug}`;
    expect(await msUntil(async () => (await otherPage('/en/')).text.includes('Lighthouse Keeper Retires'))).toBeLessThan(1000);
    expect((await otherPage(path)).status).toBe(200);

    await site.services.corrections.addNote(editor, { editionCode: 'en', code: published.story.code, kind: 'correction', text: 'He served thirty-nine years, not forty.' });
    expect(await msUntil(async () => (await otherPage(path)).text.includes('thirty-nine years'))).toBeLessThan(1000);

    await site.services.storyWorkflow.unpublish(published.story.id, editor);
    expect(await msUntil(async () => (await otherPage(path)).status === 404)).toBeLessThan(1000);
    expect((await otherPage('/en/')).text).not.toContain('Lighthouse Keeper Retires');
  });

  it.runIf(engine === 'postgres')('catches up after its database connections are cut, missing nothing', async () => {
    const story = await draftReady('Ferry Strike Called Off');
    await otherPage('/en/');
    // Cut every connection of the other server's: its LISTEN connection and its pool.
    const otherPids = await other.services.database.db.selectNoFrom(sql<number>`pg_backend_pid()`.as('pid')).executeTakeFirstOrThrow();
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and (query ilike 'LISTEN%' or pid = ${otherPids.pid})`.execute(site.services.database.db);
    const published = await site.services.storyWorkflow.publish(story.id, editor);
    expect(await msUntil(async () => (await otherPage('/en/')).text.includes('Ferry Strike Called Off'), 5000)).toBeLessThan(5000);
    expect((await otherPage(`/en/news/${published.story.code}/${published.story.slug}`)).status).toBe(200);
  });

  it('hears of an import run by an operator in another process while the site runs, within a second', async () => {
    await (await fetch(`${site.url}/en/`)).text();
    expect(site.app.pageCache.peek('/en/')).toBeDefined();
    const dir = await mkdtemp(join(tmpdir(), 'dateline-events-'));
    try {
      const file = join(dir, 'story-777001.txt');
      await writeFile(file, ['date 2021-03-02 0', 'Tuesday 2 March 2021 - 7:05', '', 'Storm Closes the Coast Road', '', 'Story Code : 777001', 'The coast road closed on Tuesday as the storm came in.', 'Comment', ''].join('\n'));
      await run(process.execPath, ['bin/dateline.js', 'import-text', file, '--no-featured', '--database-url', site.database.url], { cwd: repoRoot });
      const ms = await msUntil(async () => (await (await fetch(`${site.url}/en/`)).text()).includes('Storm Closes the Coast Road'));
      expect(ms).toBeLessThan(1000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows a publish acknowledged by a server killed right after it, once a server runs again', async () => {
    const draft = await draftReady('Night Ferry Returns for the Summer');
    const child = runInAnotherProcess<{ code: number; slug: string }>(
      `
        const { parseDatabaseUrl } = await import(${repoModule('src/db/database-url.ts')});
        const { openDatabase } = await import(${repoModule('src/db/open-database.ts')});
        const { createServices } = await import(${repoModule('src/services.ts')});
        const { buildApp } = await import(${repoModule('src/app.ts')});
        const { commandLineActor } = await import(${repoModule('src/modules/accounts/account-types.ts')});
        const handle = await openDatabase(parseDatabaseUrl(process.env.DATABASE_URL));
        const services = await createServices(handle);
        const app = await buildApp({ config: { publicUrl: 'http://dateline.test', logLevel: 'silent' }, services, logger: false });
        await app.listen({ host: '127.0.0.1', port: 0 });
        process.stdout.write('ready\\n');
        await new Promise((resolve) => process.stdin.once('data', resolve));
        const result = await services.storyWorkflow.publish(${draft.id}, commandLineActor);
        process.stdout.write(JSON.stringify({ code: result.story.code, slug: result.story.slug }) + '\\n');
        // Acknowledged: now the process dies without closing anything.
        process.kill(process.pid, 'SIGKILL');
      `,
      site.database.url,
      'app server',
      60_000,
    );
    await child.ready;
    child.go();
    await expect(child.result).rejects.toThrow(/exit null/u);
    await site.services.changes.catchUp();
    const page = await fetch(`${site.url}/en/news/${draft.code}/${draft.slug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Night Ferry Returns for the Summer');
    const restarted = await startSecondServer(site.database.url);
    try {
      expect((await fetch(`${restarted.url}/en/`)).status).toBe(200);
      expect(await (await fetch(`${restarted.url}/en/`)).text()).toContain('Night Ferry Returns for the Summer');
    } finally {
      await restarted.close();
    }
  });
});
