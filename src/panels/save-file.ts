/**
 * Saving a file the app made (exports, ledger and zone files): a same-origin Blob URL on a temporary
 * <a download>, revoked once the browser has it. No request leaves the page.
 */
export function saveFile(data: ArrayBuffer | Uint8Array | string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Today as YYYY-MM-DD in the user's time zone (file names). */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
