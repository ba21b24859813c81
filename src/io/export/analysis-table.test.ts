import { describe, expect, it } from 'vitest';
import { analyzeParcels } from '../../domain/analyze';
import type { ParcelGeoFacts } from '../../domain/facts';
import type { ParcelAttributes } from '../../domain/parcel';
import { DEFAULT_RULE_SET } from '../../domain/rule-set';
import { RULE_IDS } from '../../domain/rules/outcome';
import { m2FromMu, mu, squareMetres } from '../../domain/units';
import { analysisColumns, analysisRow, BASE_COLUMNS, PROVENANCE_COLUMNS, provenanceCells, ruleSetTag } from './analysis-table';

const facts = (areaMu: number, extra: Partial<ParcelGeoFacts> = {}): ParcelGeoFacts => ({
  areaM2: m2FromMu(mu(areaMu)), footprintM2: squareMetres(m2FromMu(mu(areaMu)) * 0.4),
  blocklineOverlapM2: null, park: null, townFromLayer: null, ...extra,
});

describe('analysis table', () => {
  const parcels: ParcelAttributes[] = [
    { parcelId: 'a', enterprise: '甲', scale: 'above', builtYear: 2012, tax: 50, floorArea: 3000 },
    { parcelId: 'b', landUse: '商业' },
    { parcelId: 'c' },
  ];
  const f = [facts(10), facts(4), facts(6, { footprintM2: null, geometryError: 'self-intersection' })];
  const result = analyzeParcels(parcels, f, DEFAULT_RULE_SET, { evaluationDate: '2023-06-30' });

  it('writes each rule status and reason, unknown cells with the missing inputs', () => {
    const cols = analysisColumns();
    expect(cols).toHaveLength(BASE_COLUMNS.length + 2 * RULE_IDS.length + PROVENANCE_COLUMNS.length);
    expect(cols.slice(-PROVENANCE_COLUMNS.length)).toEqual([...PROVENANCE_COLUMNS]);
    let unknownCells = 0;
    for (let i = 0; i < parcels.length; i++) {
      const row = analysisRow(result, i, f[i]);
      expect(row).toHaveLength(cols.length - PROVENANCE_COLUMNS.length);
      expect(row[0]).toBe(parcels[i]!.parcelId);
      const outcomes = result.outcomesOf(i);
      RULE_IDS.forEach((id, r) => {
        const o = outcomes[id];
        const at = BASE_COLUMNS.length + 2 * r;
        expect(cols[at]).toBe(`${id}.status`);
        expect(row[at], `${i} ${id}`).toBe(o.status);
        if (o.status === 'unknown') {
          unknownCells++;
          expect(row[at + 1]).toBe(`missing-data:${o.missing.join('|')}`);
        } else expect(row[at + 1]).toBe(o.reason);
      });
    }
    expect(unknownCells).toBeGreaterThan(0);
    // Without a block-line layer the block-line rule lacks it.
    expect(analysisRow(result, 0, f[0])[BASE_COLUMNS.length + 2 * RULE_IDS.indexOf('block-line') + 1]).toBe('missing-data:layer:blocklines');
    expect(analysisRow(result, 2, f[2])[BASE_COLUMNS.indexOf('geometryError')]).toBe('self-intersection');
  });

  it('ends every row with the provenance: date, rule set tag (default or custom-<hash>), dataset identity', () => {
    expect(provenanceCells({ evaluationDate: '2023-12-31', ruleSet: DEFAULT_RULE_SET, dataset: { name: 'ouhai', hash: 'abc' } })).toEqual(['2023-12-31', 'default', 'ouhai', 'abc']);
    const custom = { ...DEFAULT_RULE_SET, version: 99 };
    expect(ruleSetTag(custom)).toMatch(/^custom-[0-9a-f]{8}$/);
    expect(ruleSetTag(custom)).toBe(ruleSetTag(structuredClone(custom)));
  });
});
