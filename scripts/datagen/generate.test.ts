import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon, booleanWithin } from '@turf/turf';
import { planarArea } from '../../src/geo/area';
import { muFromM2 } from '../../src/domain/units';
import type { ParcelAttributes } from '../../src/domain/parcel';
import type { DatasetManifest } from '../../src/io/dataset';
import { readFgb } from './fgb';
import { AS_OF, generateDataset, PARCEL_COLUMNS, type GeneratedDataset } from './generate';
import { isValidCreditCode } from './enterprise';
import { baseline, estimatePipeline, isIdle } from './pipeline';
import { LAND_FREEING } from './ledger';

const OUT = fileURLToPath(new URL('../../data/ouhai/', import.meta.url));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const within = (v: number, target: number, tol: number) => Math.abs(v / target - 1) <= tol;

let d: GeneratedDataset;
let parcels: Feature<Polygon | MultiPolygon>[];
beforeAll(async () => {
  d = generateDataset(); // the default district set, ~2 s
  parcels = (await readFgb(d.files.get('parcels.fgb')!)).features as Feature<Polygon | MultiPolygon>[];
});
const attrsOf = (f: Feature) => f.properties as ParcelAttributes;

describe('determinism', () => {
  it('same seed → identical bytes; another seed → different bytes', () => {
    const a = generateDataset(7, 300), b = generateDataset(7, 300), c = generateDataset(8, 300);
    for (const [name, bytes] of a.files) expect(sha(b.files.get(name)!), name).toBe(sha(bytes));
    expect(sha(c.files.get('parcels.fgb')!)).not.toBe(sha(a.files.get('parcels.fgb')!));
    expect(sha(c.files.get('buildings.fgb')!)).not.toBe(sha(a.files.get('buildings.fgb')!));
  });
  it('the committed data/ouhai equals a fresh default generation', () => {
    const committed = JSON.parse(readFileSync(OUT + 'manifest.json', 'utf8')) as DatasetManifest;
    expect(committed).toEqual(d.manifest);
    for (const e of Object.values(committed.layers)) expect(sha(readFileSync(OUT + e.file)), e.file).toBe(e.sha256);
    expect(sha(readFileSync(OUT + 'ledger.json'))).toBe(committed.ledger?.sha256);
    expect(committed).toMatchObject({ synthetic: true, label: '瓯海区示例数据', crs: 'EPSG:4549', asOf: '2022-12-31' });
  });
});

describe('towns', () => {
  it('13 cells that tile the real outline (areas sum within 0.1 %)', async () => {
    const towns = (await readFgb(d.files.get('towns.fgb')!)).features;
    expect(towns.map((t) => t.properties?.code)).toEqual(d.towns.map((t) => t.code));
    expect(towns).toHaveLength(13);
    const sum = towns.reduce((s, t) => s + planarArea(t.geometry as Polygon | MultiPolygon), 0);
    const outline = planarArea(d.outline);
    expect(Math.abs(sum / outline - 1)).toBeLessThan(0.001);
    expect(outline / 1e6).toBeGreaterThan(460); // 466.10 km² per the reference note
    expect(outline / 1e6).toBeLessThan(472);
  });
});

