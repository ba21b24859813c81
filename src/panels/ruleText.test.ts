import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { figuresText, figureValue, hasFigureLabel, missingLabels } from './ruleText';

const zh = translator('zh-CN');
const en = translator('en');

/** Every key the rule fixtures expect in `actual` / `extra`. */
function fixtureFigureKeys(): Set<string> {
  const keys = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) {
        const f = JSON.parse(readFileSync(p, 'utf8')) as { expect?: { actual?: object; extra?: object } };
        for (const k of Object.keys(f.expect?.actual ?? {})) keys.add(k);
        for (const k of Object.keys(f.expect?.extra ?? {})) keys.add(k);
      }
    }
  };
  walk(join(__dirname, '../../tests/fixtures/rules'));
  return keys;
}

describe('rule text', () => {
  it('names missing fields and layers in the user language', () => {
    expect(missingLabels(['tax', 'layer:buildings'], 'zh-CN')).toBe('税收、建筑物图层');
    expect(missingLabels(['tax', 'area'], 'en')).toMatch(/^Tax.*, area$/);
    // A flagged geometry is named as such, not as the raw key.
    expect(missingLabels(['geometry'], 'zh-CN')).toBe('有效的地块图形（几何错误）');
    expect(missingLabels(['geometry'], 'en')).toBe('valid parcel geometry (geometry error)');
  });

  it('shows figures with labels and units, never field names or raw codes', () => {
    const actual = { taxPerMu: 29.80365, scale: 'above', parcels: 2, developedRatio: 0.128, suspendedSince: '2018-10-10', priorityIndustry: false, energyIntensity: null };
    expect(figuresText(actual, 'zh-CN', zh)).toBe('亩均税收 29.8 万元/亩；规模 规上；企业地块数 2 宗；已开发面积占比 12.8%；停工日期 2018年10月10日；战略性新兴/先进制造业 否；单位增加值能耗 无数据');
    expect(figuresText(actual, 'en', en)).toBe('Tax per mu CNY 298k/mu; Scale Above scale; Enterprise parcels 2; Developed share 12.8%; Suspended since 2018-10-10; Priority industry no; Energy per value added no data');
    expect(figuresText({ failed: 'far-below,tax-below', stage: 'negotiated', spareM2: 1834.15 }, 'zh-CN', zh)).toBe('未满足的条件 容积率不足、亩均税收不足；处置阶段 政府原因（协商处置）；可腾出面积 1,834 m²');
    expect(figureValue('minOverlapM2', 0.01, 'zh-CN', zh)).toBe('0.01 m²');
    expect(figuresText(undefined, 'zh-CN', zh)).toBe('—');
  });

  it('has a label for every figure the rules report (fixtures) and every threshold key', () => {
    const thresholds = ['belowScaleMinMu', 'taxPerMuBelow', 'deadlineYear', 'sinceYear', 'newMinTce', 'oldMinTce', 'maxIntensity', 'notStartedYears', 'suspendedYears',
      'developedRatioMin', 'investedRatioMin', 'feeRate', 'recoveryYears', 'minCoverage', 'evalClass', 'minFar', 'farMultiplier', 'requiredFar', 'minTaxPerMu',
      'floorRatio', 'plannedMaxFar', 'maxFarFromData', 'classes', 'minAreaMu', 'supportLandRatioFrom', 'supportLandRatioTo', 'supportFloorAreaRatio', 'minOverlapM2'];
    const missing = [...fixtureFigureKeys(), ...thresholds].filter((k) => !hasFigureLabel(k));
    expect(missing).toEqual([]);
  });
});
