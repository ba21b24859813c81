/**
 * The hash thread (run here at the other end of a MessageChannel, as the browser runs it in a Worker)
 * gives the hashes `sha256Hex` gives, for bytes and for a picked file; a thread that fails, or never
 * starts, leaves the hashing to the caller with the same answers; and an import's identity is the same
 * with the thread as without it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../io/loader';
import { inputFromBytes } from '../io/source';
import { startHashThread, type HashPort } from './hash-thread';
import { hashWork, type FromHashThread, type ToHashThread } from './hash-thread-work';

const nodeSha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** hash.thread.ts's work on a MessageChannel; `fail` makes the thread error out after `fail` answers. */
function fakePort(seen: ToHashThread[], fail?: number): HashPort {
  const channel = new MessageChannel();
  const errors: (() => void)[] = [];
  let answered = 0;
  channel.port2.onmessage = (e: MessageEvent<ToHashThread>) => {
    seen.push(e.data);
    if (fail !== undefined && answered >= fail) return void errors.forEach((f) => f());
    answered++;
    void hashWork(e.data).then((a) => channel.port2.postMessage(a));
  };
  return {
    postMessage: (m, transfer) => channel.port1.postMessage(m, transfer),
    addEventListener(type: string, listener: (e: MessageEvent<FromHashThread>) => void) {
      if (type === 'message') channel.port1.onmessage = listener;
      else errors.push(() => listener(undefined as never));
    },
    terminate: () => channel.port1.close(),
  } as HashPort;
}

const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff);

describe('hash thread', () => {
  it('hashes bytes and picked files as SHA-256, in the thread', async () => {
    const seen: ToHashThread[] = [];
    const hasher = startHashThread(() => fakePort(seen));
    const a = bytes(100_000, 1), b = bytes(3, 2);
    const file = new Blob([bytes(5000, 3) as Uint8Array<ArrayBuffer>]);
    const [ha, hb, hf] = await Promise.all([hasher.sha256(a), hasher.sha256(b), hasher.sha256(file)]);
    expect([ha, hb, hf]).toEqual([nodeSha(a), nodeSha(b), nodeSha(bytes(5000, 3))]);
    expect(seen.map((m) => (m.data instanceof Uint8Array ? m.data.length : 'blob'))).toEqual([100_000, 3, 'blob']);
    hasher.stop();
  });

  it('hashes here what a failed thread did not answer, and everything after', async () => {
    const seen: ToHashThread[] = [];
    const hasher = startHashThread(() => fakePort(seen, 1));
    const inputs = [bytes(10, 1), bytes(20, 2), bytes(30, 3)];
    expect(await Promise.all(inputs.map((x) => hasher.sha256(x)))).toEqual(inputs.map(nodeSha));
    expect(await hasher.sha256(bytes(40, 4))).toBe(nodeSha(bytes(40, 4)));
    expect(seen.length).toBeLessThan(4); // the last one was never sent to the broken thread
    expect(await startHashThread(() => null).sha256(bytes(7, 7))).toBe(nodeSha(bytes(7, 7)));
    expect(await startHashThread(() => { throw new Error('no workers'); }).sha256(bytes(7, 7))).toBe(nodeSha(bytes(7, 7)));
  });

  it('gives an import the same identity and file hashes as hashing in the loader', async () => {
    const json = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { DKBH: 'A1' }, geometry: { type: 'Polygon', coordinates: [[[500000, 3100000], [500100, 3100000], [500100, 3100100], [500000, 3100000]]] } }] }));
    const seen: ToHashThread[] = [];
    const hasher = startHashThread(() => fakePort(seen));
    const threaded = await readInputs([inputFromBytes('地块.geojson', json)], { sha256: (b) => hasher.sha256(b) });
    const here = await readInputs([inputFromBytes('地块.geojson', json)]);
    expect(seen).toHaveLength(1);
    expect(threaded.identity).toEqual(here.identity);
    expect([...threaded.fileHashes]).toEqual([...here.fileHashes]);
    expect(threaded.fileHashes.get('地块.geojson')).toBe(nodeSha(json));
    hasher.stop();
  });
});
