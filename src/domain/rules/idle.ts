/**
 * `idle` 闲置土地 (§三(一)4; 《闲置土地处置办法》国土资源部令第53号 Art. 2, 8, 14).
 * (a) not started one full year after the agreed start date (the anniversary itself completes the
 *     year: agreed 2020-03-15 → idle on 2021-03-15); or (b) started, with developed area < 1/3 or
 *     investment < 25 % (the thresholds themselves are not below), and suspended ≥ 1 full year.
 * Stage 1 (idle ≥ 1 yr): 闲置费 = 20 % × land price (grade price 元/m² × area m² / 10⁴ → 万元);
 * stage 2 (≥ 2 yr): 无偿收回. Years count from the agreed start date in (a), from the suspension in (b).
 * Art. 8: idleness caused by government action is negotiated, not penalised (no fee, no recovery).
 * An idle parcel's outcome is about its land — the fee is a share of the land price (price × area), the
 * recovery and the 亩 it frees are the parcel — so a parcel that would be idle but whose geometry is
 * flagged (no usable area) answers `unknown` (missing `geometry`) rather than a verdict with made-up
 * figures. The not-idle verdicts need no area and stand.
 */
import { isBelow } from '../compare';
import { addYears, formatIsoDate, fullYearsBetween, parseIsoDate, type CalendarDate } from '../dates';
import { landPriceWan } from '../land-value';
import { PARCEL_FIELDS, type ParcelField } from '../parcel';
import type { RuleInput } from './input';
import { decided, MISSING_DATA, notApplicable, unknown, type Bilingual, type Figures, type RuleOutcome } from './outcome';

export const IDLE_CLAUSE = '§三(一)4; 国土资源部令第53号 Art. 2, 8, 14';
export type IdleReason =
  | 'not-started-past-deadline'
  | 'suspended-underdeveloped'
  | 'government-cause'
  | 'not-started-within-grace'
  | 'not-suspended'
  | 'suspended-under-min'
  | 'development-sufficient'
  | 'built-in-use';

/** 1 = 闲置费 stage, 2 = 无偿收回 stage, 'negotiated' = government cause (Art. 8). */
export type IdleStage = 1 | 2 | 'negotiated';

export const IDLE_MESSAGES: Readonly<Record<IdleReason, Bilingual>> = {
  'not-started-past-deadline': { zh: '约定动工日期 {agreedStartDate} 后满 {idleYears:0} 年未动工：闲置土地（第 {stage} 阶段：闲置费 {feeWan} 万元 / 满 {recoveryYears:0} 年无偿收回）', en: 'not started {idleYears:0} full year(s) after the agreed start {agreedStartDate}: idle land (stage {stage}: fee {feeWan$} / recovered without compensation after {recoveryYears:0} years)' },
  'suspended-underdeveloped': { zh: '已动工但开发 {developedRatio%}% / 投资 {investedRatio%}% 不足，自 {suspendedSince} 停工满 {idleYears:0} 年：闲置土地（第 {stage} 阶段：闲置费 {feeWan} 万元 / 满 {recoveryYears:0} 年无偿收回）', en: 'started but developed {developedRatio%} % / invested {investedRatio%} %, suspended {idleYears:0} full year(s) since {suspendedSince}: idle land (stage {stage}: fee {feeWan$} / recovered without compensation after {recoveryYears:0} years)' },
  'government-cause': { zh: '构成闲置 {idleYears:0} 年，因政府原因造成：协商处置（第八条），不征闲置费', en: 'idle {idleYears:0} year(s), caused by government action: negotiated (Art. 8), no fee' },
  'not-started-within-grace': { zh: '未动工，距约定动工日期未满 {notStartedYears:0} 年（{idleFrom} 起构成闲置）', en: 'not started, within {notStartedYears:0} year(s) of the agreed start (idle from {idleFrom})' },
  'not-suspended': { zh: '已动工且未停工', en: 'started and not suspended' },
  'suspended-under-min': { zh: '停工未满 {suspendedYears:0} 年', en: 'suspended less than {suspendedYears:0} year(s)' },
  'development-sufficient': { zh: '停工，但已开发 {developedRatio%}% 且已投资 {investedRatio%}% 均达标准', en: 'suspended, but developed {developedRatio%} % and invested {investedRatio%} % reach the thresholds' },
  'built-in-use': { zh: '已建成投产且未停工，不适用', en: 'built and not suspended; does not apply' },
};

const UNKNOWN_GEOMETRY = unknown('idle', IDLE_CLAUSE, ['geometry']);

