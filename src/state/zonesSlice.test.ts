import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { fakeDataset } from './fake-dataset.test-helper';
import { getRecord, putRecord, resetWorkDbForTests } from './persist/idb';
import { createAppStore } from './store';
import { mergeZones } from './zonesSlice';
import type { SavedZone } from '../io/zones-file';

const poly = (x: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, 27.9], [x + 0.01, 27.9], [x + 0.01, 27.91], [x, 27.9]]] });
const settle = async () => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setTimeout(r, 0));
};

async function storeWithDataset(hash: string) {
  const store = createAppStore();
  store.setState({ dataset: fakeDataset(3, hash) });
  await store.getState().ensureZones();
  return store;
}

describe('zones slice', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory(); // a fresh, empty database per test
    resetWorkDbForTests();
  });

  it('a damaged saved record loses only its unusable zones, and says so', async () => {
    const good: SavedZone = { id: 'a', name: '娄桥', colour: '#e6550d', geometry: poly(120.6) };
    await putRecord('zones', 'd/zones', [good, null, { ...good, id: 'b', geometry: null }, { ...good, id: 'c', geometry: poly(120.7) }], 0);
    const store = await storeWithDataset('d');
    expect(store.getState().zones.map((z) => z.id)).toEqual(['a', 'c']);
    expect(store.getState().zoneMessage).toEqual({ code: 'dropped-saved', count: 2 });
  });

  it('undoes and redoes add, rename, recolour, geometry edit and delete in order', async () => {
    const store = await storeWithDataset('u');
    const s = () => store.getState();
    s().addZone(poly(120.6), 'a');
    s().addZone(poly(120.7), 'b');
    s().renameZone('a', '娄桥');
    s().recolourZone('b', '#000000');
    s().updateZoneGeometry('a', poly(120.5));
    s().deleteZone('b');
    expect(s().zones.map((z) => z.id)).toEqual(['a']);
    expect(s().activeZoneId).toBeNull(); // the active zone was deleted
    s().undoZones(); // delete
    expect(s().zones.map((z) => [z.id, z.colour])).toEqual([['a', '#e6550d'], ['b', '#000000']]);
    expect(s().activeZoneId).toBe('b'); // the zone the undo brought back
    s().undoZones(); // geometry
    expect(s().zones[0]!.geometry).toEqual(poly(120.6));
    s().undoZones(); // recolour
    s().undoZones(); // rename
    expect(s().zones.map((z) => z.name)).toEqual(['', '']);
    s().redoZones();
    expect(s().zones[0]!.name).toBe('娄桥');
    s().addZone(poly(120.8), 'c'); // a new step drops the redo branch
    expect(s().zoneHistory.future).toEqual([]);
    s().undoZones();
    s().undoZones();
    s().undoZones();
    expect(s().zones.map((z) => z.id)).toEqual(['a']);
    s().undoZones();
    expect(s().zones).toEqual([]);
    s().undoZones(); // nothing left: no change
    expect(s().zones).toEqual([]);
  });

  it('keeps zones in IndexedDB per dataset identity and reads them back in a new store', async () => {
    const one = await storeWithDataset('h1');
    one.getState().addZone(poly(120.6), 'a');
    one.getState().renameZone('a', '小微园');
    await settle();
    const rec = await getRecord<SavedZone[]>('zones', 'h1/zones');
    expect(rec?.value.map((z) => z.name)).toEqual(['小微园']);
    const again = await storeWithDataset('h1');
    expect(again.getState().zones).toEqual(one.getState().zones);
    const other = await storeWithDataset('h2');
    expect(other.getState().zones).toEqual([]);
  });

  it('never drops another tab\'s zones on a stale write', async () => {
    const a = await storeWithDataset('t');
    const b = await storeWithDataset('t');
    a.getState().addZone(poly(120.6), 'a');
    await settle();
    b.getState().addZone(poly(120.7), 'b'); // b still holds version 0
    await settle();
    const rec = await getRecord<SavedZone[]>('zones', 't/zones');
    expect(rec?.value.map((z) => z.id).sort()).toEqual(['a', 'b']);
  });

  it('merges by id with this tab winning', () => {
    const z = (id: string, name: string): SavedZone => ({ id, name, colour: '#000000', geometry: poly(120.6) });
    expect(mergeZones([z('a', 'theirs'), z('b', 'b')], [z('a', 'ours'), z('c', 'c')]).map((x) => `${x.id}:${x.name}`)).toEqual(['b:b', 'a:ours', 'c:c']);
  });
});
