import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Which layer may import which (docs/decisions/001-layers.md): lint holds the arrows, not memory. */
const layerRules = [
  {
    files: ['src/views/**'],
    patterns: [{ group: ['**/db/**', '**/modules/**', '**/http/**', '**/services.ts'], message: 'views get props; they never touch the database, services or HTTP' }],
  },
  {
    files: ['src/http/**'],
    patterns: [{ group: ['**/db/open-database.ts', '**/db/migrations/**', 'kysely', 'better-sqlite3', 'pg'], message: 'HTTP calls services, never the database' }],
  },
  {
    files: ['src/modules/**', 'src/content/**'],
    patterns: [{ group: ['**/http/**', '**/views/**', 'fastify'], message: 'modules never import HTTP or views' }],
  },
  {
    files: ['src/admin/**'],
    patterns: [{ group: ['**/db/**', '**/modules/**', '**/http/**', '**/views/**', '**/services.ts', 'fastify', 'kysely'], message: 'the browser UI talks to the admin API only' }],
  },
  {
    files: ['src/modules/**', 'src/content/**', 'src/http/**', 'src/views/**'],
    patterns: [{ group: ['better-sqlite3', 'pg'], message: 'only src/db knows which engine it is on' }],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'test-results/**', 'bench/results/**', 'audit/**'] },
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
  ...layerRules.map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } })),
  {
    // Vitest loads reporters and configs through their default export.
    files: ['vitest.config.ts', 'eslint.config.js', 'test/support/summary-reporter.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
