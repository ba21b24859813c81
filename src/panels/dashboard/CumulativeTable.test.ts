import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n';
import { CumulativeTable } from './CumulativeTable';
import { districtWithEarlyCompletion } from '../../domain/summary.test-helper';

describe('results to date', () => {
  it('count from 2021 on, as the targets and the 镇街 table do: energy, carbon and an upgrade of 2019 left out', () => {
    const summary = districtWithEarlyCompletion();
    const p = (year: string) => summary.progress.find((x) => x.year === year)!.target;
    const html = renderToStaticMarkup(createElement(CumulativeTable, { summary, t2021: p('2021'), t2023: p('2023'), t: translator('zh-CN') }));
    const now = (kpi: string) => Number(new RegExp(`data-kpi="${kpi}".*?data-block="current" data-value="([^"]+)"`).exec(html)![1]);
    expect(now('landFreedMu')).toBe(summary.achievedInPlanMu);
    expect(now('energyFreedWanTce')).toBe(summary.energyFreedInPlanTce / 10000);
    expect(now('energyFreedWanTce')).toBeLessThan(summary.energyFreedTce / 10000);
    expect(now('carbonCutWanT')).toBe(summary.carbonFreedInPlanT / 10000);
    expect(now('closedEnterprises')).toBe(1);
    expect(now('upgradedEnterprises')).toBe(1); // the undated 搬迁入园
    expect(summary.upgradedEnterprises).toBe(2); // and 2019's 整体腾退, on the map
  });
});
