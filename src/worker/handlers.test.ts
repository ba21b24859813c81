import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { geojson as fgb } from 'flatgeobuf';
import { analysisRequest } from '../analysis/request';
import { requestOf } from '../state/analysisInputs';
import { projectPoint } from '../geo/projection';
import { tileAt } from './tiles.test-helper';
import { RULE_IDS } from '../domain/analyze';
import type { DatasetManifest } from '../io/dataset';
import { createHandlers, dispatch, transferList } from './handlers';
import { collationRanks } from '../i18n/collation';
import type { Fetcher } from './load';
import { CLASS_LETTERS, RECLAIM_KINDS, STATUS_CODES, type AnalysisView } from './protocol';
import { emptySession } from './session';

const rect = (x: number, y: number, w: number, h: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]],
});
const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });
const feature = (properties: Record<string, unknown>, geometry: Polygon): Feature => ({ type: 'Feature', properties, geometry });
const layer = (file: string, n: number) => ({ file, featureCount: n, sha256: '' });
const base = { town: '景山街道', landUse: '工业', scale: 'above', builtYear: 2015, transferDate: '2012-01-01', agreedStartDate: '2012-06-01', actualStartDate: '2012-06-01', employees: 50 };

/**
 * Three parcels near Ouhai (EPSG:4549): a productive one (class A in the data), one that pays
 * 2 万元/亩 (low-efficiency, pipeline), one freed by the ledger (achieved); plus buildings and a town.
 */
function fixture() {
  // 100 m × 100 m = 15 亩 each.
  const parcels = fc([
    feature({ ...base, parcelId: 'P1', enterprise: 'A 公司', creditCode: 'C1', tax: 1500, addedValue: 6000, energyTce: 100, floorArea: 12000, evalClass: 'A' }, rect(560000, 3095000, 100, 100)),
    feature({ ...base, parcelId: 'P2', enterprise: 'B 公司', creditCode: 'C2', tax: 30, addedValue: 200, energyTce: 300, floorArea: 3000 }, rect(560200, 3095000, 100, 100)),
    feature({ ...base, parcelId: 'P3', enterprise: 'C 公司', creditCode: 'C3', tax: 60, addedValue: 300, energyTce: 50, floorArea: 4000 }, rect(560400, 3095000, 100, 100)),
  ]);
  const buildings = fc([
    feature({}, rect(560010, 3095010, 60, 60)),
    feature({}, rect(560210, 3095010, 30, 30)),
    feature({}, rect(560410, 3095010, 50, 50)),
  ]);
  const towns = fc([feature({ name: '景山街道', code: '330304001' }, rect(559000, 3094000, 3000, 3000))]);
  const ledger = [{ parcelId: 'P3', action: '整体腾退', status: '已完成', date: '2021-05-01' }];
  const manifest: DatasetManifest = {
    version: 1, name: 't', label: '测试', synthetic: true, crs: 'EPSG:4549', sources: [],
    layers: { parcels: layer('parcels.fgb', 3), buildings: layer('buildings.fgb', 3), towns: layer('towns.fgb', 1) },
    ledger: { file: 'ledger.json', entries: 1, sha256: '' },
  };
  const files = new Map<string, Uint8Array | string>([
    ['http://x/d/manifest.json', JSON.stringify(manifest)],
    ['http://x/d/parcels.fgb', fgb.serialize(parcels, 4549)],
    ['http://x/d/buildings.fgb', fgb.serialize(buildings, 4549)],
    ['http://x/d/towns.fgb', fgb.serialize(towns, 4549)],
    ['http://x/d/ledger.json', JSON.stringify(ledger)],
  ]);
  const fetcher: Fetcher = async (url) => {
    const body = files.get(url);
    return body === undefined ? new Response('nope', { status: 404 }) : new Response(body as BodyInit);
  };
  return fetcher;
}

async function loaded() {
  const session = emptySession();
  const table = createHandlers(session, fixture());
  const r = await table.load({ manifestUrl: 'http://x/d/manifest.json' });
  if (!r.ok) throw new Error(r.error.message);
  return { session, table, dataset: r.value };
}

const rule = (view: AnalysisView, fid: number, id: (typeof RULE_IDS)[number]) =>
  STATUS_CODES[view.columns.ruleStatus[fid * RULE_IDS.length + RULE_IDS.indexOf(id)]!];

