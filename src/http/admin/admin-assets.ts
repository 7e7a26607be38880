import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
 * Bundles an island (with its libraries, e.g. Tiptap) into one classic script, in memory, once per
 * process: servers build it at start, so there is no build step to forget and no stale file to serve.
 * Pages load it with `<script defer>` (AdminLayout's `head.scriptHrefs`); the CSP allows only such files.
 * @example const editor = await loadIslandScript('editor') // { href: '/admin/assets/editor.3f2a….js', js: '…' }
 */
export function loadIslandScript(name: string): Promise<IslandScript> {
  let pending = islands.get(name);
  if (!pending) {
    pending = bundleIsland(name);
    islands.set(name, pending);
    // A failed build is not remembered: the next server start (or test) tries again.
    pending.catch(() => islands.delete(name));
  }
  return pending;
}

async function bundleIsland(name: string): Promise<IslandScript> {
  // Loaded only when a page needs an island: the reader site never pays for esbuild.
  const { build } = await import('esbuild');
  const entry = fileURLToPath(new URL(`../../admin/${name}.island.ts`, import.meta.url));
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
  if (js === undefined) throw new Error(`esbuild produced nothing for the ${name} island`);
  const hash = createHash('sha256').update(js).digest('hex').slice(0, 12);
  return { href: `/admin/assets/${name}.${hash}.js`, js };
}
