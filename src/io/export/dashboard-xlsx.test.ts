import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DistrictSummary } from '../../domain/summary';
import { districtWithEarlyCompletion } from '../../domain/summary.test-helper';
import { ouhaiSource } from './export.test-helper';
import { writeDashboardXlsx } from './dashboard-xlsx';

describe('the dashboard workbook', () => {
  let summary: DistrictSummary;
  beforeAll(async () => {
    summary = (await ouhaiSource()).source.run.summary;
  }, 60_000);

  it('holds the stages against both targets, the results to date and by year, and every 镇街 row', () => {
    const bytes = writeDashboardXlsx(summary, { evaluationDate: '2023-12-31', asOf: '2022-12-31', ruleSetName: '瓯海区默认规则', datasetName: '瓯海区示例数据', synthetic: true, exportedOn: '2026-12-03' });
    const files = unzipSync(bytes);
    expect(strFromU8(files['xl/workbook.xml']!)).toMatch(/<sheet name="目标看板" sheetId="1".*<sheet name="镇街" sheetId="2"/);
    const strings = strFromU8(files['xl/sharedStrings.xml']!);
    for (const word of ['基期', '现状', '全部腾出后', '亩均税收（万元/亩）', '累计成效（2021 年起）', '截至 2021 年底', '瓯海区示例数据（示例数据）', '2023-12-31']) expect(strings).toContain(word);
    for (const town of Object.keys(summary.byTown)) expect(strings).toContain(town);
    // The 现状 亩均税收 as the engine computed it, to the cell's precision.
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const current = summary.stages.current.taxPerMu.value!;
    expect(sheet).toContain(`<v>${current}</v>`);
  });
});

/** The cells of a sheet written by xlsx-writer, as rows of strings and numbers (blank cells: null). */
function readSheet(files: Record<string, Uint8Array>, n: number): (string | number | null)[][] {
  const strings = [...strFromU8(files['xl/sharedStrings.xml']!).matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map((m) => m[1]!);
  const col = (ref: string) => [...ref.replace(/\d+$/, '')].reduce((acc, ch) => acc * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return [...strFromU8(files[`xl/worksheets/sheet${n}.xml`]!).matchAll(/<row r="\d+">(.*?)<\/row>/g)].map((row) => {
    const out: (string | number | null)[] = [];
    let next = 0;
    for (const c of row[1]!.matchAll(/<c( r="([A-Z]+\d+)")?( t="s")?[^>]*><v>([^<]*)<\/v><\/c>/g)) {
      const k = c[2] ? col(c[2]) : next;
      while (out.length < k) out.push(null);
      out[k] = c[3] ? strings[Number(c[4])]! : Number(c[4]);
      next = k + 1;
    }
    return out;
  });
}

describe('the 镇街 sheet', () => {
  const summary = districtWithEarlyCompletion();
  const files = unzipSync(writeDashboardXlsx(summary, { evaluationDate: '2023-12-31', asOf: null, ruleSetName: '瓯海区默认规则', datasetName: 'test', synthetic: false, exportedOn: '2026-12-03' }));
  const rows = readSheet(files, 2);
  const header = rows[0]!.map(String);
  const at = (label: string) => header.indexOf(label);
  const towns = rows.slice(1, 1 + Object.keys(summary.byTown).length);

  it('has every figure of the dashboard\'s 镇街 table, the 亩均 ratios graded against both targets', () => {
    for (const h of ['规上亩均税收（现状，万元/亩）', '规上亩均增加值（现状，万元/亩）', '规上全员劳动生产率（现状，万元/人）', '亩均税收对照目标', '亩均增加值对照目标', '劳动生产率对照目标',
      '腾出用能（万吨标准煤，2021 年起）', '减碳（万吨，2021 年起）']) expect(at(h), h).toBeGreaterThan(0);
    for (const row of towns) {
      const b = summary.byTown[row[0] as string]!;
      expect(row[at('规上亩均增加值（现状，万元/亩）')]).toBe(b.stages.current.valuePerMu.value);
      expect(row[at('规上全员劳动生产率（现状，万元/人）')]).toBe(b.stages.current.productivity.value);
      expect(row[at('腾出用能（万吨标准煤，2021 年起）')]).toBe(b.energyFreedInPlanTce / 10000);
    }
    // 景山 88.89 ≥ 53.13; 娄桥 51.85 ≥ 48.19 only; 梧田 27.78 under both.
    const grade = (town: string) => towns.find((r) => r[0] === town)![at('亩均税收对照目标')];
    expect([grade('景山街道'), grade('娄桥街道'), grade('梧田街道')]).toEqual(['达到 2023 目标', '达到 2021 目标', '未达 2021 目标']);
  });

  it('gives 已腾出 from 2021 on, as the dashboard: the towns add up to its figure and to the 全区 row, a 2019 completion left out', () => {
    const freed = at('已腾出（亩，2021 年起）');
    const sum = towns.reduce((acc, r) => acc + (r[freed] as number), 0);
    expect(summary.achievedMu).toBeGreaterThan(summary.achievedInPlanMu + 1);
    expect(sum).toBeCloseTo(summary.achievedInPlanMu, 9);
    const district = rows.find((r) => r[0] === '全区')!;
    expect(district[freed]).toBe(summary.achievedInPlanMu);
    expect(rows.find((r) => r[0] === '2023 年目标')![freed]).toBe(600);
  });
});
