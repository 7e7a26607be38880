/** One link of an author's public profile. */
export interface ProfileLink {
  label: string;
  url: string;
}

/** A profile's links as stored (JSON); anything unreadable is dropped rather than shown. */
export function parseLinks(text: string): ProfileLink[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((l): l is ProfileLink => typeof l === 'object' && l !== null && typeof (l as ProfileLink).label === 'string' && typeof (l as ProfileLink).url === 'string');
  } catch {
    return [];
  }
}

/**
 * Links as a newsroom form takes them: one a line, a label then the address after the last space.
 * @example readLinkLines('Our website https://example.org') // [{ label: 'Our website', url: 'https://example.org' }]
 */
export function readLinkLines(text: string): ProfileLink[] {
  return text
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const at = line.lastIndexOf(' ');
      return at < 0 ? { label: '', url: line } : { label: line.slice(0, at), url: line.slice(at + 1) };
    });
}
