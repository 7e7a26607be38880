import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

export interface Stylesheet {
  href: string;
  css: string;
}

/** The stylesheet's URL carries a hash of its content, so browsers may keep it for a year. */
export function loadStylesheet(): Stylesheet {
  const css = readFileSync(new URL('../views/site.css', import.meta.url), 'utf8');
  return { href: `/assets/site.${contentHash(css)}.css`, css };
}

/** A file served from `/assets/` under a content-hashed name. */
export interface StaticAsset {
  href: string;
  contentType: string;
  body: Buffer;
}

/** An image with the pixel size that structured data and OpenGraph ask for. */
export interface ImageAsset extends StaticAsset {
  width: number;
  height: number;
}

/**
 * The publisher's marks: the wordmark as PNG (schema.org publisher logo, OpenGraph fallback image: raster,
 * because most consumers take nothing else) and SVG, and a small square icon for browser tabs and feeds.
 * The PNG is rendered from the SVG by scripts/render-logo.ts.
 */
export interface BrandAssets {
  logo: ImageAsset;
  logoSvg: StaticAsset;
  icon: StaticAsset;
}

export function loadBrandAssets(): BrandAssets {
  const logo = readAsset('dateline-logo.png', 'image/png');
  return {
    logo: { ...logo, ...pngSize(logo.body) },
    logoSvg: readAsset('dateline-logo.svg', 'image/svg+xml'),
    icon: readAsset('dateline-icon.svg', 'image/svg+xml'),
  };
}

function readAsset(file: string, contentType: string): StaticAsset {
  const body = readFileSync(new URL(`../views/assets/${file}`, import.meta.url));
  const dot = file.lastIndexOf('.');
  return { href: `/assets/${file.slice(0, dot)}.${contentHash(body)}${file.slice(dot)}`, contentType, body };
}

/** Width and height from a PNG's IHDR chunk, which the format puts first. */
function pngSize(png: Buffer): { width: number; height: number } {
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('the logo is not a PNG file');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function contentHash(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

/** Hashed names change with the content, so every asset may be kept for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function registerAssetRoutes(app: FastifyInstance, stylesheet: Stylesheet, brand: BrandAssets): void {
  app.get(stylesheet.href, async (_request, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', IMMUTABLE).send(stylesheet.css),
  );
  for (const asset of [brand.logo, brand.logoSvg, brand.icon]) {
    app.get(asset.href, async (_request, reply) => reply.header('content-type', asset.contentType).header('cache-control', IMMUTABLE).send(asset.body));
  }
}
