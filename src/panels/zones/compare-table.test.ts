import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n';
import type { ZoneStats } from '../../domain/zone-stats';
import { compareCsv, COMPARE_ROWS, fatalProblem } from './compare-table';

const stats = (landMu: number, count: number): ZoneStats => ({
  zoneId: 'z', seq: 1, areaM2: 0, areaMu: 100.123456789, landM2: 0, landMu,
  parcels: { count, whole: count, partial: 0, fids: [], wholeFids: [], partialFids: [], clippedM2: [], share: [], areaUnknownFids: [] },
  idleMu: 0, lowEfficiencyMu: 0, underUsedMu: 0, freeableMu: 0, freeableByKind: { idle: 0, 'low-efficiency': 0, 'd-class': 0, 'under-used': 0 },
  achievedMu: 0, enterprises: 2, employees: 10, taxWan: 5, valueAddedWan: 6, energyTce: 1,
  taxPerMu: { numerator: 5, denominator: 0, value: null }, blocklineOverlapM2: null, blocklineFids: [], parkOverlapM2: null,
  policy: { landPrice: [], floorArea: [], dormitory: [] }, figureFids: { idle: [], lowEfficiency: [], underUsed: [], freeable: [], achieved: [] }, whatIf: null, problems: [], timings: { ms: 0 },
});

describe('compare CSV', () => {
  it('has a BOM, CRLF lines, one column per zone, guarded names and empty cells for missing figures', () => {
    const csv = compareCsv(['=HYPERLINK("x")', '片区 2', '片区 3'], [stats(12.3456789, 3), stats(4, 1), null], translator('zh-CN'));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(COMPARE_ROWS.length + 2); // header, rows, the final empty string after the last CRLF
    expect(lines[0]).toBe(`指标,"'=HYPERLINK(""x"")",片区 2,片区 3`);
    expect(lines[1]).toBe('片区面积（亩）,100.1235,100.1235,');
    expect(lines[2]).toBe('涉及地块（宗）,3,1,');
    expect(lines[3]).toBe('地块用地（裁切后）（亩）,12.3457,4,');
    expect(lines.find((l) => l.startsWith('片区全部企业亩均税收'))).toBe('片区全部企业亩均税收（万元/亩）,,,');
  });

  it('in English, its units are English too', () => {
    const en = compareCsv(['A'], [stats(1, 1)], translator('en')).slice(1).split('\r\n');
    expect(en[1]).toMatch(/^Zone area \(mu\),/);
    expect(en.join('\n')).not.toMatch(/[亩万元吨宗家人]/);
  });
});

describe('a zone the engine refused (crosses itself, no area …)', () => {
  const refused: ZoneStats = {
    ...stats(0, 0), enterprises: 0, employees: 0, taxWan: 0, valueAddedWan: 0, energyTce: 0, areaMu: 0,
    problems: [{ code: 'self-intersection', fatal: true, zh: '区域边界自相交（约在 120.6°E 附近）', en: 'The zone\'s outline crosses itself (near 120.6°E)' }],
  };

  it('has "—" for every figure in the CSV, never 0, and a first row saying why', () => {
    const lines = compareCsv(['片区 1', '片区 2'], [stats(4, 1), refused], translator('zh-CN')).slice(1).split('\r\n');
    expect(lines[1]).toBe('无法统计的原因,,区域边界自相交（约在 120.6°E 附近）');
    expect(lines[2]).toBe('片区面积（亩）,100.1235,—');
    expect(lines[3]).toBe('涉及地块（宗）,1,—');
    expect(lines.slice(2, -1).every((l) => l.endsWith(',—'))).toBe(true);
    const en = compareCsv(['A', 'B'], [stats(4, 1), refused], translator('en'), 'en').slice(1).split('\r\n');
    expect(en[1]).toMatch(/crosses itself/);
  });

  it('a non-fatal problem (no parcels) keeps its figures', () => {
    const none: ZoneStats = { ...stats(0, 0), problems: [{ code: 'no-parcels', fatal: false, zh: '区域内没有地块。', en: 'The zone holds no parcels.' }] };
    expect(fatalProblem(none)).toBeNull();
    expect(compareCsv(['A'], [none], translator('zh-CN')).slice(1).split('\r\n')[2]).toBe('涉及地块（宗）,0');
  });
});
