/**
 * The parcel records cross the worker boundary as JSON text in transferred buffers, a few thousand
 * records per buffer, instead of one structured clone of 100k objects: a structured clone is decoded
 * in ONE main-thread task (seconds at 100k), while these chunks are parsed one per task, so the page
 * keeps answering while a big dataset arrives. Used for `load` and `import-commit` answers only.
 */
import type { LoadedDataset, ParcelRecord } from './protocol';

/** Records per chunk: ~5k records parse in a few tens of ms. */
export const RECORDS_PER_CHUNK = 5000;

/** A dataset whose `parcels` travel as `parcelChunks` (JSON of ParcelRecord[] per chunk). */
export type WireDataset = Omit<LoadedDataset, 'parcels'> & { parcels: []; parcelChunks: ArrayBuffer[] };

export function isWireDataset(v: unknown): v is WireDataset {
  return typeof v === 'object' && v !== null && Array.isArray((v as { parcelChunks?: unknown }).parcelChunks);
}

/** The dataset with its records as JSON chunks; the buffers are to be transferred. */
export function toWire(d: LoadedDataset, perChunk = RECORDS_PER_CHUNK): WireDataset {
  const enc = new TextEncoder();
  const parcelChunks: ArrayBuffer[] = [];
  for (let i = 0; i < d.parcels.length; i += perChunk) parcelChunks.push(enc.encode(JSON.stringify(d.parcels.slice(i, i + perChunk))).buffer as ArrayBuffer);
  return { ...d, parcels: [], parcelChunks };
}

/** Lets the page's event loop run between chunks (a macrotask, so input and rendering get their turn). */
const yieldTask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** The dataset back with its records, parsed one chunk per task. */
export async function fromWire(w: WireDataset, pause: () => Promise<void> = yieldTask): Promise<LoadedDataset> {
  const dec = new TextDecoder();
  const parcels: ParcelRecord[] = [];
  for (const chunk of w.parcelChunks) {
    for (const r of JSON.parse(dec.decode(chunk)) as ParcelRecord[]) parcels.push(r);
    await pause();
  }
  const { parcelChunks: _, ...rest } = w;
  return { ...rest, parcels };
}