describe('parcels', () => {
  it('count, unique ids, area range and a right skew', () => {
    expect(parcels).toHaveLength(3500);
    expect(new Set(parcels.map((p) => attrsOf(p).parcelId)).size).toBe(3500);
    const mu = parcels.map((p) => muFromM2(planarArea(p.geometry))).sort((a, b) => a - b);
    expect(mu[0]).toBeGreaterThanOrEqual(1);
    expect(mu[mu.length - 1]).toBeLessThanOrEqual(150);
    const median = mu[Math.floor(mu.length / 2)]!;
    expect(median).toBeGreaterThan(3);
    expect(median).toBeLessThan(12);
    expect(mu.filter((m) => m >= 3 && m <= 20).length / mu.length).toBeGreaterThan(0.6);
    const big = mu.filter((m) => m > 80).length;
    expect(big).toBeGreaterThan(0);
    expect(big / mu.length).toBeLessThan(0.01);
  });
  it('has MultiPolygons, holes and non-rectangular parcels', () => {
    expect(parcels.filter((p) => p.geometry.type === 'MultiPolygon').length).toBeGreaterThan(5);
    expect(parcels.filter((p) => p.geometry.type === 'Polygon' && p.geometry.coordinates.length > 1).length).toBeGreaterThan(5);
    expect(parcels.filter((p) => p.geometry.type === 'Polygon' && p.geometry.coordinates[0]!.length !== 5).length).toBeGreaterThan(50);
  });
  it('every parcel lies inside the outline and inside the town its id names (turf, independent check)', () => {
    // turf's booleanWithin is exact but slow (~5 ms against a 600-vertex cell), so it only runs where a
    // town or outline edge passes through the parcel's bounding box; elsewhere all vertices inside is enough.
    const boxes = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat()
      .flatMap((r) => r.slice(1).map((b, i) => [Math.min(b[0]!, r[i]![0]!), Math.min(b[1]!, r[i]![1]!), Math.max(b[0]!, r[i]![0]!), Math.max(b[1]!, r[i]![1]!)]));
    const towns = new Map(d.towns.map((t) => [t.code, { geometry: t.cell, edges: boxes(t.cell).concat(boxes(d.outline)) }]));
    let outside = 0, exact = 0;
    for (const p of parcels) {
      const town = towns.get(attrsOf(p).parcelId.split('-')[0]!)!;
      const verts = (p.geometry.type === 'Polygon' ? p.geometry.coordinates : p.geometry.coordinates.flat()).flat();
      const [x0, y0, x1, y1] = [Math.min(...verts.map((v) => v[0]!)), Math.min(...verts.map((v) => v[1]!)), Math.max(...verts.map((v) => v[0]!)), Math.max(...verts.map((v) => v[1]!))];
      const near = town.edges.some((e) => e[0]! <= x1 && e[2]! >= x0 && e[1]! <= y1 && e[3]! >= y0);
      if (near) {
        exact++;
        const parts: Polygon[] = p.geometry.type === 'Polygon' ? [p.geometry] : p.geometry.coordinates.map((c) => ({ type: 'Polygon', coordinates: c }));
        for (const g of parts) if (!booleanWithin(g, town.geometry) || !booleanWithin(g, d.outline)) outside++;
      } else {
        for (const v of verts) if (!booleanPointInPolygon(v, town.geometry) || !booleanPointInPolygon(v, d.outline)) outside++;
      }
    }
    expect(outside).toBe(0);
    expect(exact).toBeGreaterThan(0); // the exact path was exercised
  });
  it('town names match the ids, with ~2 % left empty for the app to fill', () => {
    const names = new Map(d.towns.map((t) => [t.code, t.name]));
    const missing = parcels.filter((p) => attrsOf(p).town == null).length / parcels.length;
    expect(missing).toBeGreaterThan(0.01);
    expect(missing).toBeLessThan(0.04);
    for (const p of parcels) if (attrsOf(p).town != null) expect(attrsOf(p).town).toBe(names.get(attrsOf(p).parcelId.split('-')[0]!));
    // Most land in the 经济开发区 towns and the plains; little in 泽雅, 景山, 三垟.
    const count = (name: string) => parcels.filter((p) => p.properties?.parcelId.startsWith(d.towns.find((t) => t.name === name)!.code)).length;
    expect(count('娄桥街道')).toBeGreaterThan(count('泽雅镇') * 4);
    expect(count('景山街道') + count('三垟街道')).toBeLessThan(parcels.length * 0.05);
  });
  it('the FlatGeobuf file gives back every attribute, with the same nulls', () => {
    parcels.forEach((p, i) => {
      const want = d.parcels[i]!.attrs;
      for (const c of PARCEL_COLUMNS) expect(p.properties?.[c.name] ?? null, `${want.parcelId}.${c.name}`).toStrictEqual(want[c.name as keyof ParcelAttributes] ?? null);
    });
  });
});

