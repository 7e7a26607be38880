/**
 * Pictures (issue 11): how long a 12-megapixel camera JPEG takes from upload to ready, and how many bytes
 * of the story page's lead picture a 375-px-wide phone at DPR 2 downloads. A script that prints figures.
 *
 *   npm run bench:pictures
 *   BENCH_ROUNDS=1 npm run bench:pictures   one upload instead of three (the median is reported)
 *
 * The photo is the demo's rocket launch (corpus/images/) enlarged to 4000 × 3000 with sensor-like grain, so
 * that it compresses like a real camera file rather than a flat test card. SQLite in a temp folder.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { commandLineActor } from '../src/modules/accounts/account-types.ts';
import { heightFor, variantPath, widthsFor } from '../src/modules/media/index.ts';
import { placements } from '../src/http/picture-presenter.ts';
import { createServices } from '../src/services.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

async function twelveMegapixelPhoto(): Promise<Buffer> {
  const base = await sharp(await readFile(path.join(repoRoot, 'corpus/images/rocket.jpg'))).resize(4000, 3000, { fit: 'cover' }).raw().toBuffer({ resolveWithObject: true });
  const grain = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 6 } } }).raw().toBuffer();
  const pixels = Buffer.alloc(base.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.max(0, Math.min(255, base.data[i]! + grain[i]! - 128));
  return sharp(pixels, { raw: { width: 4000, height: 3000, channels: 3 } })
    .withExifMerge({ IFD0: { Make: 'Bench Camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** The width a browser takes from a srcset for `cssWidth` CSS pixels at `dpr`: the smallest at least as wide. */
function chosenWidth(widths: number[], cssWidth: number, dpr: number): number {
  const needed = cssWidth * dpr;
  return widths.find((w) => w >= needed) ?? widths[widths.length - 1]!;
}

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'dateline-bench-pictures-'));
  const database = await openDatabase(parseDatabaseUrl(`sqlite:${path.join(folder, 'bench.db')}`));
  try {
    const services = await createServices(database, { mediaWarm: 'none' });
    const photo = await twelveMegapixelPhoto();
    console.log(`source: 4000 × 3000 JPEG, ${(photo.length / 1024 / 1024).toFixed(1)} MB, with GPS EXIF`);
    const rounds = Number(process.env.BENCH_ROUNDS ?? '3');
    const uploads: number[] = [];
    const warms: number[] = [];
    let picture;
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      picture = await services.media.add(commandLineActor, { bytes: photo, fileName: `bench-${i}.jpg` }, { alt: 'A rocket launch', credit: 'SpaceX' });
      uploads.push(performance.now() - started);
      const warmStarted = performance.now();
      await services.media.warmVariants(picture);
      warms.push(performance.now() - warmStarted);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`upload to ready (checked, cleaned master stored; pages can link it): median ${median(uploads).toFixed(0)} ms of ${rounds}`);
    console.log(`then every uncropped and 16:9 variant made (2 crops × ${widthsFor(picture!, 'original').length} widths × 3 formats): median ${median(warms).toFixed(0)} ms`);

    const lead = placements.storyLead;
    const widths = widthsFor(picture!, lead.crop);
    const width = chosenWidth(widths, 375, 2);
    console.log(`375-px phone at DPR 2, story lead (sizes="${lead.sizes}") takes the ${width} × ${heightFor(picture!, lead.crop, width)} file:`);
    for (const format of ['avif', 'webp', 'jpeg'] as const) {
      const name = variantPath(picture!, lead.crop, width, format).split('/').pop()!;
      const variant = await services.media.findVariant(picture!.id, name);
      console.log(`  ${format.padEnd(4)} ${((variant?.bytes.length ?? 0) / 1024).toFixed(1)} KB`);
    }
  } finally {
    await database.close();
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
