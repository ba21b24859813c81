import { describe, expect, it } from 'vitest';
import { analyzeParcels, groupAhead, RULE_IDS, STATUS_CODES } from './analyze';
import type { ParcelGeoFacts } from './facts';
import type { ParcelAttributes } from './parcel';
import { DEFAULT_RULE_SET } from './rule-set';
import { reasonCell, renderMessage } from './rules/outcome';
import { m2FromMu, mu, squareMetres } from './units';

const facts = (areaMu: number, extra: Partial<ParcelGeoFacts> = {}): ParcelGeoFacts => ({
  areaM2: m2FromMu(mu(areaMu)), footprintM2: squareMetres(m2FromMu(mu(areaMu)) * 0.5),
  blocklineOverlapM2: null, park: null, townFromLayer: null, ...extra,
});

describe('analyzeParcels', () => {
  it('exports the rule ids in a stable order', () => {
    expect(RULE_IDS).toEqual(['scope', 'low-efficiency', 'two-high', 'energy', 'idle', 'under-used', 'd-class', 'land-price', 'floor-area', 'dormitory', 'block-line']);
  });

  it('returns per-parcel figures, every rule outcome, the town and the class source', () => {
    const parcels: ParcelAttributes[] = [
      { parcelId: 'a', enterprise: '甲', scale: 'above', builtYear: 2012, tax: 120, addedValue: 600, employees: 30, energyTce: 200, floorArea: 9000, registeredAreaMu: 9.9 },
      { parcelId: 'b', enterprise: '乙', scale: 'above', builtYear: 2012, tax: 600, town: '景山街道', evalClass: 'B' },
    ];
    const result = analyzeParcels(parcels, [facts(10, { townFromLayer: '梧田街道' }), facts(20, { townFromLayer: '梧田街道' })], DEFAULT_RULE_SET, { evaluationDate: '2023-06-30' });
    const r = result.parcels.toArray();
    const a = r[0]!;
    expect(a.areaMu).toBeCloseTo(10, 12);
    expect(a.taxPerMu).toBeCloseTo(12, 12);
    expect(a.valuePerMu).toBeCloseTo(60, 12);
    expect(a.productivity).toBeCloseTo(20, 12);
    expect(a.energyIntensity).toBeCloseTo(200 / 600, 12);
    expect(a.far).toBeCloseTo(9000 / m2FromMu(mu(10)), 12);
    expect(a.coverage).toBeCloseTo(0.5, 12);
    expect(a.unbuiltM2).toBeCloseTo(m2FromMu(mu(10)) / 2, 6);
    expect(a.registeredAreaDiff).toBeCloseTo(10 / 9.9 - 1, 12);
    expect(a.town).toBe('梧田街道'); // from the towns layer when the data has none
    expect(r[1]!.town).toBe('景山街道'); // the data wins
    expect(Object.keys(result.outcomesOf(0))).toEqual([...RULE_IDS]);
    expect(a.evalClassComputed).toBe(true);
    expect(r[1]).toMatchObject({ evalClass: 'B', evalClassComputed: false });
    expect(a.idleStage).toBeNull();
    expect(result.outcomesOf(0)['block-line'].status).toBe('unknown');
  });

  it('re-evaluates with a changed rule set', () => {
    const p: ParcelAttributes[] = [{ parcelId: 'x', scale: 'above', builtYear: 2012, tax: 90 }];
    const at8 = analyzeParcels(p, [facts(10)], DEFAULT_RULE_SET, { evaluationDate: '2023-06-30' });
    const at10 = analyzeParcels(p, [facts(10)], { ...DEFAULT_RULE_SET, lowEfficiency: { taxPerMuBelow: 10, deadlineYear: 2023 } }, { evaluationDate: '2023-06-30' });
    expect(at8.outcomesOf(0)['low-efficiency'].status).toBe('not-met');
    expect(at10.outcomesOf(0)['low-efficiency'].status).toBe('met');
  });

  it('rejects a malformed evaluation date or mismatched facts', () => {
    expect(() => analyzeParcels([], [], DEFAULT_RULE_SET, { evaluationDate: '2023/06/30' })).toThrow(RangeError);
    expect(() => analyzeParcels([{ parcelId: 'x' }], [], DEFAULT_RULE_SET, { evaluationDate: '2023-06-30' })).toThrow(RangeError);
  });

  it('renders message templates with the outcome figures', () => {
    const result = analyzeParcels(
      [{ parcelId: 'i', agreedStartDate: '2022-06-30' }, { parcelId: 'j', scale: 'above', builtYear: 2012, tax: 79.9 }],
      [facts(10), facts(10)], DEFAULT_RULE_SET, { evaluationDate: '2023-06-30' },
    );
    const r = result.parcels.toArray();
    const idle = result.outcomesOf(0).idle;
    expect(r[0]!.idleStage).toBe(1);
    expect(renderMessage(idle, 'zh')).toBe('约定动工日期 2022-06-30 后满 1 年未动工：闲置土地（第 1 阶段：闲置费 64 万元 / 满 2 年无偿收回）');
    expect(renderMessage(idle, 'en')).toBe('not started 1 full year(s) after the agreed start 2022-06-30: idle land (stage 1: fee CNY 640k / recovered without compensation after 2 years)');
    // Per-mu figures say 万元/亩 in Chinese; in English, yuan per mu at the same precision.
    expect(renderMessage(result.outcomesOf(1)['low-efficiency'], 'zh')).toBe('亩均税收 7.99 万元/亩 < 8 万元/亩：低效企业，2023 年底前整治提升到位');
    expect(renderMessage(result.outcomesOf(1)['low-efficiency'], 'en')).toBe('tax per mu CNY 79.9k/mu < CNY 80k/mu: low-efficiency, to be upgraded by end 2023');
    expect(renderMessage(result.outcomesOf(1)['block-line'], 'en')).toBe('missing data: block-line layer');
  });

  it('keeps statuses and reasons as columns, and outcomesOf recomputes exactly what the run decided', () => {
    const parcels: ParcelAttributes[] = [
      { parcelId: 'low', enterprise: '甲', scale: 'above', builtYear: 2012, tax: 50 },
      { parcelId: 'idle', agreedStartDate: '2021-01-01' },
      { parcelId: 'shop', landUse: '商业' },
      { parcelId: 'gap' },
      { parcelId: 'low2', enterprise: '甲', scale: 'above', builtYear: 2012, floorArea: 100 },
    ];
    const f = [facts(10, { blocklineOverlapM2: { '一级': squareMetres(0), '二级': squareMetres(5) } }), facts(20), facts(5), facts(8, { footprintM2: null }), facts(3)];
    const result = analyzeParcels(parcels, f, DEFAULT_RULE_SET, { evaluationDate: '2023-06-30' });
    const R = RULE_IDS.length;
    expect(result.ruleStatus).toHaveLength(parcels.length * R);
    expect(result.ruleReason).toHaveLength(parcels.length * R);
    const seen = new Set<string>();
    for (let i = 0; i < parcels.length; i++) {
      const outcomes = result.outcomesOf(i);
      RULE_IDS.forEach((id, r) => {
        expect(STATUS_CODES[result.ruleStatus[i * R + r]!], `${parcels[i]!.parcelId} ${id}`).toBe(outcomes[id].status);
        expect(result.ruleReason[i * R + r], `${parcels[i]!.parcelId} ${id}`).toBe(reasonCell(outcomes[id]));
        seen.add(outcomes[id].status);
      });
      // Recomputing twice gives equal outcomes, figures included.
      expect(result.outcomesOf(i)).toEqual(outcomes);
    }
    expect([...seen].sort()).toEqual([...STATUS_CODES].sort()); // the fixture exercises every status
    // The enterprise is evaluated on both parcels' land: the recomputation sees the same grouping.
    expect(result.outcomesOf(4)['low-efficiency'].status).toBe('met');
    expect(() => result.outcomesOf(parcels.length)).toThrow(RangeError);
    expect(() => result.outcomesOf(-1)).toThrow(RangeError);
  });

  it('gives a parcel with a flagged geometry no area-based figure and no verdict that needs its area', () => {
    const broken = (areaM2: number): ParcelGeoFacts => ({
      areaM2: squareMetres(areaM2), footprintM2: null, blocklineOverlapM2: null, park: undefined, townFromLayer: null,
      geometryError: 'self-intersection near (3500000, 40500000)',
    });
    const parcels: ParcelAttributes[] = [
      // Class D in the data (needs no area): in the D-class pipeline, but its 亩 are unknown.
      { parcelId: 'bad', enterprise: '甲', scale: 'above', builtYear: 2012, tax: 10, addedValue: 100, employees: 10, energyTce: 60,
        floorArea: 5000, registeredAreaMu: 10, evalClass: 'D', ownership: 'private', tenure: 'owned', priorityIndustry: true },
      // Its enterprise's valid parcel: its own FAR and coverage stand, the enterprise's per-mu do not.
      { parcelId: 'twin', enterprise: '甲', scale: 'above', builtYear: 2012, floorArea: 4000 },
      { parcelId: 'other', enterprise: '乙', scale: 'above', builtYear: 2012, tax: 50, floorArea: 4000 },
    ];
    const result = analyzeParcels(parcels, [broken(1e9), facts(10), facts(10)], DEFAULT_RULE_SET, { evaluationDate: '2023-06-30' });
    const [bad, twin, other] = result.parcels;
    expect(bad).toMatchObject({
      taxPerMu: null, valuePerMu: null, far: null, coverage: null, unbuiltM2: null, registeredAreaDiff: null,
      productivity: 10, energyIntensity: 0.6, evalClass: 'D', reclaimKind: 'd-class', reclaimableMu: 0,
    });
    expect(twin).toMatchObject({ taxPerMu: null, valuePerMu: null, coverage: 0.5 });
    expect(twin!.far).toBeCloseTo(4000 / m2FromMu(mu(10)), 12);
    expect(other!.taxPerMu).toBeCloseTo(5, 12); // another enterprise is untouched
    const o = result.outcomesOf(0);
    const missing = (id: (typeof RULE_IDS)[number]) => { const x = o[id]; return x.status === 'unknown' ? x.missing : x.status; };
    for (const id of ['low-efficiency', 'under-used', 'land-price', 'floor-area', 'block-line'] as const) expect(missing(id), id).toEqual(['geometry']);
    expect(missing('dormitory')).toEqual(['geometry']);
    expect(o.scope.status).toBe('met'); // above-scale: no land needed
    expect(o['two-high'].status).toBe('not-met');
    expect(o.energy.status).toBe('met'); // 60 / 100 > 0.49
    expect(o['d-class'].status).toBe('met');
    expect(renderMessage(o['low-efficiency'], 'en')).toBe('missing data: valid parcel geometry (geometry error)');
    // The valid twin: its enterprise's land is unknown, its own is not.
    const t = result.outcomesOf(1);
    expect(t['low-efficiency']).toMatchObject({ status: 'unknown', missing: ['geometry'] });
    expect(t['under-used'].status).toBe('not-met');
    // Nothing of the 1e9 m² reaches the district: only the two valid parcels' 20 亩.
    expect(result.summary.areaMu).toBeCloseTo(20, 9);
    expect(result.summary.areaUnknownParcels).toBe(1);
    // In the pipeline: the twin (class D from its enterprise) and 乙 (5 万元/亩, low-efficiency), 10 亩
    // each; the broken parcel is D-class too, with its energy but none of its 1e9 m².
    expect(twin).toMatchObject({ reclaimKind: 'd-class' });
    expect(result.summary.pipelineByKind['d-class']).toBeCloseTo(10, 9);
    expect(result.summary.pipelineMu).toBeCloseTo(20, 9);
    expect(result.summary.energyPipelineTce).toBe(60);
    expect(result.summary.taxPerMu.value).toBeCloseTo(5, 12);
    expect(result.summary.ruleUnknown['low-efficiency']).toBe(2);
  });

  describe('with the enterprises grouped ahead', () => {
    const parcels: ParcelAttributes[] = [
      { parcelId: 'a', enterprise: '甲', creditCode: '91330304X', scale: 'above', builtYear: 2012, tax: 120, addedValue: 600 },
      { parcelId: 'b', enterprise: '甲', creditCode: '91330304X', scale: 'above', builtYear: 2012 },
      { parcelId: 'c', enterprise: '乙', scale: 'below', builtYear: 2015, tax: 30 },
    ];
    const land = [facts(10), facts(5), facts(8)];
    const options = { evaluationDate: '2023-06-30' };
    const plain = analyzeParcels(parcels, land, DEFAULT_RULE_SET, options);

    it('gives the same result as grouping in the run', () => {
      const withAhead = analyzeParcels(parcels, land, DEFAULT_RULE_SET, { ...options, ahead: groupAhead(parcels, land) });
      expect(withAhead.parcels.toArray()).toEqual(plain.parcels.toArray());
      expect(withAhead.summary).toEqual(plain.summary);
      expect(withAhead.ruleReason).toEqual(plain.ruleReason);
    });

    it('gives the same result with the classes computed ahead, and uses them only under an equal rule set', () => {
      const ahead = groupAhead(parcels, land, structuredClone(DEFAULT_RULE_SET));
      const withClasses = analyzeParcels(parcels, land, DEFAULT_RULE_SET, { ...options, ahead });
      expect(withClasses.parcels.toArray()).toEqual(plain.parcels.toArray());
      expect(withClasses.summary).toEqual(plain.summary);
      // Classes made ahead are taken as they are (every enterprise marked D here shows it) …
      ahead.classes!.columns.classIndex.fill(3);
      const marked = analyzeParcels(parcels, land, DEFAULT_RULE_SET, { ...options, ahead });
      expect(marked.parcels.map((r) => r.evalClass)).toEqual(['D', 'D', 'D']);
      // … but not under another rule set.
      const other = { ...DEFAULT_RULE_SET, evaluation: { ...DEFAULT_RULE_SET.evaluation, classShares: { A: 0.5, B: 0.3, C: 0.15, D: 0.05 } } };
      expect(analyzeParcels(parcels, land, other, { ...options, ahead }).parcels.map((r) => r.evalClass)).toEqual(analyzeParcels(parcels, land, other, options).parcels.map((r) => r.evalClass));
    });

    it('uses the grouping when the facts give every parcel the land it was grouped on', () => {
      // Grouped on twice the land: 甲's tax per 亩 halves, which shows the run took this grouping.
      const ahead = { ...groupAhead(parcels, land.map((f) => ({ areaM2: squareMetres(2 * f.areaM2) }))), land };
      const r = analyzeParcels(parcels, land, DEFAULT_RULE_SET, { ...options, ahead });
      expect(r.parcels.at(0)!.taxPerMu).toBeCloseTo(plain.parcels.at(0)!.taxPerMu! / 2, 12);
    });

    it('groups again for other land (a parcel flagged by the overlay) or other parcels', () => {
      const ahead = groupAhead(parcels, land);
      const flagged = land.map((f, i) => (i === 1 ? { ...f, geometryError: 'overlay failed: x' } : f));
      const r = analyzeParcels(parcels, flagged, DEFAULT_RULE_SET, { ...options, ahead });
      expect(r.parcels.toArray()).toEqual(analyzeParcels(parcels, flagged, DEFAULT_RULE_SET, options).parcels.toArray());
      expect(r.parcels.at(0)!.taxPerMu).toBeNull(); // 甲's land is unknown with one parcel flagged
      const copies = parcels.map((p) => ({ ...p }));
      // Grouped on other land but recorded as this land: only the parcels differ, and that alone regroups.
      const doubled = { ...groupAhead(parcels, land.map((f) => ({ areaM2: squareMetres(2 * f.areaM2) }))), land };
      expect(analyzeParcels(copies, land, DEFAULT_RULE_SET, { ...options, ahead: doubled }).parcels.toArray()).toEqual(plain.parcels.toArray());
    });
  });
});
