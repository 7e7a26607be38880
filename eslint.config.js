import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which part of src may import which (docs/decisions/001-layers.md, docs/where-code-goes.md). Each part lists
 * what it may import; everything else of ours is forbidden to it. All the walls are zones of one
 * `import-x/no-restricted-paths` entry, made here from this table: a later config block cannot cancel an
 * earlier one's zones, as several `no-restricted-imports` blocks for the same files did.
 * test/unit/layer-lint.test.ts lints forbidden imports through this file and expects each to fail.
 */
const parts = {
  'src/errors': { may: [], why: 'the error base and its codes are leaves every layer raises from: they import nothing of ours' },
  'src/config': { may: ['src/errors', 'src/db/schema.ts', 'src/db/database-url.ts'], why: 'configuration is data: it imports nothing of ours but database row types and the DATABASE_URL parser' },
  'src/db': { may: ['src/errors'], why: 'the database layer knows nothing of services, HTTP or views: a migration that needs a service step keeps its own copy' },
  'src/content': { may: ['src/errors'], why: 'the story body model is pure: it imports nothing of ours' },
  'src/modules': { may: ['src/errors', 'src/db', 'src/content', 'src/config'], why: 'modules (services) never import HTTP, views, jobs or the composition root' },
  'src/views': { may: ['src/errors', 'src/content'], why: 'views are pure functions of props: they never touch the database, services or HTTP' },
  'src/http': { may: ['src/errors', 'src/modules', 'src/views', 'src/content', 'src/config', 'src/services.ts'], why: 'HTTP calls services, never the database' },
  'src/admin': { may: ['src/errors', 'src/content'], why: 'the browser islands talk to the admin API only; they import pure code' },
  'src/jobs': { may: ['src/errors', 'src/modules', 'src/content', 'src/config'], why: 'jobs call services, never the database or HTTP' },
  'src/services.ts': { may: ['src/errors', 'src/db', 'src/modules', 'src/content', 'src/config'], why: 'services are built from modules and the database, never from HTTP' },
  'src/app.ts': { may: ['src/errors', 'src/http', 'src/services.ts', 'src/modules', 'src/content', 'src/config'], why: 'the app factory assembles HTTP over services; it never queries the database' },
  'src/main.ts': {
    may: ['src/errors', 'src/app.ts', 'src/services.ts', 'src/http', 'src/jobs', 'src/modules', 'src/content', 'src/config', 'src/db/open-database.ts'],
    why: 'the process entry opens and closes the database; it reads it only through services',
  },
  'src/cli': {
    may: ['src/errors', 'src/main.ts', 'src/services.ts', 'src/modules', 'src/content', 'src/config', 'src/db/open-database.ts', 'src/db/backup.ts'],
    why: 'commands call services; of the database they open, close and back it up only',
  },
};

/** Packages that belong to one part or a few. */
const packages = {
  'better-sqlite3': ['src/db'],
  pg: ['src/db'],
  kysely: ['src/db', 'src/modules'],
  fastify: ['src/http', 'src/app.ts', 'src/main.ts'],
  '@fastify': ['src/http', 'src/app.ts'],
  preact: ['src/views', 'src/http'],
  'preact-render-to-string': ['src/views', 'src/http'],
};

const isWithin = (path, part) => path === part || path.startsWith(`${part}/`);

function layerZones() {
  const zones = [];
  for (const [target, { may, why }] of Object.entries(parts)) {
    for (const other of Object.keys(parts)) {
      if (other === target) continue;
      if (may.some((allowed) => isWithin(other, allowed))) continue;
      const except = may.filter((allowed) => isWithin(allowed, other)).map((allowed) => `.${allowed.slice(other.length)}`);
      zones.push({ target: `./${target}`, from: `./${other}`, except, message: `${target} may not import ${other}: ${why}.` });
    }
  }
  for (const [name, owners] of Object.entries(packages)) {
    const targets = Object.keys(parts).filter((part) => !owners.includes(part));
    zones.push({ target: targets.map((part) => `./${part}`), from: `./node_modules/${name}`, message: `only ${owners.join(', ')} may use ${name}.` });
  }
  return zones;
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'test-results/**', 'bench/results/**', 'audit/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'named exports only' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Script islands run in the browser (bundled by src/http/admin/admin-assets.ts).
    files: ['src/admin/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/**'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      // no-cycle parses the files an import leads to, TypeScript included.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones() }],
      // A circle of imports makes load order matter and hides which module owns what; type-only imports are
      // erased at compile time and do not count.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Vitest loads reporters and configs through their default export.
    files: ['vitest.config.ts', 'eslint.config.js', 'test/support/summary-reporter.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
