import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { KpiBlock } from '../../domain/summary';
import { townsByLand } from '../../domain/summary';
import { gradeAgainstTargets } from '../../domain/targets';
import { translator } from '../../i18n';
import { districtWithEarlyCompletion } from '../../domain/summary.test-helper';
import { LandBar } from './LandBar';
import { sortedTowns, TownTable, type TownGroup } from './TownTable';

const block = (parcels: number, tax: number | null, achieved: number): KpiBlock =>
  ({
    parcels, achievedInPlanMu: achieved, pipelineMu: 0, closedInPlanEnterprises: 0, upgradedInPlanEnterprises: 0, energyFreedInPlanTce: 0,
    stages: { current: { taxPerMu: { value: tax }, valuePerMu: { value: tax === null ? null : 1000 - tax }, productivity: { value: null } } },
  }) as unknown as KpiBlock;

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

  it('sorts by the columns added: 亩均增加值, 劳动生产率 (none: as given), energy', () => {
    expect(sortedTowns(towns, 'valuePerMu', false).map(([n]) => n)).toEqual(['娄桥街道', '景山街道', '梧田街道']);
    expect(sortedTowns(towns, 'productivity', false).map(([n]) => n)).toEqual(['娄桥街道', '梧田街道', '景山街道']);
    expect(sortedTowns(towns, 'energy', false).map(([n]) => n)).toEqual(['景山街道', '娄桥街道', '梧田街道']);
  });
});

describe('the 镇街 table rendered', () => {
  const t = translator('zh-CN');
  const summary = districtWithEarlyCompletion();
  const p = (year: string) => summary.progress.find((x) => x.year === year)!.target;
  const towns = townsByLand(summary);
  const render = (group: TownGroup) =>
    renderToStaticMarkup(createElement(TownTable, { towns, district: summary, t2021: p('2021'), t2023: p('2023'), t, initialGroup: group }));
  /** The `data-value`s of column `col` in the town rows (tbody), and in the district row (tfoot). */
  const column = (html: string, col: string) => {
    const values = (part: string) => [...part.matchAll(new RegExp(`data-col="${col}"[^>]*data-value="([^"]*)"`, 'g'))].map((m) => Number(m[1]));
    const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    const foot = html.slice(html.indexOf('<tfoot>'), html.indexOf('</tfoot>'));
    return { towns: values(body), total: values(foot)[0] };
  };

  it('shows 已腾出 from 2021 on: the towns add up to progress-reclaim\'s achieved figure, a completion of 2019 not counted', () => {
    // The data has land freed before the campaign: all years and from 2021 on differ.
    expect(summary.achievedMu).toBeGreaterThan(summary.achievedInPlanMu + 1);
    const html = render('land');
    const { towns: freed, total } = column(html, 'achieved');
    expect(freed).toHaveLength(3);
    const bar = renderToStaticMarkup(createElement(LandBar, { achieved: summary.achievedInPlanMu, pipeline: summary.pipelineMu, t2021: 200, t2023: 600, t }));
    const achieved = Number(/data-testid="progress-reclaim" data-achieved="([^"]+)"/.exec(bar)![1]);
    const sum = freed.reduce((a, b) => a + b, 0);
    expect(sum.toFixed(1)).toBe(achieved.toFixed(1));
    expect(sum).toBeCloseTo(summary.achievedInPlanMu, 9);
    expect(total).toBeCloseTo(summary.achievedInPlanMu, 9);
    // 景山街道's only completion was in 2019.
    expect(html).toMatch(/data-town="景山街道".*?data-col="achieved" data-value="0"/);
  });

  it('grades each town\'s 现状 亩均税收 / 亩均增加值 / 劳动生产率 against the 2021 and 2023 targets, with the colour key', () => {
    const html = render('efficiency');
    const grades = new Set<string>();
    for (const key of ['taxPerMu', 'valuePerMu', 'productivity'] as const) {
      for (const [name, b] of towns) {
        const v = b.stages.current[key].value;
        const g = gradeAgainstTargets(v, p('2021')[key], p('2023')[key], 2);
        grades.add(g);
        const row = html.slice(html.indexOf(`data-town="${name}"`));
        expect(row, `${name} ${key}`).toMatch(new RegExp(`^[^]*?data-col="${key}" data-value="${v}" data-grade="${g}" class="dash-grade grade-${g}"`));
      }
    }
    expect([...grades].sort()).toEqual(['below', 'met-2021', 'met-2023']);
    expect(html).toContain('class="dash-key"');
    expect(html).toContain('亩均增加值');
    expect(html).toContain('万元/人');
  });

  it('shows energy and carbon freed and enterprises closed / upgraded from 2021 on, adding up to the district', () => {
    const html = render('results');
    const energy = column(html, 'energy');
    expect(energy.towns.reduce((a, b) => a + b, 0)).toBeCloseTo(summary.energyFreedInPlanTce / 10000, 12);
    expect(energy.total).toBeCloseTo(summary.energyFreedInPlanTce / 10000, 12);
    expect(summary.energyFreedInPlanTce).toBeLessThan(summary.energyFreedTce);
    const carbon = column(html, 'carbon');
    expect(carbon.total).toBeCloseTo(summary.carbonFreedInPlanT / 10000, 12);
    expect(html).toMatch(/data-town="梧田街道".*?data-closed="1" data-upgraded="0"/);
    expect(html).toMatch(/data-town="景山街道".*?data-closed="0" data-upgraded="0"/); // its upgrade was in 2019
  });

  it('keeps a town-row per town with its name, a selector of the column groups, and sortable headers', () => {
    const html = render('land');
    expect(html.match(/data-testid="town-row"/g)).toHaveLength(3);
    for (const [name] of towns) expect(html).toContain(`data-town="${name}"`);
    for (const g of ['land', 'efficiency', 'results']) expect(html).toContain(`data-group="${g}" aria-pressed="${g === 'land'}"`);
    for (const key of ['town', 'parcels', 'achieved', 'pipeline']) expect(html).toContain(`data-sort="${key}"`);
    // The town rows only in the body (an e2e counts them); the district in the foot.
    expect(html.slice(html.indexOf('<tfoot>'))).not.toContain('town-row');
    expect(html).toContain('全区');
  });
});
