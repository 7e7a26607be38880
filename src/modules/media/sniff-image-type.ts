/** The image types the library accepts, named as sharp names them (AVIF is sharp's `heif` with AV1). */
export type AcceptedImageType = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

/**
 * What a file is by its first bytes, whatever its name or the browser says: only the accepted types are
 * recognized, so SVG, PDF, HTML and everything else never reach the image decoder.
 * @example sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])) // 'jpeg'
 */
export function sniffImageType(head: Uint8Array): AcceptedImageType | undefined {
  const ascii = (start: number, end: number) => String.fromCharCode(...head.subarray(start, end));
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head[0] === 0x89 && ascii(1, 4) === 'PNG' && head[4] === 0x0d && head[5] === 0x0a && head[6] === 0x1a && head[7] === 0x0a) return 'png';
  if (head.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  // ISO base media: a `ftyp` box whose major or compatible brands name AVIF.
  if (head.length >= 16 && ascii(4, 8) === 'ftyp') {
    const boxSize = Math.min(head.length, ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0);
    for (let at = 8; at + 4 <= boxSize; at += 4) {
      if (at === 12) continue; // the minor version, not a brand
      const brand = ascii(at, at + 4);
      if (brand === 'avif' || brand === 'avis') return 'avif';
    }
  }
  return undefined;
}
