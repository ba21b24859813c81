import { describe, expect, it } from 'vitest';
import { groupEnterprises } from './enterprise';
import type { ParcelAttributes } from './parcel';
import { ParcelResults, type ParcelFigures } from './parcel-results';
import { mu, squareMetres } from './units';

const parcels: ParcelAttributes[] = [
  { parcelId: 'P1', enterprise: '甲', tax: 100, employees: 10 },
  { parcelId: 'P2', enterprise: '甲', tax: 50 },
  { parcelId: 'P3', enterprise: '乙' },
];
// 10 亩 each.
const { enterprises, enterpriseOf } = groupEnterprises(parcels, parcels.map(() => ({ areaM2: squareMetres(20000 / 3) })));

const full: ParcelFigures = {
  town: '梧田街道', areaM2: squareMetres(6667), areaMu: mu(10), registeredAreaDiff: -0.25, far: 1.2, coverage: 0.4, unbuiltM2: squareMetres(4000),
  evalClass: 'C', evalClassComputed: true, evalScore: 61.5, idleStage: 'negotiated', reclaimableMu: 10, reclaimKind: 'low-efficiency', reclaimYear: 2022,
};
const empty: ParcelFigures = {
  town: null, areaM2: squareMetres(0), areaMu: mu(0), registeredAreaDiff: null, far: null, coverage: null, unbuiltM2: null,
  evalClass: null, evalClassComputed: false, evalScore: null, idleStage: null, reclaimableMu: 0, reclaimKind: null, reclaimYear: null,
};

function results(): ParcelResults {
  const r = new ParcelResults(parcels, enterprises, enterpriseOf);
  r.set(0, full);
  r.set(1, { ...full, idleStage: 2, evalClass: 'A', reclaimKind: 'achieved', far: 0 });
  r.set(2, empty);
  return r;
}

describe('ParcelResults', () => {
  it('gives back each parcel as it was set, with its id and its enterprise figures', () => {
    const r = results();
    expect(r.at(0)).toEqual({
      parcelId: 'P1', enterpriseKey: 'name:甲', enterpriseParcels: 2, town: '梧田街道', areaM2: 6667, areaMu: 10, registeredAreaDiff: -0.25,
      taxPerMu: enterprises[0]!.metrics.taxPerMu, valuePerMu: null, productivity: null, energyIntensity: null, rdShare: null,
      far: 1.2, coverage: 0.4, unbuiltM2: 4000, evalClass: 'C', evalClassComputed: true, evalScore: 61.5,
      idleStage: 'negotiated', reclaimableMu: 10, reclaimKind: 'low-efficiency', reclaimYear: 2022,
    });
    expect(r.at(0)!.taxPerMu).toBeCloseTo(150 / 20, 9); // 甲's tax over its two parcels' land
    expect(r.at(1)).toMatchObject({ parcelId: 'P2', idleStage: 2, evalClass: 'A', reclaimKind: 'achieved', far: 0 });
  });

  it('keeps null apart from zero', () => {
    const r = results();
    expect(r.at(2)).toMatchObject({ ...empty, parcelId: 'P3', enterpriseKey: 'name:乙', enterpriseParcels: 1 });
    expect(r.at(1)!.far).toBe(0);
  });

  it('answers undefined outside the parcels, as an array does (no negative indexes)', () => {
    const r = results();
    for (const i of [-1, 3, 1.5, Number.NaN]) expect(r.at(i)).toBeUndefined();
  });

  it('makes a row once for cells read one by one, and anew for another parcel', () => {
    const r = results();
    const a = r.at(0);
    expect(r.at(0)).toBe(a);
    expect(r.at(1)).not.toBe(a);
    expect(r.at(0)).not.toBe(a);
    expect(r.at(0)).toEqual(a);
  });

  it('iterates, maps and lists every parcel in order', () => {
    const r = results();
    expect([...r].map((p) => p.parcelId)).toEqual(['P1', 'P2', 'P3']);
    expect(r.map((p, i) => `${i}:${p.parcelId}`)).toEqual(['0:P1', '1:P2', '2:P3']);
    expect(r.toArray()).toEqual([r.at(0), r.at(1), r.at(2)]);
    const seen: string[] = [];
    r.forEach((p) => seen.push(p.parcelId));
    expect(seen).toEqual(['P1', 'P2', 'P3']);
  });

  it('uses the view codes in its columns', () => {
    const r = results();
    expect([...r.classIndex]).toEqual([2, 0, -1]);
    expect([...r.idleStage]).toEqual([3, 2, 0]);
    expect([...r.reclaimKind]).toEqual([2, 0, -1]);
    expect(Number.isNaN(r.far[2]!)).toBe(true);
  });
});
