/**
 * The work of the hash thread (entry hash.thread.ts): SHA-256 of the bytes or file it is handed. Chromium's
 * `crypto.subtle.digest` runs on the calling thread (0.3–0.5 s per 51 MB here, about 0.7 s for a 100k
 * parcel Shapefile's 100 MB), so the import's worker parses while this thread hashes.
 */
import { sha256Hex } from '../io/loader/inputs';

export interface ToHashThread {
  id: number;
  /** Bytes (a copy: the sender still parses them) or a picked file (cloned by reference, read here). */
  data: Uint8Array | Blob;
}

export type FromHashThread = { id: number; sha256: string } | { id: number; error: string };

export async function hashWork(m: ToHashThread): Promise<FromHashThread> {
  try {
    const bytes = m.data instanceof Uint8Array ? m.data : new Uint8Array(await m.data.arrayBuffer());
    return { id: m.id, sha256: await sha256Hex(bytes) };
  } catch (e) {
    return { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
}