describe('attributes', () => {
  it('hits the 2021 规上 baseline within ±3 % (area-weighted, from the file)', () => {
    const b = baseline(parcels.map((p) => ({ attrs: attrsOf(p), areaMu: muFromM2(planarArea(p.geometry)), footprintM2: 0 })));
    expect(within(b.taxPerMu, 48.19, 0.03)).toBe(true);
    expect(within(b.valuePerMu, 266.82, 0.03)).toBe(true);
    expect(within(b.productivity, 17.61, 0.03)).toBe(true);
    expect(b.aboveFirms / b.firms).toBeGreaterThan(0.25);
    expect(b.aboveFirms / b.firms).toBeLessThan(0.3);
    expect(b.aboveLandShare).toBeGreaterThan(0.52);
    expect(b.aboveLandShare).toBeLessThan(0.68);
  });
  it('per-mu tax varies a lot between 规上 firms', () => {
    const perMu = d.parcels.filter((p) => p.attrs.scale === 'above' && p.attrs.tax != null).map((p) => p.attrs.tax! / p.areaMu).sort((a, b) => a - b);
    expect(perMu[Math.floor(perMu.length * 0.9)]! / perMu[Math.floor(perMu.length * 0.1)]!).toBeGreaterThan(4);
  });
  it('has the real-data gaps: missing tax, shared firms, disagreeing registered areas, missing classes', () => {
    const belowFirms = new Map(d.parcels.filter((p) => p.attrs.scale === 'below').map((p) => [p.attrs.creditCode, p.attrs.tax == null]));
    const gap = [...belowFirms.values()].filter(Boolean).length / belowFirms.size;
    expect(gap).toBeGreaterThan(0.05);
    expect(gap).toBeLessThan(0.11);
    const byCode = new Map<string, Set<string>>();
    for (const p of d.parcels) byCode.set(p.attrs.creditCode!, (byCode.get(p.attrs.creditCode!) ?? new Set()).add(p.attrs.enterprise!));
    expect([...byCode.values()].every((names) => names.size === 1)).toBe(true);
    const sizes = d.parcels.reduce((m, p) => m.set(p.attrs.creditCode!, (m.get(p.attrs.creditCode!) ?? 0) + 1), new Map<string, number>());
    expect([...sizes.values()].filter((n) => n >= 2).length).toBeGreaterThan(50);
    expect(Math.max(...sizes.values())).toBeLessThanOrEqual(4);
    expect([...byCode.keys()].every(isValidCreditCode)).toBe(true);
    const withReg = d.parcels.filter((p) => p.attrs.registeredAreaMu != null);
    const off = withReg.filter((p) => Math.abs(p.attrs.registeredAreaMu! / p.areaMu - 1) > 0.005).length / withReg.length;
    expect(withReg.length / d.parcels.length).toBeGreaterThan(0.85);
    expect(off).toBeGreaterThan(0.015);
    expect(off).toBeLessThan(0.06);
    const noClass = d.parcels.filter((p) => p.attrs.evalClass == null).length / d.parcels.length;
    expect(noClass).toBeGreaterThan(0.1);
    expect(noClass).toBeLessThan(0.22);
  });
  it('has no date after asOf, and a few percent idle parcels, some caused by government', () => {
    const dates = d.parcels.flatMap((p) => [p.attrs.transferDate, p.attrs.agreedStartDate, p.attrs.actualStartDate, p.attrs.suspendedSince]).filter((x): x is string => !!x);
    expect(dates.every((x) => /^\d{4}-\d{2}-\d{2}$/.test(x) && x <= AS_OF)).toBe(true);
    expect(d.parcels.every((p) => p.attrs.builtYear == null || (p.attrs.builtYear >= 1990 && p.attrs.builtYear <= 2022))).toBe(true);
    const idle = d.parcels.filter((p) => isIdle(p.attrs, AS_OF));
    expect(idle.length / d.parcels.length).toBeGreaterThan(0.01);
    expect(idle.length / d.parcels.length).toBeLessThan(0.05);
    expect(idle.some((p) => p.attrs.govCause === true)).toBe(true);
    expect(idle.some((p) => p.attrs.actualStartDate == null)).toBe(true);
    expect(idle.some((p) => p.attrs.suspendedSince != null)).toBe(true);
    // Suspended but not idle (developed enough, or suspended < 1 year) exist too, so the rule is exercised.
    expect(d.parcels.some((p) => p.attrs.suspendedSince != null && !isIdle(p.attrs, AS_OF))).toBe(true);
  });
  it('has a few 两高 firms and mostly modest energy intensity', () => {
    const twoHigh = d.parcels.filter((p) => p.attrs.energyTce != null && p.attrs.builtYear != null
      && (p.attrs.builtYear >= 2018 ? p.attrs.energyTce >= 1000 : p.attrs.energyTce >= 5000));
    expect(twoHigh.length).toBeGreaterThanOrEqual(3);
    const ei = d.parcels.filter((p) => p.attrs.energyTce != null && p.attrs.addedValue).map((p) => p.attrs.energyTce! / p.attrs.addedValue!);
    expect(ei.filter((x) => x >= 0.1 && x <= 0.6).length / ei.length).toBeGreaterThan(0.75);
  });
  it('floor area is Σ footprint × floors and FAR is mostly 0.8–2.5', () => {
    const far = d.parcels.filter((p) => p.attrs.floorArea).map((p) => p.attrs.floorArea! / (p.areaMu * 10000 / 15));
    expect(far.filter((x) => x >= 0.8 && x <= 2.5).length / far.length).toBeGreaterThan(0.7);
    const byHost = new Map<number, number>();
    for (const b of d.buildings) byHost.set(b.host, (byHost.get(b.host) ?? 0) + b.footprintM2 * b.floors);
    d.parcels.forEach((p, i) => { if (byHost.has(i)) expect(p.attrs.floorArea).toBeCloseTo(byHost.get(i)!, 1); });
  });
});

