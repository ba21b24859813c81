import { describe, expect, it } from 'vitest';
import type { KpiBlock } from '../../domain/summary';
import { sortedTowns } from './TownTable';

const block = (parcels: number, tax: number | null, achieved: number): KpiBlock =>
  ({ parcels, achievedMu: achieved, pipelineMu: 0, closedEnterprises: 0, upgradedEnterprises: 0, stages: { current: { taxPerMu: { value: tax } } } }) as unknown as KpiBlock;

describe('the 镇街 table sorted by a column', () => {
  const towns: [string, KpiBlock][] = [['娄桥街道', block(10, 30, 5)], ['梧田街道', block(30, null, 1)], ['景山街道', block(20, 50, 5)]];
  it('sorts descending first, the other way on a second click, towns without a figure last', () => {
    expect(sortedTowns(towns, 'parcels', false).map(([n]) => n)).toEqual(['梧田街道', '景山街道', '娄桥街道']);
    expect(sortedTowns(towns, 'taxPerMu', false).map(([n]) => n)).toEqual(['景山街道', '娄桥街道', '梧田街道']);
    expect(sortedTowns(towns, 'taxPerMu', true).map(([n]) => n)).toEqual(['娄桥街道', '景山街道', '梧田街道']);
    // Ties by name, in the Chinese collation.
    expect(sortedTowns(towns, 'achieved', false).map(([n]) => n)).toEqual(['景山街道', '娄桥街道', '梧田街道']);
    expect(sortedTowns(towns, null, false)).toEqual(towns);
  });
});
