import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `file` (relative to the repository) and returns the rules that fired. */
async function rulesBrokenBy(file: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ rule: ruleId, message }));
}

// Each wall of docs/decisions/001-layers.md, tried with an import that crosses it. In flat config one block can
// silently replace another's options for the same rule; these fail if a wall falls that way.
const forbidden = [
  { file: 'src/views/pages/story-page-extra.tsx', code: "import { openDatabase } from '../../db/open-database.ts';\nexport const x = openDatabase;\n", crosses: 'src/db' },
  { file: 'src/views/components/teaser-extra.tsx', code: "import { StoryStore } from '../../modules/stories/story-store.ts';\nexport const x = StoryStore;\n", crosses: 'src/modules' },
  { file: 'src/http/site-extra.ts', code: "import { sql } from 'kysely';\nexport const x = sql;\n", crosses: 'kysely' },
  { file: 'src/http/admin/story-extra.ts', code: "import type { StoryStatus } from '../../db/schema.ts';\nexport type X = StoryStatus;\n", crosses: 'src/db' },
  { file: 'src/modules/stories/story-extra.ts', code: "import * as siteRoutes from '../../http/site-routes.ts';\nexport const x = siteRoutes;\n", crosses: 'src/http' },
  { file: 'src/modules/stories/story-extra.ts', code: "import pg from 'pg';\nexport const x = pg;\n", crosses: 'pg' },
  { file: 'src/content/extra.ts', code: "import { StoryStore } from '../modules/stories/story-store.ts';\nexport const x = StoryStore;\n", crosses: 'src/modules' },
  { file: 'src/db/migrations/099-extra.ts', code: "import { rebuildDiscoveryIndexes } from '../../modules/search/rebuild-discovery-indexes.ts';\nexport const x = rebuildDiscoveryIndexes;\n", crosses: 'src/modules' },
  { file: 'src/jobs/extra.ts', code: "import type { Database } from '../db/schema.ts';\nexport type X = Database;\n", crosses: 'src/db' },
  { file: 'src/admin/extra.island.ts', code: "import { hasGrant } from '../modules/accounts/permissions.ts';\nexport const x = hasGrant;\n", crosses: 'src/modules' },
  { file: 'src/main.ts', code: "import type { Database } from './db/schema.ts';\nexport type X = Database;\n", crosses: 'src/db' },
  { file: 'src/services.ts', code: "import { buildApp } from './app.ts';\nexport const x = buildApp;\n", crosses: 'src/app.ts' },
  { file: 'src/config/extra.ts', code: "import { slugify } from '../content/slug.ts';\nexport const x = slugify;\n", crosses: 'src/content' },
  { file: 'src/errors/extra.ts', code: "import { slugify } from '../content/slug.ts';\nexport const x = slugify;\n", crosses: 'src/content' },
];

describe('lint holds the layers', () => {
  it.each(forbidden)('refuses $crosses in $file', async ({ file, code, crosses }) => {
    const broken = await rulesBrokenBy(file, code);
    expect(broken).toHaveLength(1);
    expect(broken[0]?.rule).toBe('import-x/no-restricted-paths');
    expect(broken[0]?.message).toContain(crosses);
  });

  it('lets each layer import what the decision allows', async () => {
    expect(await rulesBrokenBy('src/http/site-extra.ts', "import { StoryStore } from '../modules/stories/story-store.ts';\nimport type { FastifyInstance } from 'fastify';\nexport const x = StoryStore;\nexport type X = FastifyInstance;\n")).toEqual([]);
    expect(await rulesBrokenBy('src/modules/stories/story-extra.ts', "import { sql } from 'kysely';\nimport type { Database } from '../../db/schema.ts';\nexport const x = sql;\nexport type X = Database;\n")).toEqual([]);
    expect(await rulesBrokenBy('src/main.ts', "import { openDatabase } from './db/open-database.ts';\nexport const x = openDatabase;\n")).toEqual([]);
    expect(await rulesBrokenBy('src/db/extra.ts', "import { DatelineError } from '../errors/dateline-error.ts';\nexport const x = DatelineError;\n")).toEqual([]);
  });

  it('refuses an import circle', async () => {
    // match-count.ts is imported by both engines' indexes, which search-index.ts imports: importing it back closes a circle.
    const broken = await rulesBrokenBy('src/db/search/match-count.ts', "import { searchIndexOf } from './search-index.ts';\nexport const x = searchIndexOf;\n");
    expect(broken.map((b) => b.rule)).toContain('import-x/no-cycle');
  });
});
