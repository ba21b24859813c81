import { beforeAll, describe, expect, it } from 'vitest';
import { ouhaiSource, testMeta } from './export.test-helper';
import { exportParcels } from './index';
import type { ExportSource } from './model';
import { RULE_IDS } from '../../domain/rules/outcome';

describe('the shortlist CSV for people', () => {
  let source: ExportSource;
  beforeAll(async () => {
    source = (await ouhaiSource()).source;
  }, 60_000);

  it('has the Excel sheet\'s Chinese columns, then each rule\'s finding in words, reason and clause', async () => {
    const fids = [0, 5, 9];
    const file = await exportParcels('csv', source, fids, testMeta(), { csv: 'people' });
    expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(file.bytes);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(fids.length + 1);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['地块编号', '企业名称', '统一社会信用代码']);
    expect(header).toContain('低效企业：说明');
    expect(header.filter((h) => h.endsWith('：依据'))).toHaveLength(RULE_IDS.length);
    const id = source.parcels[5]!.attributes.parcelId;
    const row = lines.find((l) => l.startsWith(id))!;
    // The clause of the low-efficiency rule, as the card shows it.
    expect(row).toContain(source.run.outcomesOf(5)['low-efficiency'].clause);
    // The machine table stays the CLI's.
    const machine = new TextDecoder().decode((await exportParcels('csv', source, fids, testMeta())).bytes);
    expect(machine.startsWith('parcelId,')).toBe(true);
  });
});
