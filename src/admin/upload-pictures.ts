/**
 * Uploads picture files to the library one request per file, so each shows its own progress; shared by
 * the library page and the story editor. Sends what the library's form sends (the same fields, the same
 * CSRF token), asking for JSON instead of a page.
 */

export interface UploadedPicture {
  id: number;
  fileName: string;
  alt: string;
  credit: string;
  width: number;
  height: number;
  /** The widest uncropped JPEG: what an image block's `src` keeps. */
  src: string;
  href: string;
  thumbnail: string;
}

export type UploadOutcome = { picture: UploadedPicture } | { error: string };

export function uploadPicture(action: string, file: File, fields: Record<string, string>, csrfToken: string, onProgress: (percent: number) => void): Promise<UploadOutcome> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('_csrf', csrfToken);
  form.append('files', file, file.name || 'pasted-picture.png');
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', action);
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('x-csrf-token', csrfToken);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    });
    request.addEventListener('load', () => {
      try {
        const body = JSON.parse(request.responseText) as { pictures?: UploadedPicture[]; errors?: { message: string }[]; detail?: string };
        const picture = body.pictures?.[0];
        if (picture) resolve({ picture });
        else resolve({ error: body.errors?.[0]?.message ?? body.detail ?? `The upload failed (${request.status}).` });
      } catch {
        resolve({ error: `The upload failed (${request.status}).` });
      }
    });
    request.addEventListener('error', () => resolve({ error: 'The upload failed: the connection was lost.' }));
    request.send(form);
  });
}

/** Image files among dropped or pasted items. */
export function pictureFiles(list: FileList | null | undefined): File[] {
  return [...(list ?? [])].filter((file) => file.type === '' || file.type.startsWith('image/'));
}