describe('buildings', () => {
  it('~3 per parcel, coverage mostly 35–60 %, some under 30 %, and the usual quirks', async () => {
    const buildings = (await readFgb(d.files.get('buildings.fgb')!)).features;
    expect(buildings.length / parcels.length).toBeGreaterThan(2.5);
    expect(buildings.length / parcels.length).toBeLessThan(3.6);
    expect(buildings.filter((b) => b.properties?.parcelId == null).length).toBeGreaterThan(0);
    const cov = d.parcels.map((p) => p.footprintM2 / (p.areaMu * 10000 / 15));
    expect(cov.filter((c) => c >= 0.3 && c <= 0.62).length / cov.length).toBeGreaterThan(0.75);
    expect(cov.filter((c) => c < 0.3).length).toBeGreaterThan(50);
    expect(d.buildings.filter((b) => b.insideM2 < b.footprintM2 - 1).length).toBeGreaterThan(5);
  });
});

describe('pipeline and ledger', () => {
  it('land that can be freed is 1.2–2 × the 600-亩 target', () => {
    const est = estimatePipeline(d.parcels, AS_OF);
    expect(est.totalMu).toBeGreaterThan(720);
    expect(est.totalMu).toBeLessThan(1200);
    // D-class parcels are mostly the low-efficiency (or idle) ones.
    const dGiven = d.parcels.filter((p) => p.attrs.evalClass === 'D');
    const lowOrIdle = dGiven.filter((p) => isIdle(p.attrs, AS_OF) || (p.attrs.tax != null && p.attrs.tax / p.areaMu < 8));
    expect(lowOrIdle.length / dGiven.length).toBeGreaterThan(0.6);
  });
  it('completed land-freeing actions total 250–400 亩 over 2021–2023, on pipeline parcels', () => {
    const index = new Map(d.parcels.map((p, i) => [p.attrs.parcelId, i]));
    const done = d.ledger.filter((l) => l.status === '已完成' && LAND_FREEING.includes(l.action));
    const mu = done.reduce((s, l) => s + d.parcels[index.get(l.parcelId)!]!.areaMu, 0);
    expect(mu).toBeGreaterThan(250);
    expect(mu).toBeLessThan(400);
    expect(done.every((l) => l.date >= '2021-01-01' && l.date <= '2023-12-31')).toBe(true);
    expect(new Set(done.map((l) => l.date.slice(0, 4))).size).toBe(3);
    expect(d.ledger.every((l) => d.pipeline.byParcel[index.get(l.parcelId)!]! > 0)).toBe(true);
    expect(new Set(d.ledger.map((l) => l.status))).toEqual(new Set(['待处置', '处置中', '已完成']));
  });
});

describe('overlays', () => {
  it('block lines of both levels cover most but not all industrial land; parks include 经济开发区 and 小微企业园', async () => {
    const lines = (await readFgb(d.files.get('blocklines.fgb')!)).features;
    expect(new Set(lines.map((l) => l.properties?.level))).toEqual(new Set(['一级', '二级']));
    const parks = (await readFgb(d.files.get('parks.fgb')!)).features;
    expect(parks.filter((p) => p.properties?.kind === '经济开发区').length).toBe(3);
    expect(parks.filter((p) => p.properties?.kind === '小微企业园').length).toBeGreaterThan(3);
    // Share of parcels whose centre-ish first vertex lies under a block line: most, not all.
    const polys = lines.map((l) => l.geometry as Polygon);
    const inLine = parcels.filter((p) => {
      const ring = (p.geometry.type === 'Polygon' ? p.geometry.coordinates : p.geometry.coordinates[0]!)[0]!;
      const c = [(ring[0]![0]! + ring[2]![0]!) / 2, (ring[0]![1]! + ring[2]![1]!) / 2];
      return polys.some((g) => booleanWithin({ type: 'Point', coordinates: c }, g));
    }).length / parcels.length;
    expect(inLine).toBeGreaterThan(0.6);
    expect(inLine).toBeLessThan(0.97);
  });
});