describe('worker handlers: analyze', () => {
  it('keeps the metre layers in the session and hands the page the sample ledger', async () => {
    const { session, dataset } = await loaded();
    expect(session.layers?.parcels).toHaveLength(3);
    const b = session.layers?.buildings;
    expect(b && 'count' in b ? b.count : -1).toBe(3); // packed once at load
    expect(session.layers?.towns?.[0]?.name).toBe('景山街道');
    expect(dataset.ledger).toEqual([{ parcelId: 'P3', action: '整体腾退', status: '已完成', date: '2021-05-01' }]);
    // Display is in degrees, not metres (the timings left out: a float such as 1.05600001 ms holds the digits too).
    expect(JSON.stringify({ ...dataset, timings: null })).not.toContain('560000');
  });

  it('returns per-parcel columns from the engine and the district summary', async () => {
    const { table, dataset } = await loaded();
    const r = await table.analyze(analysisRequest({ evaluationDate: '2022-12-31', ledger: dataset.ledger ?? undefined }));
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value;
    expect(v.columns.taxPerMu[0]).toBeCloseTo(100, 9); // 1500 万元 / 15 亩
    expect(v.columns.taxPerMu[1]).toBeCloseTo(2, 9);
    expect(v.columns.valuePerMu[0]).toBeCloseTo(400, 9);
    expect(CLASS_LETTERS[v.columns.classIndex[0]!]).toBe('A');
    expect(v.columns.classComputed[0]).toBe(0);
    expect(rule(v, 1, 'low-efficiency')).toBe('met');
    expect(rule(v, 0, 'low-efficiency')).toBe('not-met');
    expect(RECLAIM_KINDS[v.columns.reclaimKind[2]!]).toBe('achieved');
    expect(v.columns.reclaimMu[2]).toBeCloseTo(15, 6);
    expect(v.columns.reclaimKind[0]).toBe(-1);
    expect(v.summary.achievedMu).toBeCloseTo(15, 6);
    expect(v.summary.pipelineMu).toBeGreaterThanOrEqual(15 - 1e-6); // P2 as a whole parcel
    expect(v.summary.byTown['景山街道']?.parcels).toBe(3);
    expect(v.request.evaluationDate).toBe('2022-12-31');
    expect(v.geometryErrors).toEqual([]);
    // The columns travel as transferable buffers, one per column.
    const buffers = transferList({ id: 1, kind: 'analyze', payload: v.request }, { id: 1, result: r });
    expect(buffers).toHaveLength(Object.keys(v.columns).length);
    expect(buffers.every((b) => b instanceof ArrayBuffer)).toBe(true);
  });

  it('answers parcel-detail with every outcome in RULE_IDS order, rendered in zh and en', async () => {
    const { table } = await loaded();
    expect((await table['parcel-detail']({ fid: 0 })).ok).toBe(false); // no analysis yet
    await table.analyze(analysisRequest({ evaluationDate: '2022-12-31' }));
    const d = await table['parcel-detail']({ fid: 1 });
    if (!d.ok) throw new Error(d.error.message);
    expect(d.value.parcelId).toBe('P2');
    expect(d.value.outcomes.map((o) => o.rule)).toEqual([...RULE_IDS]);
    const low = d.value.outcomes.find((o) => o.rule === 'low-efficiency')!;
    expect(low.status).toBe('met');
    expect(low.message.zh).not.toMatch(/\{/);
    expect(low.message.en).toMatch(/2/);
    expect(low.clause).toMatch(/§/);
    expect(d.value.facts.footprintM2).toBeCloseTo(900, 6);
    expect(d.value.coverage).toBeCloseTo(0.09, 9);
    const missing = await table['parcel-detail']({ fid: 7 });
    expect(missing.ok ? null : missing.error.code).toBe('bad-request');
  });

  it('returns a bad rule set, a bad date and a missing dataset as error values', async () => {
    const { table } = await loaded();
    const rules = await table.analyze(analysisRequest({ evaluationDate: '2022-12-31', rules: { energy: { maxIntensity: 'high' } } }));
    expect(rules.ok ? null : rules.error.code).toBe('bad-rules');
    expect(rules.ok ? [] : rules.error.details?.[0]?.zh).toMatch(/energy\.maxIntensity/);
    const date = await table.analyze({ ...analysisRequest(), evaluationDate: '2022-13' });
    expect(date.ok ? null : date.error.code).toBe('bad-request');
    const none = await createHandlers(emptySession()).analyze(analysisRequest());
    expect(none.ok ? null : none.error.code).toBe('no-dataset');
  });

  it('reports a broken parcel geometry as a value and analyses the others', async () => {
    const { session, table } = await loaded();
    const bowtie: Polygon = { type: 'Polygon', coordinates: [[[560000, 3095000], [560100, 3095100], [560100, 3095000], [560000, 3095100], [560000, 3095000]]] };
    session.layers = { ...session.layers!, parcels: session.layers!.parcels.map((p, i) => (i === 0 ? { ...p, geometry: bowtie } : p)) };
    const r = await table.analyze(analysisRequest({ evaluationDate: '2022-12-31' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.geometryErrors.map((e) => e.parcelId)).toEqual(['P1']);
    expect(r.value.columns.geometryError[0]).toBe(1);
    expect(r.value.columns.geometryError[1]).toBe(0);
    const d = await table['parcel-detail']({ fid: 0 });
    expect(d.ok && d.value.facts.geometryError).toMatch(/self-intersection/);
  });

  it('the run made ahead after a load puts its codes into the tiles: the page\'s same first request needs no tile re-ask, a later one does', async () => {
    const { session, table, dataset } = await loaded();
    await new Promise((resolve) => setTimeout(resolve, 0)); // the run ahead
    const tiles = session.tiles!;
    // The tile at zoom 14 holding P1 (the map's first tiles are asked for after the run ahead).
    const [lon, lat] = projectPoint([560050, 3095050], 'EPSG:4549', 'EPSG:4326') as [number, number];
    const [x, y] = tileAt(lon, lat, 14);
    expect(tiles.tile('parcels', 14, x, y)).not.toBeNull();
    const first = await table.analyze(requestOf({ dataset, rules: null, evaluationDate: null, ledger: null }));
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.tilesCurrent).toBe(true);
    // Another request is another run: the tile served with the first run's codes is stale now.
    const later = await table.analyze(analysisRequest({ evaluationDate: '2021-12-31' }));
    if (!later.ok) throw new Error(later.error.message);
    expect(later.value.tilesCurrent).toBe(false);
  });

  it('runs through dispatch with the request as a plain serialisable object', async () => {
    const { table } = await loaded();
    const request = structuredClone(analysisRequest({ evaluationDate: '2022-12-31' }));
    const res = await dispatch({ id: 3, kind: 'analyze', payload: request }, table);
    expect(res.id).toBe(3);
    expect(res.result.ok).toBe(true);
  });
});

describe('worker handlers: a late load and an import', () => {
  it('an import committed while the start-up load still reads is not replaced when the load finishes', async () => {
    const session = emptySession();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const base = fixture();
    const slow: Fetcher = async (url) => (url.endsWith('manifest.json') ? (await gate, base(url)) : base(url));
    const table = createHandlers(session, slow);
    const load = table.load({ manifestUrl: 'http://x/d/manifest.json' });
    const path = fileURLToPath(new URL('../../tests/fixtures/io/parcels-4549.geojson', import.meta.url));
    const read = await table['import-read']({ files: [new File([readFileSync(path)], 'parcels-4549.geojson')] });
    if (!read.ok) throw new Error(read.error.message);
    const committed = await table['import-commit']({ importId: read.value.importId, options: {} });
    if (!committed.ok) throw new Error(committed.error.message);
    const imported = session.layers;
    release();
    expect(await load).toMatchObject({ ok: false, error: { code: 'superseded' } });
    expect(session.layers).toBe(imported);
    expect(session.layers?.parcels.length).toBe(committed.value.parcels.length);
  });
});

describe('worker handlers: text-ranks', () => {
  it('ranks the loaded parcels\' 地块编号 and enterprises as the page would (i18n/collation), and not another dataset\'s', async () => {
    const { table, dataset, session } = await loaded();
    const r = await table['text-ranks']({ key: 'parcelId', count: dataset.parcels.length });
    expect(r.ok && r.value).toEqual(collationRanks(session.layers!.parcels.map((p) => p.attributes.parcelId)));
    const e = await table['text-ranks']({ key: 'enterprise', count: dataset.parcels.length });
    expect(e.ok && e.value).toEqual(collationRanks(session.layers!.parcels.map((p) => p.attributes.enterprise ?? '')));
    expect(await table['text-ranks']({ key: 'parcelId', count: dataset.parcels.length + 1 })).toEqual({ ok: true, value: null });
  });
});
