import { describe, expect, it } from 'vitest';
import { fakeDataset } from '../state/fake-dataset.test-helper';
import { createClient, type WorkerLike } from './client';
import { createHandlers, dispatch, wireResponse } from './handlers';
import type { RequestMessage, ResponseMessage } from './protocol';
import { fromWire, isWireDataset, toWire } from './records-wire';

describe('parcel records over the worker boundary', () => {
  it('come back equal, in fid order, from JSON chunks parsed one per pause', async () => {
    const d = fakeDataset(12);
    d.parcels[3]!.taxPerMu = 12.5;
    d.parcels[7]!.attributes = { parcelId: '温州-7', enterpriseName: '瓯海"鞋业"' } as typeof d.parcels[7]['attributes'];
    const w = toWire(d, 5);
    expect(w.parcels).toEqual([]);
    expect(w.parcelChunks).toHaveLength(3);
    expect(isWireDataset(w)).toBe(true);
    expect(isWireDataset(d)).toBe(false);
    let pauses = 0;
    const back = await fromWire(structuredClone(w, { transfer: w.parcelChunks }), async () => void pauses++);
    expect(pauses).toBe(3);
    expect(back).toEqual(d);
    expect('parcelChunks' in back).toBe(false);
  });

  it('a load answered as the worker sends it (records in transferred chunks) reaches the caller whole', async () => {
    const d = fakeDataset(7);
    const table = { ...createHandlers(), load: async () => ({ ok: true as const, value: d }) };
    const listeners: ((e: MessageEvent<ResponseMessage>) => void)[] = [];
    let sent: ResponseMessage | null = null;
    const worker: WorkerLike = {
      postMessage(m: RequestMessage) {
        void dispatch(structuredClone(m), table).then((r) => {
          const { response, transfer } = wireResponse(m, r);
          sent = structuredClone(response, { transfer });
          listeners.forEach((l) => l({ data: sent } as MessageEvent<ResponseMessage>));
        });
      },
      addEventListener(type: string, l: unknown) {
        if (type === 'message') listeners.push(l as (e: MessageEvent<ResponseMessage>) => void);
      },
      terminate() {},
    };
    const r = await createClient(worker).request('load', { manifestUrl: 'x' });
    expect(sent!.result.ok && isWireDataset(sent!.result.value)).toBe(true);
    expect(r).toEqual({ ok: true, value: d });
  });
});
