import { pictureFiles, uploadPicture, type UploadOutcome } from './upload-pictures.ts';

/**
 * The picture library's script island. The upload form works without it (one multipart post); with it,
 * pictures can also be dropped on the form or pasted, each file is sent on its own with its progress
 * shown and announced, and a click on a picture's preview sets its focal point.
 */

const csrfToken = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
const form = document.querySelector<HTMLFormElement>('form[data-media-upload]');
if (form) enhanceUpload(form);
const picker = document.querySelector<HTMLElement>('[data-focal-picker]');
if (picker) enhanceFocalPicker(picker);

function enhanceUpload(uploadForm: HTMLFormElement): void {
  const zone = uploadForm.querySelector<HTMLElement>('[data-drop-zone]');
  const input = uploadForm.querySelector<HTMLInputElement>('input[type="file"]');
  const progress = uploadForm.querySelector<HTMLUListElement>('[data-upload-progress]');
  const fields = () => {
    const out: Record<string, string> = {};
    for (const name of ['alt', 'credit', 'licence']) out[name] = uploadForm.querySelector<HTMLInputElement>(`[name="${name}"]`)?.value ?? '';
    return out;
  };

  async function send(files: File[]): Promise<void> {
    if (files.length === 0 || !progress) return;
    const outcomes: UploadOutcome[] = [];
    for (const file of files) {
      const line = document.createElement('li');
      const bar = document.createElement('progress');
      bar.max = 100;
      bar.value = 0;
      const label = document.createElement('span');
      label.textContent = `${file.name}: 0%`;
      bar.setAttribute('aria-label', file.name);
      line.append(label, ' ', bar);
      progress.append(line);
      const outcome = await uploadPicture(uploadForm.action, file, fields(), csrfToken, (percent) => {
        bar.value = percent;
        label.textContent = `${file.name}: ${percent}%`;
      });
      if ('picture' in outcome) label.textContent = `${file.name}: uploaded`;
      else {
        line.classList.add('field-error');
        label.textContent = `${file.name}: ${outcome.error}`;
        bar.remove();
      }
      outcomes.push(outcome);
    }
    const added = outcomes.flatMap((o) => ('picture' in o ? [o.picture] : []));
    // Everything went in: show the new picture (one) or the library (several); otherwise stay with the errors.
    if (added.length === outcomes.length && added.length === 1) window.location.assign(`${added[0]!.href}?notice=uploaded`);
    else if (added.length === outcomes.length) window.location.assign(`${uploadForm.action}?notice=uploaded&count=${added.length}`);
  }

  uploadForm.addEventListener('submit', (event) => {
    const files = pictureFiles(input?.files);
    if (files.length === 0) return;
    event.preventDefault();
    void send(files);
  });
  if (zone) {
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.classList.add('is-dragging');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('is-dragging'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('is-dragging');
      void send(pictureFiles(event.dataTransfer?.files));
    });
  }
  document.addEventListener('paste', (event) => {
    const files = pictureFiles(event.clipboardData?.files);
    if (files.length === 0) return;
    event.preventDefault();
    void send(files);
  });
}

function enhanceFocalPicker(container: HTMLElement): void {
  const image = container.querySelector<HTMLImageElement>('img');
  const x = document.querySelector<HTMLInputElement>('#field-focalX');
  const y = document.querySelector<HTMLInputElement>('#field-focalY');
  if (!image || !x || !y) return;
  const marker = document.createElement('span');
  marker.className = 'focal-marker';
  marker.setAttribute('aria-hidden', 'true');
  container.append(marker);
  const place = () => {
    marker.style.left = `${x.value}%`;
    marker.style.top = `${y.value}%`;
  };
  place();
  image.addEventListener('click', (event) => {
    const box = image.getBoundingClientRect();
    x.value = String(Math.round(((event.clientX - box.left) / box.width) * 100));
    y.value = String(Math.round(((event.clientY - box.top) / box.height) * 100));
    place();
  });
  x.addEventListener('input', place);
  y.addEventListener('input', place);
}
