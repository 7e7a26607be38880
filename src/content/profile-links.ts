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
