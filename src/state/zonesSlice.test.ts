import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { fakeDataset } from './fake-dataset.test-helper';
import { getRecord, putRecord, resetWorkDbForTests } from './persist/idb';
import { createAppStore } from './store';
import { nameUnnamedZones } from './zone-names';
import { mergeZones, ZONES_KEY } from './zonesSlice';
import { zoneLabel } from '../panels/zones/zone-label';
import { translator } from '../i18n';
import type { ZoneStats } from '../domain/zone-stats';
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
  beforeEach(async () => {
    // The previous test's queued saves land first (all tests share one key): then a fresh, empty database.
    for (let i = 0; i < 10; i++) await settle();
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

  it('writes the unusable saved entries back with every save: an edit never erases them', async () => {
    const good: SavedZone = { id: 'a', name: '娄桥', colour: '#e6550d', geometry: poly(120.6) };
    const damaged = { ...good, id: 'b', geometry: null };
    await putRecord('zones', ZONES_KEY, [good, damaged, 'from a later version'], 0);
    const store = await storeWithDataset('d');
    store.getState().renameZone('a', '娄桥东');
    store.getState().addZone(poly(120.7), 'c');
    await settle();
    const rec = await getRecord<unknown[]>('zones', ZONES_KEY);
    expect(rec?.value).toEqual([{ ...good, name: '娄桥东' }, { id: 'c', name: '片区 1', colour: '#3182bd', geometry: poly(120.7) }, damaged, 'from a later version']);
    const again = await storeWithDataset('d2');
    expect(again.getState().zones.map((z) => z.id)).toEqual(['a', 'c']);
    expect(again.getState().zoneMessage).toEqual({ code: 'dropped-saved', count: 2 });
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
    expect(s().zones.map((z) => z.name)).toEqual(['片区 1', '片区 2']);
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

  it('keeps zones in IndexedDB under one key for every dataset: a new version of the data files shows them', async () => {
    const one = await storeWithDataset('h1');
    one.getState().addZone(poly(120.6), 'a');
    one.getState().renameZone('a', '小微园');
    await settle();
    const rec = await getRecord<SavedZone[]>('zones', ZONES_KEY);
    expect(rec?.value.map((z) => z.name)).toEqual(['小微园']);
    const again = await storeWithDataset('h1');
    expect(again.getState().zones).toEqual(one.getState().zones);
    const other = await storeWithDataset('h2');
    expect(other.getState().zones).toEqual(one.getState().zones);
  });

  it('takes over every per-dataset record of an earlier version once, whatever data is open, then deletes them', async () => {
    const old: SavedZone = { id: 'o', name: '', colour: '#e6550d', geometry: poly(120.6) };
    await putRecord('zones', 'h1/zones', [old, { id: 'broken' }], 0);
    await putRecord('zones', 'h2/zones', [{ ...old, id: 'p', name: '梧田' }], 0);
    // Next month's data (h3) opened first: the zones drawn on h1 and h2 are there.
    const one = await storeWithDataset('h3');
    expect(one.getState().zones.map((z) => [z.id, z.name])).toEqual([['o', '片区 1'], ['p', '梧田']]); // unnamed: the name it was shown with
    expect(await getRecord('zones', 'h1/zones')).toBeUndefined();
    expect(await getRecord('zones', 'h2/zones')).toBeUndefined();
    expect((await getRecord<unknown[]>('zones', ZONES_KEY))?.value).toEqual([old, { ...old, id: 'p', name: '梧田' }, { id: 'broken' }]);
    const two = await storeWithDataset('h2');
    expect(two.getState().zones.map((z) => z.id)).toEqual(['o', 'p']);
    const first = await storeWithDataset('h1');
    expect(first.getState().zones.map((z) => z.id)).toEqual(['o', 'p']);
  });

  it('a store that changes dataset reads the shared zones again and keeps them', async () => {
    const store = await storeWithDataset('v1');
    store.getState().addZone(poly(120.6), 'a');
    await settle();
    store.setState({ dataset: fakeDataset(3, 'v2') });
    await store.getState().ensureZones();
    expect(store.getState().zonesFor).toBe('v2');
    expect(store.getState().zones.map((z) => z.id)).toEqual(['a']);
  });

  it('saves a fixed default name with each new zone: deleting zone 1 never renames zone 2', async () => {
    const store = await storeWithDataset('n');
    const s = () => store.getState();
    s().addZone(poly(120.6), 'a');
    s().addZone(poly(120.7), 'b');
    s().deleteZone('a');
    const zh = translator('zh-CN');
    expect(s().zones.map((z, i) => zoneLabel(z, i, zh))).toEqual(['片区 2']);
    expect(zoneLabel(s().zones[0]!, 0, translator('en'))).toBe('Zone 2');
    s().addZone(poly(120.8), 'c');
    expect(s().zones.map((z) => z.name)).toEqual(['片区 2', '片区 3']);
    s().deleteZone('c');
    s().addZone(poly(120.8), 'd'); // the counter only goes up (片区 3 may come back by undo)
    expect(s().zones.at(-1)!.name).toBe('片区 4');
    s().renameZone('b', '  ');
    expect(s().zones[0]!.name).toBe('片区 5');
    s().addZones([{ id: 'e', name: '', colour: '', geometry: poly(120.9) }, { id: 'f', name: '娄桥', colour: '', geometry: poly(120.9) }]);
    expect(s().zones.slice(-2).map((z) => z.name)).toEqual(['片区 6', '娄桥']);
    await settle();
    const rec = await getRecord<SavedZone[]>('zones', ZONES_KEY);
    expect(rec?.value.map((z) => z.name)).toEqual(['片区 5', '片区 4', '片区 6', '娄桥']);
  });

  it('names the unnamed zones of earlier versions by the position they were shown at, else the next free number', () => {
    const z = (id: string, name: string): SavedZone => ({ id, name, colour: '', geometry: poly(120.6) });
    expect(nameUnnamedZones([z('a', ''), z('b', '片区 2'), z('c', ''), z('d', '娄桥')]).map((x) => x.name)).toEqual(['片区 1', '片区 2', '片区 3', '娄桥']);
    expect(nameUnnamedZones([z('a', '片区 2'), z('b', '')]).map((x) => x.name)).toEqual(['片区 2', '片区 3']);
  });

  it('drops a deleted zone\'s figures, and every zone\'s figures when the dataset changes', async () => {
    const store = await storeWithDataset('m');
    const s = () => store.getState();
    s().addZone(poly(120.6), 'a');
    s().addZone(poly(120.7), 'b');
    const entry = (id: string) => ({ geometry: poly(120.6), whatIfKey: '|', analysis: null, stats: { zoneId: id, seq: 1 } as ZoneStats });
    store.setState({ zoneStats: { a: entry('a'), b: entry('b') }, liveZoneStats: { zoneId: 'b', seq: 2 } as ZoneStats });
    s().deleteZone('a');
    expect(Object.keys(s().zoneStats)).toEqual(['b']);
    store.setState({ dataset: fakeDataset(3, 'm2') });
    expect(s().zoneStats).toEqual({});
    expect(s().liveZoneStats).toBeNull();
  });

  it('never drops another tab\'s zones on a stale write', async () => {
    const a = await storeWithDataset('t');
    const b = await storeWithDataset('t');
    a.getState().addZone(poly(120.6), 'a');
    await settle();
    b.getState().addZone(poly(120.7), 'b'); // b still holds version 0
    await settle();
    const rec = await getRecord<SavedZone[]>('zones', ZONES_KEY);
    expect(rec?.value.map((z) => z.id).sort()).toEqual(['a', 'b']);
  });

  it('merges by id with this tab winning', () => {
    const z = (id: string, name: string): SavedZone => ({ id, name, colour: '#000000', geometry: poly(120.6) });
    expect(mergeZones([z('a', 'theirs'), z('b', 'b')], [z('a', 'ours'), z('c', 'c')]).map((x) => `${x.id}:${x.name}`)).toEqual(['b:b', 'a:ours', 'c:c']);
  });
});
