/**
 * What a rule outcome MEANS for the parcel, in words a civil servant reads correctly. The engine's
 * `met` only says the rule's condition holds: for 低效企业 that is a problem, for 提容增效 an
 * opportunity. Every screen (card, legend, filters, exports) says what the parcel is through here and
 * colours by `meaning`, never by met / not-met.
 */
import type { RuleId, RuleStatus } from './rules/outcome';

/** problem: land or an enterprise to act on; opportunity: a policy the parcel can use; constraint: a
 *  limit on what may be done there; fine: nothing to do; unknown: data missing; not-applicable. */
export type Meaning = 'problem' | 'opportunity' | 'constraint' | 'fine' | 'unknown' | 'not-applicable';

export interface OutcomeWords {
  meaning: Meaning;
  zh: string;
  en: string;
}

type Pair = readonly [zh: string, en: string];
interface RuleWords {
  /** What `met` means and how to say it; then how to say `not-met`. */
  met: Meaning;
  yes: Pair;
  no: Pair;
}

const WORDS: Record<RuleId, RuleWords> = {
  scope: { met: 'problem', yes: ['列入排摸范围', 'In the screening list'], no: ['不在排摸范围', 'Not in the screening list'] },
  'low-efficiency': { met: 'problem', yes: ['是低效企业', 'Low-efficiency enterprise'], no: ['非低效企业', 'Not low-efficiency'] },
  // Met also by a pre-2018 plant at ≥ 5000 tce, which the plan calls a 用能项目, not 两高: both are assessed case by case.
  'two-high': { met: 'problem', yes: ['须逐一评估检查（两高/用能项目）', 'To be assessed case by case (high energy use)'], no: ['不属“两高”评估范围', 'Not subject to the high-energy review'] },
  energy: { met: 'problem', yes: ['能耗强度超标', 'Energy intensity above the limit'], no: ['能耗强度达标', 'Energy intensity within the limit'] },
  idle: { met: 'problem', yes: ['是闲置土地', 'Idle land'], no: ['非闲置土地', 'Not idle'] },
  'under-used': { met: 'problem', yes: ['是低效用地（建筑系数不足）', 'Under-used land (low building coverage)'], no: ['非低效用地', 'Not under-used'] },
  'd-class': { met: 'problem', yes: ['是D类企业', 'Class D enterprise'], no: ['非D类企业', 'Not class D'] },
  'land-price': { met: 'opportunity', yes: ['可享受差别化地价', 'Eligible for differentiated land price'], no: ['不可享受差别化地价', 'Not eligible for differentiated land price'] },
  'floor-area': { met: 'opportunity', yes: ['可享受提容增效', 'Eligible for higher floor area'], no: ['不可享受提容增效', 'Not eligible for higher floor area'] },
  dormitory: { met: 'opportunity', yes: ['可建宿舍型保障性租赁住房', 'Eligible for dormitory housing'], no: ['不可建宿舍型保障性租赁住房', 'Not eligible for dormitory housing'] },
  'block-line': { met: 'constraint', yes: ['位于工业区块线内（须保持工业用途）', 'Inside an industrial block line (must stay industrial)'], no: ['不在工业区块线内', 'Outside industrial block lines'] },
};

const UNKNOWN: Pair = ['数据不足', 'Not enough data'];
const NOT_APPLICABLE: Pair = ['不适用', 'Not applicable'];

/** The words and meaning of `rule`'s outcome `status`. */
export function outcomeWords(rule: RuleId, status: RuleStatus): OutcomeWords {
  const w = WORDS[rule];
  switch (status) {
    case 'met':
      return { meaning: w.met, zh: w.yes[0], en: w.yes[1] };
    case 'not-met':
      return { meaning: w.met === 'constraint' ? 'not-applicable' : 'fine', zh: w.no[0], en: w.no[1] };
    case 'unknown':
      return { meaning: 'unknown', zh: UNKNOWN[0], en: UNKNOWN[1] };
    case 'not-applicable':
      return { meaning: 'not-applicable', zh: NOT_APPLICABLE[0], en: NOT_APPLICABLE[1] };
  }
}

/** Colours by meaning (map, legend, badges): the same everywhere. */
export const MEANING_COLOURS: Record<Meaning, string> = {
  problem: '#c62828',
  opportunity: '#1565c0',
  constraint: '#6a1b9a',
  fine: '#2e7d32',
  unknown: '#9e9e9e',
  'not-applicable': '#cfd8dc',
};
