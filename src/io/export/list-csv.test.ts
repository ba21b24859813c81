import { beforeAll, describe, expect, it } from 'vitest';
import { ouhaiSource, testMeta } from './export.test-helper';
import { exportParcels } from './index';
import type { ExportSource } from './model';
import { RULE_IDS, renderMessage } from '../../domain/rules/outcome';
import { csvRows } from '../text-table';
import { DEFAULT_RULE_SET } from '../../domain/rule-set';

describe('the shortlist CSV for people', () => {
  let source: ExportSource;
  beforeAll(async () => {
    source = (await ouhaiSource()).source;
  }, 60_000);

  /** The file as rows of cells (the header first). */
  const table = async (fids: number[], meta = testMeta()) => {
    const file = await exportParcels('csv', source, fids, meta, { csv: 'people' });
    return { file, rows: csvRows(new TextDecoder().decode(file.bytes)) };
  };

  it('has the Excel sheet\'s Chinese columns, then each rule\'s finding in words, reason and clause', async () => {
    const fids = [0, 5, 9];
    const { file } = await table(fids);
    expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(file.bytes);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(fids.length + 1);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['地块编号', '企业名称', '统一社会信用代码']);
    expect(header).toContain('低效企业：说明');
    expect(header.filter((h) => h.endsWith('：依据'))).toHaveLength(RULE_IDS.length);
    const id = source.parcels[5]!.attributes.parcelId;
    // The code as Excel keeps it: ="…" (CSV-quoted) when Excel would read it as a number or date, else plain.
    const row = lines.find((l) => l.startsWith(`${id},`) || l.startsWith(`"=""${id}"""`))!;
    expect(row).toBeDefined();
    // The clause of the low-efficiency rule, as the card shows it.
    expect(row).toContain(source.run.outcomesOf(5)['low-efficiency'].clause);
    // The machine table stays the CLI's.
    const machine = new TextDecoder().decode((await exportParcels('csv', source, fids, testMeta())).bytes);
    expect(machine.startsWith('parcelId,')).toBe(true);
  });

  it('writes an all-digit 统一社会信用代码 as ="…", so it keeps its 18 digits in Excel; a code with letters stays plain', async () => {
    const digits = source.parcels.findIndex((p) => /^\d{18}$/.test(p.attributes.creditCode ?? ''));
    const letters = source.parcels.findIndex((p) => /[A-Z]/.test(p.attributes.creditCode ?? ''));
    expect(digits).toBeGreaterThanOrEqual(0);
    expect(letters).toBeGreaterThanOrEqual(0);
    const { rows } = await table([digits, letters]);
    const at = rows[0]!.indexOf('统一社会信用代码');
    expect(rows[1]![at]).toBe(`="${source.parcels[digits]!.attributes.creditCode}"`);
    expect(rows[2]![at]).toBe(source.parcels[letters]!.attributes.creditCode);
  });

  it('gives each rule\'s reason in English too, as the card does', async () => {
    const { rows } = await table([5]);
    const at = rows[0]!.indexOf('低效企业：说明（英文）');
    expect(at).toBe(rows[0]!.indexOf('低效企业：说明') + 1);
    expect(rows[1]![at]).toBe(renderMessage(source.run.outcomesOf(5)['low-efficiency'], 'en'));
    expect(rows[1]![at]).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('writes each figure to its column\'s decimals, as the Excel sheet shows it (no 28.999999999999996)', async () => {
    const fids = source.parcels.map((_, f) => f).slice(0, 200);
    const { rows } = await table(fids);
    const mu = rows[0]!.indexOf('计算面积（亩）');
    const cover = rows[0]!.indexOf('建筑系数（%）');
    const intensity = rows[0]!.indexOf('单位增加值能耗（吨标准煤/万元）');
    fids.forEach((f, k) => {
      const p = source.run.parcels.at(f)!;
      expect(rows[k + 1]![mu]).toBe(String(Number(p.areaMu.toFixed(2))));
      if (p.coverage !== null) expect(rows[k + 1]![cover]).toBe(String(Number((p.coverage * 100).toFixed(1))));
      if (p.energyIntensity !== null) expect(rows[k + 1]![intensity]).toBe(String(Number(p.energyIntensity.toFixed(4))));
    });
  });

  it('says on every row what it was computed at and on: evaluation date, rule set, dataset (示例数据 marked)', async () => {
    const { rows } = await table([0, 5]);
    expect(rows[0]!.slice(-5)).toEqual(['评价日期', '规则集', '规则集标识', '数据集', '数据集标识（SHA-256）']);
    for (const row of rows.slice(1)) expect(row.slice(-5)).toEqual(['2023-12-31', `${DEFAULT_RULE_SET.name}（版本 ${DEFAULT_RULE_SET.version}）`, 'default', 'ouhai（示例数据）', 'abc123']);
    const real = await table([0], { ...testMeta(), dataset: { name: '区自然资源局 2024', hash: 'ff', synthetic: false } });
    expect(real.rows[1]!.at(-2)).toBe('区自然资源局 2024');
  });
});
