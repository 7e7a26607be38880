import { Command, CommanderError, Option } from 'commander';
import { readConfig, type AppConfig, type ConfigOverrides } from '../config/app-config.ts';
import { statSync } from 'node:fs';
import { DatelineError } from '../errors/dateline-error.ts';
import { commandLineActor } from '../modules/accounts/account-types.ts';
import { roles } from '../modules/accounts/permissions.ts';
import type { ImportRunOptions, ImportSummary } from '../modules/import/import-wordpress.ts';
import { ImportReport } from './import-report.ts';
import type { ServiceOptions, Services } from '../services.ts';

/*
 * Each command loads the code it runs when it runs: `dateline --help`, or a command that needs no server,
 * never pays for loading the whole site (docs/decisions/001-layers.md, the cold-start figures in the README).
 */
const load = {
  server: () => import('../main.ts'),
  services: () => import('../services.ts'),
  database: () => import('../db/open-database.ts'),
  backup: () => import('../db/backup.ts'),
  demo: () => import('../modules/demo/load-demo-content.ts'),
  editions: () => import('../modules/editions/edition-service.ts'),
  media: () => import('../modules/media/index.ts'),
  importText: () => import('../modules/import/import-story-files.ts'),
  importWordPress: () => import('../modules/import/import-wordpress.ts'),
  importGhost: () => import('../modules/import/import-ghost.ts'),
};

interface DatabaseFlags {
  databaseUrl?: string;
}

/**
 * Opens the database named by the flags (or the environment), builds the services on it, runs `run`, and
 * closes the database whatever happens: the frame of every command that works on a site.
 */
async function withServices<T>(flags: DatabaseFlags, run: (services: Services, config: AppConfig) => Promise<T>, options: ServiceOptions & { isBulkLoad?: boolean } = {}): Promise<T> {
  const config = readConfig(process.env, flags);
  const [{ openDatabase }, { createServices, migrationSteps }] = await Promise.all([load.database(), load.services()]);
  const database = await openDatabase(config.database, { migrationSteps, isBulkLoad: options.isBulkLoad });
  try {
    return await run(await createServices(database, options), config);
  } finally {
    await database.close();
  }
}

