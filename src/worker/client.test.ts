import { describe, expect, it } from 'vitest';
import { createClient, type WorkerLike } from './client';
import { dispatch } from './handlers';
import type { Handlers, RequestMessage, ResponseMessage } from './protocol';

/** An in-process worker that answers through `dispatch`, with a per-request delay to reorder replies. */
function fakeWorker(table: Handlers, delayFor: (m: RequestMessage) => number): WorkerLike {
  const listeners: ((e: MessageEvent<ResponseMessage>) => void)[] = [];
  return {
    postMessage(m) {
      setTimeout(() => void dispatch(structuredClone(m), table).then((r) => listeners.forEach((l) => l({ data: r } as MessageEvent<ResponseMessage>))), delayFor(m));
    },
    addEventListener(type: string, l: unknown) {
      if (type === 'message') listeners.push(l as (e: MessageEvent<ResponseMessage>) => void);
    },
    terminate() {},
  };
}

const never = async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'not used' } });
const echoTable = (impl: Handlers['load']): Handlers => ({
  load: impl, analyze: never, 'parcel-detail': never, 'import-read': never, 'import-update': never, 'import-commit': never, 'import-cancel': never, tile: never, 'veil-mask': never, 'veil-ahead': never, 'veil-tile': never, 'picture-colours': never, 'picture-pick': never, 'zone-stats': never, export: never, 'text-ranks': never,
});

describe('worker client', () => {
  it('pairs out-of-order replies with their requests by id', async () => {
    const table = echoTable(async (p) => ({ ok: false, error: { code: 'fetch-failed', message: p.manifestUrl } }));
    const client = createClient(fakeWorker(table, (m) => ('manifestUrl' in m.payload && m.payload.manifestUrl === 'slow' ? 30 : 0)));
    const [a, b] = await Promise.all([client.request('load', { manifestUrl: 'slow' }), client.request('load', { manifestUrl: 'fast' })]);
    expect(a).toMatchObject({ ok: false, error: { message: 'slow' } });
    expect(b).toMatchObject({ ok: false, error: { message: 'fast' } });
  });

  it('turns a thrown handler into an error value, not a rejection', async () => {
    const table = echoTable(async () => {
      throw new Error('boom');
    });
    const orig = console.error;
    console.error = () => {};
    try {
      const r = await createClient(fakeWorker(table, () => 0)).request('load', { manifestUrl: 'x' });
      expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    } finally {
      console.error = orig;
    }
  });

  it('answers an unknown request kind with unknown-request', async () => {
    const r = await dispatch({ id: 9, kind: 'nope' as 'load', payload: { manifestUrl: '' } });
    expect(r).toEqual({ id: 9, result: { ok: false, error: { code: 'unknown-request', message: 'unknown request kind "nope"' } } });
  });

  it('hands a load\'s outline to that request\'s listener only, and none after its answer', async () => {
    const listeners: ((e: MessageEvent<unknown>) => void)[] = [];
    const post = (data: unknown) => listeners.forEach((l) => l({ data } as MessageEvent<unknown>));
    const sent: RequestMessage[] = [];
    const worker: WorkerLike = {
      postMessage: (m) => void sent.push(m),
      addEventListener(type: string, l: unknown) {
        if (type === 'message') listeners.push(l as (e: MessageEvent<unknown>) => void);
      },
      terminate() {},
    };
    const client = createClient(worker);
    const heard: [string, unknown][] = [];
    const outline = (n: number) => ({ display: {}, townLabels: { type: 'FeatureCollection', features: [] }, bounds: [n, 0, n, 0] });
    const a = client.request('load', { manifestUrl: 'a' }, undefined, (o) => void heard.push(['a', o.bounds[0]]));
    const b = client.request('load', { manifestUrl: 'b' }, undefined, (o) => void heard.push(['b', o.bounds[0]]));
    const [ida, idb] = sent.map((m) => m.id);
    post({ id: idb, outline: outline(2) });
    post({ id: ida, outline: outline(1) });
    post({ id: ida, result: { ok: false, error: { code: 'fetch-failed', message: 'a' } } });
    post({ id: ida, outline: outline(3) }); // after a's answer: nobody hears it
    post({ id: idb, result: { ok: false, error: { code: 'fetch-failed', message: 'b' } } });
    await Promise.all([a, b]);
    expect(heard).toEqual([['b', 2], ['a', 1]]);
  });
});
