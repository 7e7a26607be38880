/**
 * `npm run build`: what `npm start` and `npx dateline` run. Compiles src/ to dist/ with tsc, copies the files
 * the server reads beside its code (stylesheets, logos), and bundles each browser island of src/admin/ once
 * into dist/admin/NAME.island.js, where the compiled server reads it instead of running esbuild at every start.
 * dist/ is made whole again each time, so no file of an older build survives.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleIsland } from '../src/http/admin/admin-assets.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const started = performance.now();

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// Everything in src/ that is neither code nor a tsconfig is read at run time from beside the code.
let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || /\.(ts|tsx)$/.test(entry.name) || entry.name === 'tsconfig.json') continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(dist, relative(src, from));
  mkdirSync(join(to, '..'), { recursive: true });
  cpSync(from, to);
  copied++;
}

const islands = readdirSync(join(src, 'admin')).filter((name) => name.endsWith('.island.ts'));
mkdirSync(join(dist, 'admin'), { recursive: true });
for (const island of islands) {
  writeFileSync(join(dist, 'admin', island.replace(/\.ts$/, '.js')), await bundleIsland(join(src, 'admin', island)));
}
console.log(`built dist/: compiled src/, copied ${copied} files, bundled ${islands.length} islands in ${((performance.now() - started) / 1000).toFixed(1)} s`);