function idleOutcome(input: RuleInput, kind: 'a' | 'b', since: CalendarDate, years: number, actual: Figures): RuleOutcome<IdleReason> {
  const { parcel, areaM2, ruleSet } = input;
  if (areaM2 === null) return UNKNOWN_GEOMETRY;
  const threshold = ruleSet.idle;
  const landPrice = landPriceWan(areaM2, parcel.landGrade, ruleSet);
  const idleSince = formatIsoDate(since);
  if (parcel.govCause === true)
    return decided('idle', IDLE_CLAUSE, 'met', 'government-cause', actual, threshold, IDLE_MESSAGES['government-cause'],
      { idleSince, idleYears: years, stage: 'negotiated', landPriceWan: landPrice, feeWan: 0, recovery: false });
  const stage: IdleStage = years >= threshold.recoveryYears ? 2 : 1;
  const reason: IdleReason = kind === 'a' ? 'not-started-past-deadline' : 'suspended-underdeveloped';
  return decided('idle', IDLE_CLAUSE, 'met', reason, actual, threshold, IDLE_MESSAGES[reason],
    { idleSince, idleYears: years, stage, landPriceWan: landPrice, feeWan: threshold.feeRate * landPrice, recovery: stage === 2 });
}

const BUILT_IN_USE_OUTCOME = notApplicable('idle', IDLE_CLAUSE, 'built-in-use', IDLE_MESSAGES['built-in-use']);
const UNKNOWN_AGREED_START = unknown('idle', IDLE_CLAUSE, ['agreedStartDate']);
const UNKNOWN_SUSPENDED_SINCE = unknown('idle', IDLE_CLAUSE, ['suspendedSince']);

/**
 * Unknown because `field` holds `text` that cannot be read (kept as written by the loader): 待核实,
 * naming the value, so nobody takes it for missing. Made per parcel (rare); braces are dropped so the
 * text is no message placeholder.
 */
function unreadableValue(rule: 'idle', field: ParcelField, text: string): RuleOutcome<IdleReason> {
  const shown = text.replace(/[{}]/g, '').slice(0, 40);
  const label = PARCEL_FIELDS.find((f) => f.key === field)!;
  return { rule, status: 'unknown', reason: MISSING_DATA, missing: [field], clause: IDLE_CLAUSE,
    message: { zh: `${label.zh}「${shown}」无法识别，待核实`, en: `${label.en} "${shown}" cannot be read; to be checked` } };
}

export function evaluateIdle(input: RuleInput): RuleOutcome<IdleReason> {
  const { parcel, ruleSet, evaluationDate } = input;
  const state = input.development;
  const threshold = ruleSet.idle;
  const suspendedText = parcel.suspendedSince?.trim() || null;
  if (state === 'built' && suspendedText === null) return BUILT_IN_USE_OUTCOME;
  // Something is recorded as the start: with a suspension date, clause (b) needs only that; without, 待核实.
  if (state === 'unreadable' && suspendedText === null) return unreadableValue('idle', 'actualStartDate', parcel.actualStartDate ?? '');

  if (state === 'not-started' || state === 'unrecorded') {
    const agreed = parseIsoDate(parcel.agreedStartDate);
    if (agreed === null) return UNKNOWN_AGREED_START;
    const years = fullYearsBetween(agreed, evaluationDate);
    const actual = { agreedStartDate: parcel.agreedStartDate ?? null, actualStartDate: null, yearsSinceAgreedStart: years };
    if (years >= threshold.notStartedYears) return idleOutcome(input, 'a', agreed, years, actual);
    return decided('idle', IDLE_CLAUSE, 'not-met', 'not-started-within-grace', actual, threshold, IDLE_MESSAGES['not-started-within-grace'],
      { idleFrom: formatIsoDate(addYears(agreed, threshold.notStartedYears)) });
  }

  // Started (under construction, or built and then suspended): clause (b).
  const suspended = parseIsoDate(suspendedText);
  if (suspendedText !== null && suspended === null) return UNKNOWN_SUSPENDED_SINCE;
  if (suspended === null)
    return decided('idle', IDLE_CLAUSE, 'not-met', 'not-suspended', { suspendedSince: null }, threshold, IDLE_MESSAGES['not-suspended']);
  const years = fullYearsBetween(suspended, evaluationDate);
  const dev = parcel.developedRatio ?? null;
  const inv = parcel.investedRatio ?? null;
  const actual = { suspendedSince: suspendedText, yearsSuspended: years, developedRatio: dev, investedRatio: inv };
  if (years < threshold.suspendedYears)
    return decided('idle', IDLE_CLAUSE, 'not-met', 'suspended-under-min', actual, threshold, IDLE_MESSAGES['suspended-under-min']);
  const devLow = dev !== null && isBelow(dev, threshold.developedRatioMin);
  const invLow = inv !== null && isBelow(inv, threshold.investedRatioMin);
  if (devLow || invLow) return idleOutcome(input, 'b', suspended, years, actual);
  if (dev === null || inv === null) {
    const missing: ParcelField[] = [];
    if (dev === null) missing.push('developedRatio');
    if (inv === null) missing.push('investedRatio');
    return unknown('idle', IDLE_CLAUSE, missing);
  }
  return decided('idle', IDLE_CLAUSE, 'not-met', 'development-sufficient', actual, threshold, IDLE_MESSAGES['development-sufficient']);
}
