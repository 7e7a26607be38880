import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface AdminStylesheet {
  /** Under /admin/assets/, with a hash of the content: browsers may keep it for a year. */
  href: string;
  css: string;
}

export function loadAdminStylesheet(): AdminStylesheet {
  const css = readFileSync(new URL('../../views/admin/admin.css', import.meta.url), 'utf8');
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
  return { href: `/admin/assets/admin.${hash}.css`, css };
}

/** A browser script built from `src/admin/<name>.island.ts`, served under /admin/assets/ with a content hash. */
export interface IslandScript {
  href: string;
  js: string;
}

const islands = new Map<string, Promise<IslandScript>>();

/**
 * An island's script: the bundle `npm run build` wrote beside the compiled server (dist/admin/NAME.island.js)
 * when there is one, else bundled from its source with esbuild, in memory. Once per process either way.
 * Compiled, this file sits in dist/http/admin/ and `../../admin/` is dist/admin/, where the bundles are;
 * run from its source, it is src/admin/, where the islands' sources are and no bundle ever is.
 * Pages load it with `<script defer>` (AdminLayout's `head.scriptHrefs`); the CSP allows only such files.
 * @example const editor = await loadIslandScript('editor') // { href: '/admin/assets/editor.3f2a….js', js: '…' }
 */
export function loadIslandScript(name: string): Promise<IslandScript> {
  let pending = islands.get(name);
  if (!pending) {
    pending = readOrBundleIsland(name);
    islands.set(name, pending);
    // A failed build is not remembered: the next server start (or test) tries again.
    pending.catch(() => islands.delete(name));
  }
  return pending;
}

async function readOrBundleIsland(name: string): Promise<IslandScript> {
  const folder = new URL('../../admin/', import.meta.url);
  let js: string;
  try {
    js = await readFile(new URL(`${name}.island.js`, folder), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    js = await bundleIsland(fileURLToPath(new URL(`${name}.island.ts`, folder)));
  }
  const hash = createHash('sha256').update(js).digest('hex').slice(0, 12);
  return { href: `/admin/assets/${name}.${hash}.js`, js };
}

/**
 * Bundles the island at `entry` (with its libraries, e.g. Tiptap) into one minified classic script. The
 * server calls it when it runs from source; `npm run build` calls it for every island.
 * @example const js = await bundleIsland('/srv/dateline/src/admin/editor.island.ts')
 */
export async function bundleIsland(entry: string): Promise<string> {
  // Loaded only when there is no prebuilt bundle: a compiled server never pays for esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    write: false,
    charset: 'utf8',
    // Libraries' licence comments travel with the bundle, at its end.
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const js = result.outputFiles[0]?.text;
  if (js === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return js;
}
