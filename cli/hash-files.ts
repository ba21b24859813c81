/**
 * SHA-256 of files on disk, worked out in a worker thread: the dataset identity needs a hash of every
 * input (~100 MB for the 100k-parcel set, 0.3 s of hashing), which then runs on the second core while
 * the main thread parses the same files.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

/** SHA-256 (hex) of bytes with node:crypto: WebCrypto's digest in Node copies the bytes first and takes ~6× as long. */
export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A file's bytes, read on the first call and shared by every later one (the reader and the hash, no copy). */
export function readOnce(path: string): () => Promise<Uint8Array> {
  let bytes: Promise<Uint8Array> | undefined;
  return () => (bytes ??= readFile(path).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
}

// Each file is read through one 1 MB buffer: reading the 51 MB parcel file whole took ~0.18 s of this
// thread, most of it the first touch of 51 MB of fresh memory, beside a parse that needs both cores.
const HASHER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(1 << 20);
for (const path of workerData) {
  try {
    const hash = createHash('sha256');
    const fd = openSync(path, 'r');
    try {
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    parentPort.postMessage({ path, sha256: hash.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ path, error: String(e) });
  }
}`;

/**
 * Starts hashing `paths` in one worker thread. Each file's function gives the promise of its hash, settled
 * when that file is done. The thread does not keep the process alive (a run that ends early never asks)
 * until a hash is asked for: from then on it does, so a process waiting for nothing else does not end
 * before the hash is in (it ended with exit code 0 and no output).
 */
export function hashFiles(paths: readonly string[]): Map<string, () => Promise<string>> {
  const settle = new Map<string, { resolve: (h: string) => void; reject: (e: Error) => void }>();
  const hashes = new Map<string, Promise<string>>();
  for (const p of new Set(paths)) {
    const hash = new Promise<string>((resolve, reject) => settle.set(p, { resolve, reject }));
    hash.catch(() => undefined); // a run stopped early never asks for it
    hashes.set(p, hash);
  }
  const out = new Map<string, () => Promise<string>>();
  if (settle.size === 0) return out;
  const worker = new Worker(HASHER, { eval: true, workerData: [...settle.keys()] });
  worker.on('message', (m: { path: string; sha256?: string; error?: string }) => {
    const s = settle.get(m.path);
    settle.delete(m.path);
    if (m.sha256) s?.resolve(m.sha256);
    else s?.reject(new Error(m.error));
  });
  const fail = (e: unknown) => {
    for (const s of settle.values()) s.reject(e instanceof Error ? e : new Error(String(e)));
    settle.clear();
  };
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('the hashing thread ended early')));
  worker.unref();
  // The thread ends by itself once every file is hashed.
  for (const [p, hash] of hashes) out.set(p, () => (worker.ref(), hash));
  return out;
}
