/**
 * `scope` 排摸范围 (§三(一)1): the 高耗低效 screening list covers above-scale manufacturers, below-scale
 * ones on ≥ 3 亩 (含) of land, and any enterprise under 8 万元/亩 of tax. Land and tax are the
 * enterprise's, summed over its parcels. An above-scale enterprise is in scope whatever its land; for
 * any other, land unknown because a parcel's geometry is flagged gives `unknown` (missing `geometry`).
 */
import { isAtLeast, isBelow } from '../compare';
import { muFromM2 } from '../units';
import type { RuleInput } from './input';
import {
  decided, MESSAGE_NOT_INDUSTRIAL, NOT_INDUSTRIAL, notApplicable, unknown,
  type Bilingual, type MissingInput, type RuleOutcome,
} from './outcome';

export const SCOPE_CLAUSE = '§三(一)1';
export type ScopeReason = 'above-scale' | 'land-at-least-min' | 'tax-below' | 'below-scale-small-efficient' | typeof NOT_INDUSTRIAL;

export const SCOPE_MESSAGES: Readonly<Record<ScopeReason, Bilingual>> = {
  'above-scale': { zh: '规上制造业企业，列入排摸范围', en: 'above-scale manufacturer: on the screening list' },
  'land-at-least-min': { zh: '实际用地 {landMu} 亩 ≥ {belowScaleMinMu} 亩，列入排摸范围', en: 'land {landMu} mu ≥ {belowScaleMinMu} mu: on the screening list' },
  'tax-below': { zh: '亩均税收 {taxPerMu} 万元/亩 < {taxPerMuBelow} 万元/亩，列入排摸范围', en: 'tax per mu {taxPerMu$}/mu < {taxPerMuBelow$}/mu: on the screening list' },
  'below-scale-small-efficient': { zh: '规下企业，用地 {landMu} 亩 < {belowScaleMinMu} 亩且亩均税收 {taxPerMu} 万元/亩 ≥ {taxPerMuBelow} 万元/亩', en: 'below-scale, {landMu} < {belowScaleMinMu} mu and tax per mu {taxPerMu$}/mu ≥ {taxPerMuBelow$}/mu' },
  [NOT_INDUSTRIAL]: MESSAGE_NOT_INDUSTRIAL,
};

const NOT_INDUSTRIAL_OUTCOME = notApplicable('scope', SCOPE_CLAUSE, NOT_INDUSTRIAL, MESSAGE_NOT_INDUSTRIAL);

export function evaluateScope(input: RuleInput): RuleOutcome<ScopeReason> {
  const { enterprise, ruleSet } = input;
  if (!input.industrial) return NOT_INDUSTRIAL_OUTCOME;
  const threshold = ruleSet.scope;
  const { belowScaleMinMu, taxPerMuBelow } = threshold;
  const areaM2 = enterprise.landM2();
  const landMu = areaM2 === null ? null : muFromM2(areaM2);
  const taxPerMu = enterprise.metric('taxPerMu');
  const scale = enterprise.scale;
  const actual = { scale, landMu, taxPerMu };
  if (landMu === null) {
    if (scale === 'above') return decided('scope', SCOPE_CLAUSE, 'met', 'above-scale', actual, threshold, SCOPE_MESSAGES['above-scale']);
    const missing: MissingInput[] = ['geometry'];
    if (scale === null) missing.push('scale');
    if (enterprise.figure('tax') == null) missing.push('tax');
    return unknown('scope', SCOPE_CLAUSE, missing);
  }
  // Below-scale, or scale unknown: either way ≥ min land or tax below the line puts it in scope.
  const reason: ScopeReason | null = scale === 'above' ? 'above-scale'
    : landMu > 0 && isAtLeast(landMu, belowScaleMinMu) ? 'land-at-least-min'
    : taxPerMu != null && isBelow(taxPerMu, taxPerMuBelow) ? 'tax-below'
    : null;
  if (reason !== null) return decided('scope', SCOPE_CLAUSE, 'met', reason, actual, threshold, SCOPE_MESSAGES[reason]);
  if (landMu > 0 && scale !== null && taxPerMu != null)
    return decided('scope', SCOPE_CLAUSE, 'not-met', 'below-scale-small-efficient', actual, threshold, SCOPE_MESSAGES['below-scale-small-efficient']);
  const missing: MissingInput[] = [];
  if (!(landMu > 0)) missing.push('area');
  if (scale === null) missing.push('scale');
  if (taxPerMu == null) missing.push('tax');
  return unknown('scope', SCOPE_CLAUSE, missing);
}
