import { describe, expect, it, vi } from 'vitest';
import { fakeDataset } from '../state/fake-dataset.test-helper';
import { createClient, type WorkerLike } from './client';
import { createHandlers, dispatch, wireResponse } from './handlers';
import type { RequestMessage, ResponseMessage } from './protocol';
import { fromWire, isWireDataset, toWire, wireTransfer } from './records-wire';

describe('parcel records over the worker boundary', () => {
  it('come back equal, in fid order, from columns rebuilt a chunk per pause', async () => {
    const d = fakeDataset(12);
    d.parcels[3]!.taxPerMu = 12.5;
    d.parcels[4]!.registeredAreaDiff = { diffMu: -0.25, ratio: -0.01 };
    d.parcels[7]!.attributes = { parcelId: '温州-7', enterpriseName: '瓯海"鞋业"' } as typeof d.parcels[7]['attributes'];
    d.parcels[8]!.attributes = { parcelId: 'P8', tax: 3.5, town: null, priorityIndustry: true, govCause: false, scale: '规上' } as unknown as typeof d.parcels[8]['attributes'];
    const w = toWire(d);
    expect(w.parcels).toEqual([]);
    expect(isWireDataset(w)).toBe(true);
    expect(isWireDataset(d)).toBe(false);
    let pauses = 0;
    const back = await fromWire(structuredClone(w, { transfer: wireTransfer(w) }), async () => void pauses++, 5);
    expect(pauses).toBe(3);
    expect(back).toEqual(d);
    expect('parcelColumns' in back).toBe(false);
  });

  it('are rebuilt from the task after the one that received them: the first pause comes before any record', async () => {
    const w = toWire(fakeDataset(12));
    let reads = 0;
    const fid = w.parcelColumns.fid;
    w.parcelColumns.fid = new Proxy(fid, { get: (t, k) => (typeof k === 'string' && /^\d+$/.test(k) && reads++, Reflect.get(t, k)) });
    const readsAtPause: number[] = [];
    const back = await fromWire(w, async () => void readsAtPause.push(reads), 5);
    expect(readsAtPause).toEqual([0, 5, 10]);
    expect(back.parcels.map((p) => p.fid)).toEqual([...fid]);
  });

  it('end a task early when it runs past its time budget, and still bring every record back', async () => {
    const d = fakeDataset(3000);
    const w = toWire(d);
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 20)); // every look at the clock: 20 ms later
    try {
      let pauses = 0;
      const back = await fromWire(structuredClone(w, { transfer: wireTransfer(w) }), async () => void pauses++, 2500);
      expect(pauses).toBe(Math.ceil(3000 / 255)); // 255 records a task, not 2,500
      expect(back).toEqual(d);
    } finally {
      now.mockRestore();
    }
  });

  it('bring the records back exactly as JSON would (keys, nulls, numbers, texts shared once)', async () => {
    const d = fakeDataset(4);
    const odd = { parcelId: 'P0', tax: Infinity, revenue: NaN, employees: -0, industry: undefined, landUse: '', note: { a: [1, '二'] }, enterprise: '同一企业' };
    d.parcels[0]!.attributes = odd as unknown as typeof d.parcels[0]['attributes'];
    d.parcels[1]!.attributes = { parcelId: 'P1', enterprise: '同一企业', town: '\u0000娄桥' } as typeof d.parcels[1]['attributes'];
    d.parcels[2]!.taxPerMu = NaN;
    const w = toWire(d);
    expect(w.parcelColumns.ends.length).toBe(8); // P0–P3, '', the JSON text, the town and 同一企业 once for two parcels
    const back = await fromWire(structuredClone(w, { transfer: wireTransfer(w) }), async () => {});
    expect(back.parcels).toEqual(JSON.parse(JSON.stringify(d.parcels)));
    expect(Object.keys(back.parcels[0]!.attributes)).toEqual(Object.keys(JSON.parse(JSON.stringify(odd))));
    expect(Object.is(back.parcels[0]!.attributes.employees, 0)).toBe(true);
  });

  it('give each record its own keys and values when key sets change from record to record, beyond the templates kept', async () => {
    const d = fakeDataset(900);
    d.parcels.forEach((p, i) => {
      // Runs of one key set, a set seen before, and 300 sets seen once (more than the 256 templates kept).
      const extra = i < 300 ? { [`k${i}`]: i } : i % 7 === 0 ? { industry: '鞋革' } : i % 5 === 0 ? { town: null } : {};
      p.attributes = { parcelId: `P${i}`, tax: i / 3, ...extra } as unknown as typeof p.attributes;
    });
    const w = toWire(d);
    const back = await fromWire(structuredClone(w, { transfer: wireTransfer(w) }), async () => {}, 64);
    expect(back.parcels).toEqual(JSON.parse(JSON.stringify(d.parcels)));
    back.parcels.forEach((p, i) => expect(Object.keys(p.attributes)).toEqual(Object.keys(d.parcels[i]!.attributes)));
  });

  it('share the texts of a column of few values; a mostly distinct column is not looked up, and all come back equal', async () => {
    const d = fakeDataset(20_000);
    d.parcels.forEach((p, i) => {
      p.attributes = { parcelId: `P${i}`, town: i % 2 ? '娄桥' : '新桥' } as typeof p.attributes;
    });
    d.parcels[19_999]!.attributes.parcelId = 'P0'; // past the switch: stored again, not looked up
    const w = toWire(d);
    expect(w.parcelColumns.ends.length).toBe(20_000 + 2);
    const back = await fromWire(structuredClone(w, { transfer: wireTransfer(w) }), async () => {});
    expect(back.parcels).toEqual(JSON.parse(JSON.stringify(d.parcels)));
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

describe('parcel records whose attributes are the loader\'s rows of columns', () => {
  it('cross as their plain objects would: fields in column order, nulls kept, unmapped absent', async () => {
    const { AttributeColumns, ParcelRow, plainAttributes } = await import('../domain/parcel-columns');
    const d = fakeDataset(5);
    const c = new AttributeColumns(5, ['town', 'tax', 'priorityIndustry', 'builtYear']);
    const other = new AttributeColumns(1, ['enterprise']);
    d.parcels.forEach((p, i) => {
      const row = i === 3 ? other.row(0) : c.row(i);
      row.parcelId = `R${i}`;
      if (i !== 3) {
        row.town = i % 2 ? '娄桥街道' : null;
        row.tax = i === 1 ? 2.5 : null;
        row.priorityIndustry = i === 2 ? true : i === 4 ? false : null;
        if (i === 4) row.builtYear = 1998;
      } else row.enterprise = '温州"鞋业"';
      p.attributes = row;
    });
    const w = toWire(d);
    // Each set of columns crosses whole, in its own field order; no per-record cells.
    expect(w.parcelColumns.rows!.sets.map((s) => s.fields)).toEqual([['town', 'tax', 'priorityIndustry', 'builtYear', 'parcelId'], ['enterprise', 'parcelId']]);
    expect([...w.parcelColumns.rows!.setOf]).toEqual([0, 0, 0, 1, 0]);
    expect([...w.parcelColumns.rows!.rowOf]).toEqual([0, 1, 2, 0, 4]);
    expect([w.parcelColumns.keys, w.parcelColumns.tags.length]).toEqual([[], 0]);
    const back = await fromWire(structuredClone(w, { transfer: wireTransfer(w) }), async () => {}, 2);
    // Rows of columns again on the page, two sets of columns as in the worker.
    expect(back.parcels.every((p) => p.attributes instanceof ParcelRow)).toBe(true);
    expect(new Set(back.parcels.map((p) => (p.attributes as InstanceType<typeof ParcelRow>).columns)).size).toBe(2);
    const plain = d.parcels.map((p) => ({ ...p, attributes: plainAttributes(p.attributes) }));
    const got = back.parcels.map((p) => ({ ...p, attributes: plainAttributes(p.attributes) }));
    expect(got).toEqual(JSON.parse(JSON.stringify(plain)));
    // In its columns' order.
    for (const i of [0, 1, 2, 3, 4]) expect(Object.keys(got[i]!.attributes)).toEqual(Object.keys(plain[i]!.attributes));
    expect(got[4]!.attributes).toEqual({ town: null, tax: null, priorityIndustry: false, builtYear: 1998, parcelId: 'R4' });
    expect(got[3]!.attributes).toEqual({ enterprise: '温州"鞋业"', parcelId: 'R3' });
    expect([back.parcels[3]!.attributes.town, back.parcels[4]!.attributes.enterprise, back.parcels[1]!.attributes.tax]).toEqual([undefined, undefined, 2.5]);
  });

  it('leave the worker its own columns (numbers copied, not moved) and share a column\'s texts once', async () => {
    const { AttributeColumns } = await import('../domain/parcel-columns');
    const d = fakeDataset(6);
    const c = new AttributeColumns(6, ['parcelId', 'town', 'tax', 'employees']);
    d.parcels.forEach((p, i) => {
      const row = c.row(i);
      row.parcelId = `R${i}`;
      row.town = i < 3 ? '娄桥街道' : '新桥街道';
      row.tax = i === 0 ? Infinity : i === 1 ? -0 : i * 1.5;
      p.attributes = row;
    });
    const w = toWire(d);
    expect(w.parcelColumns.ends.length).toBe(6 + 2); // six ids, two towns
    const back = await fromWire(structuredClone(w, { transfer: wireTransfer(w) }), async () => {}, 4);
    // The worker's rows still read (their columns were not transferred away).
    expect(d.parcels.map((p) => p.attributes.tax)).toEqual([Infinity, -0, 3, 4.5, 6, 7.5]);
    // As JSON would bring them: a non-finite number is null, -0 is 0; an unset number is null.
    expect(back.parcels.map((p) => p.attributes.tax)).toEqual([null, 0, 3, 4.5, 6, 7.5]);
    expect(Object.is(back.parcels[1]!.attributes.tax, 0)).toBe(true);
    expect(back.parcels.map((p) => [p.attributes.parcelId, p.attributes.town, p.attributes.employees])).toEqual(d.parcels.map((_, i) => [`R${i}`, i < 3 ? '娄桥街道' : '新桥街道', null]));
  });

  it('cross as objects when any record\'s attributes are a plain object', async () => {
    const { AttributeColumns } = await import('../domain/parcel-columns');
    const d = fakeDataset(2);
    const c = new AttributeColumns(1, ['tax']);
    const row = c.row(0);
    row.parcelId = 'R0';
    row.tax = 1;
    d.parcels[0]!.attributes = row;
    const w = toWire(d);
    expect(w.parcelColumns.rows).toBe(null);
    const back = await fromWire(structuredClone(w, { transfer: wireTransfer(w) }), async () => {});
    expect(back.parcels.map((p) => p.attributes)).toEqual([{ tax: 1, parcelId: 'R0' }, { parcelId: 'P1' }]);
  });
});
