import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DatelineError } from '../../errors/dateline-error.ts';
import { commandLineActor } from '../accounts/account-types.ts';
import type { UserService } from '../accounts/user-service.ts';
import { linkBylineToAccount } from '../stories/story-store.ts';

/** The role of an account made for an imported author: they write and submit, as they did on the old site. */
export const IMPORTED_STAFF_ROLE = 'author';

/** An author of the old site, as its export names them. */
export interface SourceAuthor {
  /** Their byline: the name stories show. */
  name: string;
  email: string;
}

export type StaffOutcome =
  | { kind: 'created' | 'linked'; name: string; email: string; isBylineLinked: boolean; isDryRun: boolean }
  | { kind: 'no-account'; name: string; reason: string };

export interface StaffImportDeps {
  database: { db: Kysely<Database> };
  users: UserService;
}

/**
 * `--create-staff`: each author of the export gets a staff account (role author) without a password, and
 * their byline is linked to it. Nobody can sign in to such an account until an admin resets its password
 * (a one-time password, changed at first sign-in). An account that already has the email is linked as it is,
 * never changed, so a second run adds nobody.
 */
export async function importStaff(authors: readonly SourceAuthor[], deps: StaffImportDeps, isDryRun: boolean): Promise<StaffOutcome[]> {
  // First-run setup stays open only while the site has no account at all: authors' accounts made before an
  // owner's would close it, and none of them can sign in.
  if (!(await deps.users.hasActiveOwner())) {
    throw new DatelineError('IMPORT_STAFF_BEFORE_OWNER', 'the site has no owner yet: finish setup at /admin/setup (or `dateline user add --role owner`) before --create-staff; nothing was imported');
  }
  const outcomes: StaffOutcome[] = [];
  const seen = new Set<string>();
  for (const author of authors) {
    const name = author.name.trim();
    const email = author.email.trim();
    if (name === '') continue;
    if (email === '') {
      outcomes.push({ kind: 'no-account', name, reason: 'the export gives no email address for them' });
      continue;
    }
    if (seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    try {
      if (isDryRun) {
        const existing = await deps.users.findByEmail(email);
        outcomes.push({ kind: existing ? 'linked' : 'created', name, email: existing?.email ?? email, isBylineLinked: false, isDryRun: true });
        continue;
      }
      const { user, isNew } = await deps.users.addWithoutPassword(commandLineActor, { email, displayName: name, role: IMPORTED_STAFF_ROLE }, 'import');
      const isBylineLinked = await deps.database.db.transaction().execute((trx) => linkBylineToAccount(trx, name, user.id));
      outcomes.push({ kind: isNew ? 'created' : 'linked', name, email: user.email, isBylineLinked, isDryRun: false });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcomes.push({ kind: 'no-account', name, reason: message.split('\n')[0] ?? message });
    }
  }
  return outcomes;
}