/** Runs the `dateline` command line; returns the process exit code. Operator errors are one line, never a stack. */
export async function runCli(argv: string[], out: (line: string) => void = (l) => console.log(l), err: (line: string) => void = (l) => console.error(l)): Promise<number> {
  const program = new Command('dateline')
    .description('Dateline: a news publishing platform')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => err(s.trimEnd()) });
  const databaseOption = () => new Option('--database-url <url>', 'sqlite:path/to/file.db or postgres://user@host:port/name (env DATABASE_URL)');
  let exitCode = 0;

  program
    .command('serve')
    .description('run the site (migrations run first)')
    .addOption(databaseOption())
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--public-url <url>', 'the site’s public address for absolute links (env PUBLIC_URL)')
    .option('--demo-if-empty', 'load the demo content when the database has no story')
    .option('--create-if-missing', 'start a new site when the SQLite file does not exist (otherwise a mistyped DATABASE_URL is an error)')
    .action(async (flags: ConfigOverrides & { demoIfEmpty?: boolean; createIfMissing?: boolean }) => {
      const config = readConfig(process.env, flags);
      const { startServer } = await load.server();
      const server = await startServer(config, { demoIfEmpty: flags.demoIfEmpty, createIfMissing: flags.createIfMissing ?? false, log: err });
      err(`dateline: serving ${server.url}/ from ${config.database.engine === 'sqlite' ? config.database.file : config.database.display}`);
      await server.closed;
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .addOption(databaseOption())
    .action(async (flags: DatabaseFlags) => {
      const config = readConfig(process.env, flags);
      const [{ openDatabase, maintenanceTimeouts, migrateToLatest }, { migrationSteps }] = await Promise.all([load.database(), load.services()]);
      const database = await openDatabase(config.database, { migrate: false, timeouts: maintenanceTimeouts });
      try {
        const applied = await migrateToLatest(database, { ...migrationSteps, onStart: (name) => err(`dateline: applying migration ${name}…`) });
        out(applied.length > 0 ? `applied ${applied.join(', ')}` : 'the schema is up to date');
      } finally {
        await database.close();
      }
    });

  program
    .command('backup')
    .description('write a consistent copy of the whole database to FILE while the site runs (it holds the site’s keys: keep it private)')
    .argument('<file>', 'a new file: an SQLite database, or a pg_dump custom-format archive on PostgreSQL')
    .addOption(databaseOption())
    .action(async (file: string, flags: DatabaseFlags) => {
      const config = readConfig(process.env, flags);
      const { backupDatabase } = await load.backup();
      await backupDatabase(config.database, file);
      out(`backed up ${config.database.engine === 'sqlite' ? config.database.file : config.database.display} to ${file} (${statSync(file).size} bytes)`);
    });

  program
    .command('restore')
    .description('load a backup made by `dateline backup` into an empty database, then bring its schema up to date')
    .argument('<file>', 'the backup file')
    .addOption(databaseOption())
    .action(async (file: string, flags: DatabaseFlags) => {
      const config = readConfig(process.env, flags);
      const [{ restoreDatabase }, { openDatabase, maintenanceTimeouts }, { migrationSteps }] = await Promise.all([load.backup(), load.database(), load.services()]);
      await restoreDatabase(config.database, file);
      const database = await openDatabase(config.database, { timeouts: maintenanceTimeouts, migrationSteps });
      try {
        const stories = await database.db.selectFrom('stories').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
        out(`restored ${file} into ${database.location}: ${Number(stories.n)} stories`);
      } finally {
        await database.close();
      }
    });

  program
    .command('import-text')
    .description('import story pages in the seed text format')
    .argument('<files...>', 'text files, one story each')
    .addOption(databaseOption())
    .option('--edition <code>', 'edition to import into', 'en')
    .option('--featured', 'replace the edition’s Featured Stories with each page’s (audited); without it they are left as they are')
    // The old spelling of the default, still accepted by scripts written before it became the default.
    .option('--no-featured', 'leave the edition’s Featured Stories as they are (the default)')
    .option('--replace', 'replace stories the newsroom made or changed under a file’s code (each is named)')
    .action(async (files: string[], flags: DatabaseFlags & { edition: string; featured?: boolean; replace?: boolean }) => {
      await withServices(flags, async (services) => {
        // Each file's line appears as it is done, with a progress line on stderr every second for long
        // runs (10,000 files take minutes).
        const startedAt = Date.now();
        let lastProgressAt = startedAt;
        let done = 0;
        let failures = 0;
        const { importStoryFiles } = await load.importText();
        await importStoryFiles(files, services, {
          editionCode: flags.edition,
          withFeatured: flags.featured === true,
          replace: flags.replace,
          onOutcome: (outcome) => {
            done++;
            if (outcome.ok) {
              const did = outcome.change === 'created' ? 'imported' : outcome.change === 'updated' ? 'updated' : `replaced the newsroom’s ${outcome.replaced?.status ?? ''} story “${outcome.replaced?.headline ?? ''}” with`;
              const held = outcome.status === 'scheduled' ? ' (held by its embargo: scheduled)' : '';
              out(`${outcome.file}: ${did} story ${outcome.code} “${outcome.headline}” at ${outcome.url}${held}`);
            } else {
              failures++;
              err(`${outcome.file}: ${outcome.error}`);
            }
            if (Date.now() - lastProgressAt >= 1000 && done < files.length) {
              lastProgressAt = Date.now();
              err(`dateline: ${done} of ${files.length} files done (${failures} failed), ${Math.round((lastProgressAt - startedAt) / 1000)} s`);
            }
          },
        });
        out(`${done - failures} imported, ${failures} failed`);
        if (failures > 0) exitCode = 1;
      });
    });

  type ImportFlags = DatabaseFlags & { edition: string; dryRun?: boolean; mediaDir?: string; fetch: boolean; createStaff?: boolean };
  const importCommand = (name: string, description: string, fileHelp: string) =>
    program
      .command(name)
      .description(description)
      .argument('<file>', fileHelp)
      .addOption(databaseOption())
      .option('--edition <code>', 'edition to import into', 'en')
      .option('--dry-run', 'read everything and report what would be imported and what cannot be; store nothing')
      .option('--media-dir <dir>', 'a copy of the site’s uploads folder: pictures are taken from it by their addresses’ paths')
      .option('--no-fetch', 'never fetch pictures over HTTP (those not in --media-dir are reported and shown from their old address)')
      .option(
        '--create-staff',
        'give each author in the export a staff account with the role author and no password, linked to their byline; nobody can sign in to it until an admin resets its password (People page or `dateline user reset-password`). An existing account with the same email is linked, not changed',
      );
  /** The frame both importers share: the report as they go, the summary, exit status 1 when a post failed. */
  const runImport = async (file: string, flags: ImportFlags, run: (services: Services, options: ImportRunOptions) => Promise<ImportSummary>) =>
    withServices(
      flags,
      async (services) => {
        const report = new ImportReport({ out, err, terminal: process.stderr.isTTY ? { write: (t) => process.stderr.write(t), columns: process.stderr.columns } : undefined }, flags.dryRun === true);
        try {
          const summary = await run(services, {
            editionCode: flags.edition,
            isDryRun: flags.dryRun === true,
            pictures: { mediaDir: flags.mediaDir, isFetchingOverHttp: flags.fetch },
            isCreatingStaff: flags.createStaff === true,
            onStaff: (outcome) => report.staff(outcome),
            onStart: (total) => report.start(total),
            onOutcome: (outcome) => report.post(outcome),
          });
          report.finish(file, summary);
          if (summary.failed > 0) exitCode = 1;
        } catch (error) {
          exitCode = 1;
          err(`${file}${describeFileError(error)}`);
        }
      },
      // Each post is its own transaction, and a re-run finds those a power cut lost: they reach the disk together.
      { mediaWarm: 'await', isBulkLoad: true },
    );

  importCommand(
    'import-wordpress',
    'import the published posts of a WordPress export (WXR 1.0–1.2) as stories, with their pictures, comments and old addresses',
    'the export file (Tools → Export → All content in WordPress)',
  ).action(async (file: string, flags: ImportFlags) => runImport(file, flags, async (services, options) => (await load.importWordPress()).importWordPress(file, services, options)));

  importCommand('import-ghost', 'import the published public posts of a Ghost 4–5 export (JSON) as stories, with their pictures and old addresses', 'the export file (Settings → Labs → Export your content in Ghost)')
    .requiredOption('--site-url <url>', 'the Ghost site’s address (https://…): its links and pictures are read against it')
    .action(async (file: string, flags: ImportFlags & { siteUrl: string }) => runImport(file, flags, async (services, options) => (await load.importGhost()).importGhost(file, services, { ...options, siteUrl: flags.siteUrl })));

  program
    .command('demo')
    .description('load the demo content (the seed story and the Wikinews corpus)')
    .addOption(databaseOption())
    .action(async (flags: DatabaseFlags) => {
      await withServices(flags, async (services) => {
        const { loadDemoContent } = await load.demo();
        const summary = await loadDemoContent(services);
        out(`loaded ${summary.stories} demo stories (${summary.skipped} skipped: no date) in editions ${summary.editions.join(', ')}`);
      });
    });

  const media = program.command('media').description('the picture library');

  media
    .command('add')
    .description('add pictures (JPEG, PNG, WebP, AVIF, still GIF) to the library; prints each one’s id and largest variant’s URL')
    .argument('<files...>', 'picture files')
    .option('--alt <text>', 'alt text: what the picture shows, for readers who cannot see it')
    .option('--credit <text>', 'who took or owns the picture')
    .option('--licence <text>', 'licence or usage terms')
    .option('--caption <text>', 'caption')
    .addOption(databaseOption())
    .action(async (files: string[], flags: DatabaseFlags & { alt?: string; credit?: string; licence?: string; caption?: string }) => {
      await withServices(
        flags,
        async (services, config) => {
          // Variants are made before the command ends: nobody waits for them on the first page view.
          const { addPictureFiles } = await load.media();
          const outcomes = await addPictureFiles(services.media, commandLineActor, files, { alt: flags.alt, credit: flags.credit, licence: flags.licence, caption: flags.caption });
          for (const outcome of outcomes) {
            if (outcome.ok) out(`${outcome.file}: picture ${outcome.picture.id} (${outcome.picture.width}×${outcome.picture.height}) ${config.publicUrl}${outcome.largestPath}`);
            else err(`${outcome.file}: ${outcome.error}`);
          }
          if (outcomes.some((o) => !o.ok)) exitCode = 1;
        },
        { mediaWarm: 'await' },
      );
    });

  const edition = program.command('edition').description('the site’s editions (a language, its script’s direction, its newsroom’s clock)');

  edition
    .command('add')
    .description('add an edition; what is not given comes from the language (a known preset, else its script’s direction, UTC and day-month-year dates)')
    .argument('<code>', 'the edition’s code, the first part of its addresses: "pt", "pt-br"')
    .option('--name <name>', 'the edition’s name as its readers say it (default: the language’s own name)')
    .option('--language <tag>', 'a language tag, like pt or pt-BR (default: the code)')
    .option('--direction <ltr|rtl>', 'left to right or right to left (default: the language’s)')
    .option('--time-zone <zone>', 'the newsroom’s time zone, in which datelines are written (default: UTC)')
    .option('--dateline-format <tokens>', 'Luxon tokens for the dateline (default: EEEE d MMMM yyyy - HH:mm)')
    .option('--date-format <tokens>', 'Luxon tokens for dates in lists (default: d MMMM yyyy)')
    .option('--calendar <name>', 'gregory, persian, islamic-umalqura … (default: the language’s)')
    .option('--digits <name>', 'latn, arab, arabext … (default: the language’s)')
    .addOption(databaseOption())
    .action(async (code: string, flags: DatabaseFlags & { name?: string; language?: string; direction?: string; timeZone?: string; datelineFormat?: string; dateFormat?: string; calendar?: string; digits?: string }) => {
      await withServices(flags, async (services) => {
        const { editionDefaults } = await load.editions();
        const defaults = editionDefaults(code, flags.language);
        const added = await services.editions.create(commandLineActor, code, {
          name: flags.name ?? defaults.name,
          language: flags.language ?? defaults.language,
          // The service refuses anything but ltr and rtl, naming the field.
          direction: (flags.direction ?? defaults.direction) as 'ltr' | 'rtl',
          timeZone: flags.timeZone ?? defaults.timeZone,
          datelineFormat: flags.datelineFormat ?? defaults.datelineFormat,
          dateFormat: flags.dateFormat ?? defaults.dateFormat,
          calendar: flags.calendar ?? defaults.calendar,
          numberingSystem: flags.digits ?? defaults.numberingSystem,
        });
        out(`added the edition ${added.code} “${added.name}” (${added.language}, ${added.direction}, ${added.timeZone}) at /${added.code}/`);
      });
    });

  edition
    .command('list')
    .description('list the editions')
    .addOption(databaseOption())
    .action(async (flags: DatabaseFlags) => {
      await withServices(flags, async (services) => {
        for (const e of services.editions.list()) out(`${e.code}\t${e.name}\t${e.language}\t${e.direction}\t${e.timeZone}`);
      });
    });

  const user = program.command('user').description('newsroom accounts');

  user
    .command('add')
    .description('add a person to the newsroom; without --password they get a one-time password to change at first sign-in')
    .requiredOption('--email <email>', 'their email address (the sign-in name)')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .option('--password <password>', 'their password (it stays in your shell history: prefer the one-time password)')
    .option('--name <name>', 'their name as colleagues know them (default: the part of the email before the @)')
    .addOption(databaseOption())
    .action(async (flags: DatabaseFlags & { email: string; role: string; password?: string; name?: string }) => {
      await withServices(flags, async (services) => {
        const added = await services.users.addUser(commandLineActor, { email: flags.email, role: flags.role, password: flags.password, displayName: flags.name });
        out(`added ${added.user.displayName} <${added.user.email}> as ${added.user.role} (account ${added.user.id})`);
        if (added.oneTimePassword) out(`one-time password, shown only now (to be changed at first sign-in): ${added.oneTimePassword}`);
      });
    });

  user
    .command('reset-password')
    .description('give a person a new one-time password and end their sessions')
    .requiredOption('--email <email>', 'their email address')
    .addOption(databaseOption())
    .action(async (flags: DatabaseFlags & { email: string }) => {
      await withServices(flags, async (services) => {
        const reset = await services.users.resetPassword(commandLineActor, flags.email);
        out(`reset the password of ${reset.user.displayName} <${reset.user.email}>; their sessions have ended`);
        out(`one-time password, shown only now (to be changed at next sign-in): ${reset.oneTimePassword}`);
      });
    });

  program
    .command('setup-code')
    .description('print the one-time code that first-run setup at /admin/setup asks for, while no account exists')
    .addOption(databaseOption())
    .action(async (flags: DatabaseFlags) => {
      await withServices(flags, async (services) => {
        const code = await services.setupCode.find();
        if (code) {
          out(`set-up code: ${code}`);
        } else {
          err('dateline: setup is closed: the site already has an account (add people with dateline user add)');
          exitCode = 1;
        }
      });
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    err(`dateline: ${error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error)}`);
    return 1;
  }
}

/** An import file that cannot be read through, in one line: `:LINE: what is wrong`, or `: no such file`. */
function describeFileError(error: unknown): string {
  if (error instanceof DatelineError && error.code === 'IMPORT_FILE_INVALID') {
    const line = (error as DatelineError & { line?: number }).line;
    return `${line === undefined ? '' : `:${line}`}: ${error.message}; nothing was imported`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return ': no such file';
  if (code === 'EISDIR') return ': is a folder, not a file';
  if (code !== undefined && code.startsWith('E')) return `: cannot be read (${code})`;
  throw error;
}
