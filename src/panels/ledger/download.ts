import { saveFile } from '../save-file';

/** Saves `text` as a file (see panels/save-file.ts). */
export const downloadText = (name: string, text: string, type: string): void => saveFile(text, name, type);

/** `tenglong-ledger-<dataset>-<YYYY-MM-DD>.<ext>` */
export const ledgerFileName = (dataset: string, ext: string, today = new Date()): string =>
  `tenglong-ledger-${dataset.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}-${today.toISOString().slice(0, 10)}.${ext}`;
