import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { anonymousAgent, createUser, signInAs } from '../support/admin-agent.ts';
import { testEngines } from '../support/engines.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

const themeExport = fileURLToPath(new URL('../fixtures/import/themeunittestdata.wordpress.xml', import.meta.url));
const ghostExport = fileURLToPath(new URL('../fixtures/import/ghost-5-export.json', import.meta.url));

/** The theme test data's head (both of its authors) with two of its published posts. */
async function smallWordPressExport(dir: string): Promise<string> {
  const whole = await readFile(themeExport, 'utf8');
  const items = [...whole.matchAll(/<item>[\s\S]*?<\/item>/gu)].map((m) => m[0]);
  const published = items.filter((i) => i.includes('<wp:post_type>post</wp:post_type>') && i.includes('<wp:status>publish</wp:status>') && !/<wp:post_password>[^<]/u.test(i));
  const file = join(dir, 'staff.xml');
  await writeFile(file, `${whole.slice(0, whole.indexOf('<item>'))}${published.slice(0, 2).join('\n')}\n</channel>\n</rss>\n`);
  return file;
}

async function run(site: TestSite, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['node', 'dateline', ...args, '--database-url', site.database.url, '--no-fetch'], (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function accountRow(site: TestSite, email: string) {
  return site.services.database.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

async function bylineOwner(site: TestSite, name: string): Promise<number | null | undefined> {
  const row = await site.services.database.db.selectFrom('authors').select('user_id').where('name', '=', name).executeTakeFirst();
  return row?.user_id;
}

async function accountCount(site: TestSite): Promise<number> {
  const row = await site.services.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(testEngines())('importers making staff accounts (--create-staff) on %s', (engine) => {
  let site: TestSite;
  let workDir: string;
  let wordpressFile: string;

  beforeAll(async () => {
    site = await startTestSite(engine);
    workDir = await mkdtemp(join(tmpdir(), 'dateline-staff-'));
    wordpressFile = await smallWordPressExport(workDir);
  }, 120_000);

  afterAll(async () => {
    await site?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('refuses to make accounts before the site has an owner, importing nothing', async () => {
    const refused = await run(site, 'import-wordpress', wordpressFile, '--create-staff');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('the site has no owner yet: finish setup at /admin/setup');
    expect(await accountCount(site)).toBe(0);
    expect(await site.services.setupCode.find()).toBeDefined();
  });

  it('gives each author an author account without a password, linked to their byline, and links an existing account unchanged', async () => {
    await createUser(site, 'owner', { email: 'owner@dateline.test', password: 'the owner of this site 1' });
    const existing = await createUser(site, 'editor', { email: 'themereviewteam@gmail.com', displayName: 'Rey Viewer', password: 'an editor who was here first' });
    const before = await accountRow(site, existing.user.email);

    const imported = await run(site, 'import-wordpress', wordpressFile, '--create-staff');
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('author “Theme Buster” <themeshaperwp+demos@gmail.com>: staff account made (role author, no password yet');
    expect(imported.out).toContain('author “Theme Reviewer” <themereviewteam@gmail.com>: already has an account: linked to their byline, not changed');
    expect(imported.out).toMatch(/: 2 imported, .*; 1 staff accounts made; /u);

    const made = await accountRow(site, 'themeshaperwp+demos@gmail.com');
    expect(made).toMatchObject({ display_name: 'Theme Buster', role: 'author', password_hash: null, disabled_at: null });
    expect(await accountRow(site, existing.user.email)).toEqual(before);
    expect(await bylineOwner(site, 'Theme Buster')).toBe(made?.id);
    expect(await bylineOwner(site, 'Theme Reviewer')).toBe(existing.user.id);
    const story = await site.services.database.db
      .selectFrom('story_authors as sa')
      .innerJoin('authors as a', 'a.id', 'sa.author_id')
      .select('a.user_id')
      .where('a.name', '=', 'Theme Buster')
      .executeTakeFirst();
    expect(story?.user_id).toBe(made?.id);
  }, 120_000);

  it('lets nobody sign in to an account without a password, whatever is typed', async () => {
    const email = 'themeshaperwp+demos@gmail.com';
    for (const password of ['', 'Theme Buster', 'correct horse battery staple']) {
      const outcome = await site.services.signIn.attempt({ email, password, address: '203.0.113.9' });
      expect(outcome.kind).toBe('refused');
    }
    const browser = anonymousAgent(site);
    const response = await browser.post('/admin/sign-in', { email, password: 'anything at all 123' });
    expect(response.status).toBe(401);
    expect(browser.cookies.has('dateline_session') || browser.cookies.has('__Host-dateline_session')).toBe(false);
  });

  it('shows the account on the People page as having no password yet', async () => {
    const owner = await signInAs(site, { email: 'owner@dateline.test', password: 'the owner of this site 1' });
    const html = await owner.html('/admin/people');
    const row = html.slice(html.indexOf('Theme Buster'), html.indexOf('</tr>', html.indexOf('Theme Buster')));
    expect(row).toContain('No password yet');
    const ownRow = html.slice(html.indexOf('owner@dateline.test'), html.indexOf('</tr>', html.indexOf('owner@dateline.test')));
    expect(ownRow).not.toContain('No password yet');
  });

  it('makes no account twice on a second run', async () => {
    const count = await accountCount(site);
    const again = await run(site, 'import-wordpress', wordpressFile, '--create-staff');
    expect(again.code).toBe(0);
    expect(again.out).toContain('author “Theme Buster” <themeshaperwp+demos@gmail.com>: already has an account');
    expect(again.out).not.toContain('staff accounts made');
    expect(await accountCount(site)).toBe(count);
    expect((await accountRow(site, 'themeshaperwp+demos@gmail.com'))?.password_hash).toBeNull();
  }, 120_000);

  it('opens the account once an admin gives it a one-time password', async () => {
    const reset = await site.services.users.resetPassword(commandLineActor, 'themeshaperwp+demos@gmail.com');
    const outcome = await site.services.signIn.attempt({ email: 'themeshaperwp+demos@gmail.com', password: reset.oneTimePassword, address: '203.0.113.10' });
    expect(outcome.kind).toBe('signed-in');
    expect(outcome.kind === 'signed-in' && outcome.user.mustChangePassword).toBe(true);
  });

  it('makes accounts for a Ghost site’s staff too, in a dry run only saying so', async () => {
    const dry = await run(site, 'import-ghost', ghostExport, '--site-url', 'https://harbour.example', '--create-staff', '--dry-run');
    expect(dry.out).toContain('author “Maren Holt” <maren@example.org>: staff account would be made');
    expect(await accountRow(site, 'maren@example.org')).toBeUndefined();

    const imported = await run(site, 'import-ghost', ghostExport, '--site-url', 'https://harbour.example', '--create-staff');
    expect(imported.out).toMatch(/; 2 staff accounts made; /u);
    for (const [email, name] of [['maren@example.org', 'Maren Holt'], ['tomas@example.org', 'Tomas Reyes']] as const) {
      const row = await accountRow(site, email);
      expect(row).toMatchObject({ role: 'author', password_hash: null });
      expect(await bylineOwner(site, name)).toBe(row?.id);
    }
  }, 120_000);
});
