import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { negotiate } from './cached-pages.ts';

export interface Stylesheet {
  href: string;
  css: string;
  /** The font files its `@font-face` rules name, and their licences. */
  fonts: StaticAsset[];
}

/** One typeface from an `@fontsource` package: which script subsets, weights and styles the site declares. */
interface Typeface {
  packageName: string;
  family: string;
  subsets: string[];
  faces: Array<{ weight: 400 | 700; style: 'normal' | 'italic' }>;
}

/**
 * The site's typefaces (docs/decisions/014-type-and-page-grid.md). Each face is split by script with
 * `unicode-range`, and a browser fetches a file only when the page shows a character of its range in that
 * weight and style: an English page loads the Latin serif only, a Persian page the Arabic-script face only.
 */
const TYPEFACES: Typeface[] = [
  {
    packageName: '@fontsource/source-serif-4',
    family: 'Source Serif 4',
    subsets: ['latin', 'latin-ext'],
    faces: [
      { weight: 400, style: 'normal' },
      { weight: 400, style: 'italic' },
      { weight: 700, style: 'normal' },
      { weight: 700, style: 'italic' },
    ],
  },
  { packageName: '@fontsource/vazirmatn', family: 'Vazirmatn', subsets: ['arabic'], faces: [{ weight: 400, style: 'normal' }, { weight: 700, style: 'normal' }] },
];

const requireFromHere = createRequire(import.meta.url);

/**
 * The stylesheet with its `@font-face` rules first. The fonts and the stylesheet carry hashes of their
 * content in their URLs, so browsers may keep them for a year.
 */
export function loadStylesheet(): Stylesheet {
  const fonts: StaticAsset[] = [];
  const rules: string[] = [];
  for (const face of TYPEFACES) {
    const fileStem = face.packageName.split('/')[1] ?? face.packageName;
    const ranges = JSON.parse(readFileSync(requireFromHere.resolve(`${face.packageName}/unicode.json`), 'utf8')) as Record<string, string>;
    const licence = hashedAsset(`fonts/${fileStem}-licence.txt`, 'text/plain; charset=utf-8', readFileSync(requireFromHere.resolve(`${face.packageName}/LICENSE`)));
    fonts.push(licence);
    rules.push(`/* ${face.family}: SIL Open Font License 1.1, copyright notice and licence at ${licence.href} */`);
    for (const subset of face.subsets) {
      const range = ranges[subset];
      if (range === undefined) throw new Error(`${face.packageName} has no ${subset} subset`);
      for (const { weight, style } of face.faces) {
        const file = `${fileStem}-${subset}-${weight}-${style}.woff2`;
        const font = hashedAsset(`fonts/${file}`, 'font/woff2', readFileSync(requireFromHere.resolve(`${face.packageName}/files/${file}`)));
        fonts.push(font);
        rules.push(
          `@font-face { font-family: '${face.family}'; font-style: ${style}; font-weight: ${weight}; font-display: swap; src: url(${font.href}) format('woff2'); unicode-range: ${range}; }`,
        );
      }
    }
  }
  const css = `${rules.join('\n')}\n${readFileSync(new URL('../views/site.css', import.meta.url), 'utf8')}`;
  return { href: `/assets/site.${contentHash(css)}.css`, css, fonts };
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
  return hashedAsset(file, contentType, readFileSync(new URL(`../views/assets/${file}`, import.meta.url)));
}

/** `/assets/{name}.{hash}.{extension}`: a new file is a new URL. */
function hashedAsset(file: string, contentType: string, body: Buffer): StaticAsset {
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
  // The stylesheet is on every first visit's critical path: compressed once here, as kept pages are.
  const encoded = { br: brotliCompressSync(stylesheet.css, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }), gzip: gzipSync(stylesheet.css, { level: 9 }) };
  app.get(stylesheet.href, async (request, reply) => {
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', IMMUTABLE).header('vary', 'Accept-Encoding');
    const encoding = negotiate(request.headers['accept-encoding']);
    if (encoding === 'identity') return reply.send(stylesheet.css);
    return reply.header('content-encoding', encoding).send(encoded[encoding]);
  });
  for (const asset of [brand.logo, brand.logoSvg, brand.icon, ...stylesheet.fonts]) {
    app.get(asset.href, async (_request, reply) => reply.header('content-type', asset.contentType).header('cache-control', IMMUTABLE).send(asset.body));
  }
}
