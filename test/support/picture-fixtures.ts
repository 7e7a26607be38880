import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Pictures made for tests, including the bad ones an upload form meets: each says what it pretends to be
 * and what it is.
 */

/** The secrets a camera writes into a photo, which must never reach the public. */
export const cameraSecrets = { serial: 'SN-SECRET-12345', make: 'Dateline Test Camera' } as const;

/**
 * A JPEG photo as a phone writes it: GPS position, camera make and serial in its EXIF, and stored on its
 * side (orientation 6), so that it only looks right once turned: 600 × 400 stored, 400 × 600 shown.
 */
export async function photoWithGps(options: { width?: number; height?: number } = {}): Promise<Buffer> {
  const width = options.width ?? 600;
  const height = options.height ?? 400;
  // Left half red, right half blue: after turning a quarter clockwise, the top is red and the bottom blue.
  const half = Math.floor(width / 2);
  const red = await sharp({ create: { width: half, height, channels: 3, background: '#cc2222' } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#2244cc' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: cameraSecrets.make },
      IFD2: { BodySerialNumber: cameraSecrets.serial },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3900/100' },
    })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Whether an EXIF block carries a GPS directory (tag 0x8825, in either byte order). */
export function hasGpsDirectory(exif: Buffer | undefined): boolean {
  return exif !== undefined && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}

export async function plainJpeg(width = 800, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#557799' } }).jpeg({ quality: 85 }).toBuffer();
}

export async function plainPng(width = 320, height = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 10, g: 120, b: 60, alpha: 0.5 } } }).png().toBuffer();
}

/** A real JPEG cut off after half its bytes, as an interrupted transfer leaves it. */
export async function truncatedJpeg(): Promise<Buffer> {
  const noisy = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer();
  return noisy.subarray(0, Math.floor(noisy.length / 2));
}

/** A PDF document (a file someone renamed to `.jpg`). */
export function pdfDocument(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
}

/** An SVG drawing carrying a script. */
export function svgWithScript(): Buffer {
  return Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script><rect width="100" height="100" fill="red"/></svg>\n');
}

/**
 * A valid PNG of 30,000 × 30,000 pixels (900 megapixels) that is only about 100 KB on disk: one bit a pixel,
 * all black, so it compresses to almost nothing — a decompression bomb.
 */
export function pngBomb(side = 30_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rowBytes = 1 + Math.ceil(side / 8);
  const pixels = deflateSync(Buffer.alloc(rowBytes * side), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** An animated GIF of two frames. */
export async function animatedGif(): Promise<Buffer> {
  const frame = (colour: string) => sharp({ create: { width: 40, height: 40, channels: 3, background: colour } }).png().toBuffer();
  return sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } }).gif().toBuffer();
}
