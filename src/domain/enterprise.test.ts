import { describe, expect, it } from 'vitest';
import { enterpriseKey, groupEnterprises, type Enterprise } from './enterprise';
import { METRIC_KEYS } from './metrics';
import type { ParcelGeoFacts } from './facts';
import type { ParcelAttributes } from './parcel';
import { m2FromMu, mu, type SquareMetres } from './units';

const facts = (areaMu: number): ParcelGeoFacts => ({
  areaM2: m2FromMu(mu(areaMu)), footprintM2: null, blocklineOverlapM2: null, park: undefined, townFromLayer: null,
});

describe('enterprise aggregation', () => {
  it('keys by credit code (normalised), else name, else parcel', () => {
    expect(enterpriseKey({ parcelId: 'p', creditCode: ' 91330304ma2x ', enterprise: 'A' })).toBe('code:91330304MA2X');
    expect(enterpriseKey({ parcelId: 'p', creditCode: '', enterprise: ' 甲厂 ' })).toBe('name:甲厂');
    expect(enterpriseKey({ parcelId: 'p' })).toBe('parcel:p');
  });

  it('sums land and figures over an enterprise\'s parcels and evaluates per mu on the sum', () => {
    const parcels: ParcelAttributes[] = [
      { parcelId: 'a', creditCode: 'C1', enterprise: '甲厂', scale: 'below', tax: 100, employees: 10 },
      { parcelId: 'b', creditCode: 'C1', enterprise: '甲厂(二期)', scale: 'above', tax: null, employees: 30 },
      { parcelId: 'c', enterprise: '乙厂', tax: 40 },
      { parcelId: 'd', enterprise: '乙厂', tax: 20 },
      { parcelId: 'e', tax: 5 },
    ];
    const { enterprises, enterpriseOf } = groupEnterprises(parcels, [facts(10), facts(5), facts(2), facts(4), facts(1)]);
    expect(enterprises).toHaveLength(3);
    expect([...enterpriseOf]).toEqual([0, 0, 1, 1, 2]);
    const jia = enterprises[0]!;
    expect(jia.parcels).toEqual([0, 1]);
    expect(jia.scale).toBe('above'); // any parcel above-scale makes the enterprise above-scale
    expect(jia.figures.areaM2 as SquareMetres).toBeCloseTo(m2FromMu(mu(15)), 9);
    expect(jia.figures.tax).toBe(100); // a figure missing on one parcel counts as reported on the other
    expect(jia.figures.employees).toBe(40);
    expect(jia.metrics.taxPerMu).toBeCloseTo(100 / 15, 12);
    const yi = enterprises[1]!;
    expect(yi.metrics.taxPerMu).toBeCloseTo(10, 12);
    expect(yi.scale).toBeNull();
    expect(yi.figures.addedValue).toBeNull(); // no parcel has it
  });

  it('leaves an enterprise\'s land and per-mu figures unknown when one of its parcels has a flagged geometry', () => {
    // The tax is the enterprise's, reported in full on its valid parcel; the broken parcel's shoelace
    // area is tiny. Neither 100/10 (valid land only) nor 100/(10 + 0.0001) may come out.
    const parcels: ParcelAttributes[] = [
      { parcelId: 'a', enterprise: '甲厂', scale: 'above', tax: 100, addedValue: 500, employees: 20, energyTce: 50, revenue: 1000, rdExpense: 30 },
      { parcelId: 'b', enterprise: '甲厂' },
      { parcelId: 'c', enterprise: '乙厂', tax: 40 },
      { parcelId: 'd', tax: 5, addedValue: 10 },
    ];
    const broken: ParcelGeoFacts = { ...facts(0.0001), geometryError: 'self-intersection near (0, 0)' };
    const { enterprises } = groupEnterprises(parcels, [facts(10), broken, facts(4), { ...broken }]);
    const jia = enterprises[0]!;
    expect(jia.figures.areaM2).toBeNull();
    expect(jia.metrics.taxPerMu).toBeNull();
    expect(jia.metrics.valuePerMu).toBeNull();
    // Figures that need no land stay known.
    expect(jia.figures.tax).toBe(100);
    expect(jia.metrics.productivity).toBe(25);
    expect(jia.metrics.energyIntensity).toBe(0.1);
    expect(jia.metrics.rdShare).toBe(0.03);
    // Another enterprise is untouched; a one-parcel enterprise with a flagged parcel has no land either.
    expect(enterprises[1]!.metrics.taxPerMu).toBeCloseTo(10, 12);
    expect(enterprises[2]!.figures.areaM2).toBeNull();
    expect(enterprises[2]!.metrics.taxPerMu).toBeNull();
  });

  it('takes the class in the data from the first of the enterprise\'s parcels that has one', () => {
    const parcels: ParcelAttributes[] = [
      { parcelId: 'a', enterprise: '甲厂' },
      { parcelId: 'b', enterprise: '甲厂', evalClass: 'C' },
      { parcelId: 'c', enterprise: '甲厂', evalClass: 'A' },
      { parcelId: 'd', enterprise: '乙厂' },
    ];
    const { enterprises } = groupEnterprises(parcels, parcels.map(() => facts(1)));
    expect(enterprises.map((e) => e.dataClass)).toEqual(['C', null]);
  });

  it('reads each figure and metric from its columns, keeping null apart from 0', () => {
    const parcels: ParcelAttributes[] = [
      { parcelId: 'a', enterprise: '甲厂', tax: 0, employees: 4, addedValue: 80 },
      { parcelId: 'b', enterprise: '乙厂', tax: 12.5 },
    ];
    const { enterprises } = groupEnterprises(parcels, [facts(2), { ...facts(1), geometryError: 'x' }]);
    const [jia, yi] = enterprises as [Enterprise, Enterprise];
    expect(jia.figure('tax')).toBe(0);
    expect(jia.metric('taxPerMu')).toBe(0);
    expect(jia.metric('productivity')).toBe(20);
    expect(jia.metricAt(METRIC_KEYS.indexOf('productivity'))).toBe(20);
    expect(jia.figure('revenue')).toBeNull();
    expect(jia.metric('rdShare')).toBeNull();
    expect(jia.landM2()).toBeCloseTo(m2FromMu(mu(2)), 9);
    expect(yi.landM2()).toBeNull();
    expect(yi.figure('tax')).toBe(12.5);
    expect(yi.metric('taxPerMu')).toBeNull();
    // The object forms hold the same values.
    expect(jia.figures).toMatchObject({ tax: 0, employees: 4, revenue: null });
    expect(yi.metrics).toMatchObject({ taxPerMu: null });
  });
});

