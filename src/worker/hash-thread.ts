/**
 * The analysis worker's side of the hash thread (hash-thread-work.ts): an import's files are hashed there
 * while they are parsed here. Anything the thread cannot answer (no Worker here, it failed to start or
 * crashed, an error) is hashed here instead, so the identity is the same either way.
 */
import { sha256Hex } from '../io/loader/inputs';
import type { FromHashThread, ToHashThread } from './hash-thread-work';

/** What the thread is to this side: a Worker, or in tests a port whose other end runs hashWork. */
export interface HashPort {
  postMessage(m: ToHashThread, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<FromHashThread>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: () => void): void;
  terminate(): void;
}

export interface Hasher {
  /** SHA-256 hex of `data` (bytes are copied to the thread: the caller keeps using them). */
  sha256(data: Uint8Array | Blob): Promise<string>;
  /** Ends the thread; what it has not answered is hashed here. */
  stop(): void;
}

const newWorker = (): HashPort | null =>
  typeof Worker === 'undefined' ? null : (new Worker(new URL('./hash.thread.ts', import.meta.url), { type: 'module', name: 'hash' }) as unknown as HashPort);

const hashHere = async (data: Uint8Array | Blob): Promise<string> => sha256Hex(data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer()));

/** A hasher that uses a thread when one can run, else hashes on the calling thread. */
export function startHashThread(make: () => HashPort | null = newWorker): Hasher {
  let port: HashPort | null;
  try {
    port = make();
  } catch {
    port = null;
  }
  if (!port) return { sha256: hashHere, stop: () => undefined };
  const thread = port;
  let nextId = 1;
  let broken = false;
  const waiting = new Map<number, { data: Uint8Array | Blob; settle: (p: Promise<string>) => void }>();
  /** Every unanswered request is hashed here; so is each later one. */
  const fallBack = () => {
    broken = true;
    for (const w of waiting.values()) w.settle(hashHere(w.data));
    waiting.clear();
  };
  thread.addEventListener('message', (e) => {
    const w = waiting.get(e.data.id);
    if (!w) return;
    waiting.delete(e.data.id);
    w.settle('sha256' in e.data ? Promise.resolve(e.data.sha256) : hashHere(w.data));
  });
  thread.addEventListener('error', fallBack);
  thread.addEventListener('messageerror', fallBack);
  return {
    sha256(data) {
      if (broken) return hashHere(data);
      const id = nextId++;
      // Bytes are copied here and the copy moved: a memcpy, where cloning them in postMessage took ~10× longer.
      const sent = data instanceof Uint8Array ? data.slice() : data;
      return new Promise<string>((resolve, reject) => {
        waiting.set(id, { data, settle: (p) => p.then(resolve, reject) });
        thread.postMessage({ id, data: sent }, sent instanceof Uint8Array ? [sent.buffer] : []);
      });
    },
    stop() {
      if (broken) return;
      fallBack();
      thread.terminate();
    },
  };
}
