/** Saves `text` as a file through a blob: URL (same origin, no request leaves the page). */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `tenglong-ledger-<dataset>-<YYYY-MM-DD>.<ext>` */
export const ledgerFileName = (dataset: string, ext: string, today = new Date()): string =>
  `tenglong-ledger-${dataset.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}-${today.toISOString().slice(0, 10)}.${ext}`;
