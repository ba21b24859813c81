import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DistrictSummary } from '../../domain/summary';
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
