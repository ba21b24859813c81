import { describe, expect, it } from 'vitest';
import { analyzeParcels } from '../../domain/analyze';
import type { ParcelGeoFacts } from '../../domain/facts';
import type { ParcelAttributes } from '../../domain/parcel';
import { DEFAULT_RULE_SET } from '../../domain/rule-set';
import { m2FromMu, mu, squareMetres } from '../../domain/units';
import { analysisCsvBytes, fixedCell } from './analysis-csv';
import { analysisColumns, analysisRow, provenanceCells, round } from './analysis-table';
import { csvCell, toCsv } from './csv';

describe('results table as CSV bytes', () => {
  it('fixedCell is csvCell(round(v, digits)) for any value', () => {
    const values = [0, -0, 0.00001, -0.00004, 0.5, 1.3106, -12.5, 123.45, 99999.99995, 1e11, -3e12, 1e21, 1.005, 2.675, NaN, Infinity, null];
    let seed = 7;
    const rand = () => ((seed = Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
    for (let i = 0; i < 20000; i++) values.push((rand() - 0.5) * 10 ** (rand() * 16 - 5));
    // Decimals at and next to the rounding ties, where the integer path must step aside.
    for (let i = 0; i < 20000; i++) {
      const tie = (Math.floor(rand() * 2e6) - 1e6 + 0.5) / 10 ** (2 + Math.floor(rand() * 3));
      values.push(tie, tie + 1e-9, tie - 1e-9, Math.round(rand() * 1e7) / 10 ** Math.floor(rand() * 8));
    }
    for (const v of [...values, 0.49999999999999994, -0.49999999999999994]) for (const d of [0, 1, 2, 3, 4]) expect(fixedCell(v, d), `${v} ${d}`).toBe(csvCell(round(v, d)));
  });

  it('gives the UTF-8 of toCsv over analysisRow, in chunks', () => {
    const parcels: ParcelAttributes[] = Array.from({ length: 5000 }, (_, i) => ({
      parcelId: i === 1 ? '=HYPERLINK("x")' : `p,${i}`, enterprise: `企业${i % 7}`, scale: i % 3 ? 'above' : 'below',
      builtYear: 2000 + (i % 20), tax: (i * 37) % 91, floorArea: 1000 + i, town: i % 5 ? '娄桥街道' : null,
    }));
    const facts: ParcelGeoFacts[] = parcels.map((_, i) => ({
      areaM2: m2FromMu(mu(1 + (i % 13) / 3)), footprintM2: i % 11 ? squareMetres(300 + i / 7) : null,
      blocklineOverlapM2: null, park: null, townFromLayer: null, ...(i === 4 ? { geometryError: 'self-intersection, "here"' } : {}),
    }));
    const result = analyzeParcels(parcels, facts, DEFAULT_RULE_SET, { evaluationDate: '2023-06-30' });
    const provenance = { evaluationDate: '2023-06-30', ruleSet: DEFAULT_RULE_SET, dataset: { name: 'd', hash: 'h' } };
    const fids = parcels.map((_, i) => i).reverse();
    const tail = provenanceCells(provenance);
    const expected = toCsv(analysisColumns(), fids.map((i) => [...analysisRow(result, i, facts[i]), ...tail]));
    const whole = new TextEncoder().encode(expected);
    // Chunks of a few bytes end between most cells and inside figures.
    for (const size of [7, 4096, undefined]) {
      const chunks = [...analysisCsvBytes(result, facts, fids, provenance, size)];
      expect(chunks.length).toBeGreaterThan(size ? whole.length / size / 20 : 1);
      expect(Buffer.concat(chunks).equals(whole), `chunks of ${size}`).toBe(true);
    }
  });
});
