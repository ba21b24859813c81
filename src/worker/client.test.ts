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
  load: impl, analyze: never, 'parcel-detail': never, 'import-read': never, 'import-update': never, 'import-commit': never, 'import-cancel': never, tile: never, 'veil-mask': never, 'veil-ahead': never, 'veil-tile': never, 'picture-colours': never, 'picture-pick': never, 'zone-stats': never, export: never,
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
});
