/**
 * Every parameter of the rule set (domain/rule-set-defaults.ts) as the settings panel shows it:
 * grouped by rule, with its clause, label key, unit and how it is typed. A test checks that every
 * numeric leaf of DEFAULT_RULE_SET has a field here and every field a label in both languages.
 */
import { DORMITORY_CLAUSE } from '../../domain/rules/dormitory';
import { ENERGY_CLAUSE } from '../../domain/rules/energy';
import { FLOOR_AREA_CLAUSE } from '../../domain/rules/floor-area';
import { IDLE_CLAUSE } from '../../domain/rules/idle';
import { LAND_PRICE_CLAUSE } from '../../domain/rules/land-price';
import { LOW_EFFICIENCY_CLAUSE } from '../../domain/rules/low-efficiency';
import { SCOPE_CLAUSE } from '../../domain/rules/scope';
import { TWO_HIGH_CLAUSE } from '../../domain/rules/two-high';
import { UNDER_USED_CLAUSE } from '../../domain/rules/under-used';
import type { TargetYear } from '../../domain/targets';

/** number: typed as is; percent: a share shown ×100; list: text items; classes: A–D checkboxes. */
export type FieldKind = 'number' | 'integer' | 'percent' | 'list' | 'classes';
export type Unit = 'mu' | 'wanPerMu' | 'wanPerPerson' | 'year' | 'years' | 'tce' | 'tcePerWan' | 'percent' | 'times' | 'yuanPerM2'
  | 'points' | 'tco2' | 'firms' | 'wanTce' | 'wanT' | 'far';

export interface FieldSpec {
  /** Dotted path in the rule-set document. */
  path: string;
  kind: FieldKind;
  unit?: Unit;
  /** Label key when not `set_<path>`, with its parameters. */
  label?: { key: string; params: Record<string, string | number> };
}

export interface FieldSection {
  /** Sub-heading key, when a group has several sections. */
  title?: string;
  titleParams?: Record<string, string | number>;
  fields: FieldSpec[];
}

export interface GroupSpec {
  id: string;
  /** Key prefixes reset together ('Reset this rule'). */
  prefixes: string[];
  /** Clause text from the rule's module (policy citations are in Chinese in both languages), or an i18n key. */
  clause?: string;
  clauseKey?: string;
  sections: FieldSection[];
}

const n = (path: string, unit?: Unit): FieldSpec => ({ path, kind: 'number', ...(unit ? { unit } : {}) });
const int = (path: string, unit?: Unit): FieldSpec => ({ path, kind: 'integer', ...(unit ? { unit } : {}) });
const pct = (path: string): FieldSpec => ({ path, kind: 'percent', unit: 'percent' });

const TARGET_UNITS: Record<keyof TargetYear, Unit> = {
  taxPerMu: 'wanPerMu', valuePerMu: 'wanPerMu', productivity: 'wanPerPerson', closedEnterprises: 'firms', upgradedEnterprises: 'firms',
  landFreedMu: 'mu', energyFreedWanTce: 'wanTce', carbonCutWanT: 'wanT', energyIntensityDrop: 'percent', rdShare: 'percent',
};

const targetFields = (year: '2021' | '2023'): FieldSpec[] =>
  (Object.keys(TARGET_UNITS) as (keyof TargetYear)[]).map((k) => ({
    path: `targets.${year}.${k}`,
    kind: TARGET_UNITS[k] === 'percent' ? 'percent' : TARGET_UNITS[k] === 'firms' ? 'integer' : 'number',
    unit: TARGET_UNITS[k],
    label: { key: `setTarget_${k}`, params: {} },
  }));

const GRADES = Array.from({ length: 15 }, (_, i) => i + 1);

export const GROUPS: readonly GroupSpec[] = [
  { id: 'industrialLand', prefixes: ['industrialLand'], clauseKey: 'setClause_industrialLand', sections: [{ fields: [{ path: 'industrialLand.uses', kind: 'list' }] }] },
  { id: 'scope', prefixes: ['scope'], clause: SCOPE_CLAUSE, sections: [{ fields: [n('scope.belowScaleMinMu', 'mu'), n('scope.taxPerMuBelow', 'wanPerMu')] }] },
  { id: 'lowEfficiency', prefixes: ['lowEfficiency'], clause: LOW_EFFICIENCY_CLAUSE, sections: [{ fields: [n('lowEfficiency.taxPerMuBelow', 'wanPerMu'), int('lowEfficiency.deadlineYear', 'year')] }] },
  { id: 'twoHigh', prefixes: ['twoHigh'], clause: TWO_HIGH_CLAUSE, sections: [{ fields: [int('twoHigh.sinceYear', 'year'), n('twoHigh.newMinTce', 'tce'), n('twoHigh.oldMinTce', 'tce')] }] },
  { id: 'energy', prefixes: ['energy'], clause: ENERGY_CLAUSE, sections: [{ fields: [n('energy.maxIntensity', 'tcePerWan')] }] },
  {
    id: 'idle', prefixes: ['idle'], clause: IDLE_CLAUSE,
    sections: [{ fields: [int('idle.notStartedYears', 'years'), pct('idle.developedRatioMin'), pct('idle.investedRatioMin'), int('idle.suspendedYears', 'years'), pct('idle.feeRate'), int('idle.recoveryYears', 'years')] }],
  },
  { id: 'underUsed', prefixes: ['underUsed'], clause: UNDER_USED_CLAUSE, sections: [{ fields: [pct('underUsed.minCoverage')] }] },
  {
    id: 'landPrice', prefixes: ['landPrice'], clause: LAND_PRICE_CLAUSE,
    sections: [
      {
        fields: [
          n('landPrice.minFar', 'far'), n('landPrice.farMultiplier', 'times'), pct('landPrice.minCoverage'), n('landPrice.minTaxPerMu', 'wanPerMu'),
          pct('landPrice.floorRatio'), n('landPrice.defaultGradePrice', 'yuanPerM2'), { path: 'landPrice.priorityIndustries', kind: 'list' },
        ],
      },
      {
        title: 'setGradePrices',
        fields: GRADES.map((g) => ({ path: `landPrice.gradePrices.${g}`, kind: 'number' as const, unit: 'yuanPerM2' as const, label: { key: 'setGrade', params: { grade: g } } })),
      },
    ],
  },
  { id: 'floorArea', prefixes: ['floorArea'], clause: FLOOR_AREA_CLAUSE, sections: [{ fields: [n('floorArea.defaultPlannedMaxFar', 'far')] }] },
  {
    id: 'dormitory', prefixes: ['dormitory'], clause: DORMITORY_CLAUSE,
    sections: [{
      fields: [n('dormitory.minAreaMu', 'mu'), { path: 'dormitory.classes', kind: 'classes' }, pct('dormitory.supportLandRatioFrom'), pct('dormitory.supportLandRatioTo'), pct('dormitory.supportFloorAreaRatio')],
    }],
  },
  {
    id: 'evaluation', prefixes: ['evaluation'], clauseKey: 'setClause_evaluation',
    sections: [
      { title: 'setAboveWeights', fields: ['taxPerMu', 'valuePerMu', 'valuePerEnergy', 'valuePerEmission', 'productivity', 'rdShare'].map((k) => n(`evaluation.aboveWeights.${k}`, 'points')) },
      {
        title: 'setBelowWeights',
        fields: [n('evaluation.belowWeights.taxPerMu', 'points'), n('evaluation.belowWeightsWithElectricity.taxPerMu', 'points'), n('evaluation.belowWeightsWithElectricity.taxPerElectricity', 'points')],
      },
      { title: 'setClassShares', fields: ['A', 'B', 'C', 'D'].map((c) => pct(`evaluation.classShares.${c}`)) },
    ],
  },
  { id: 'carbon', prefixes: ['carbon'], clauseKey: 'setClause_carbon', sections: [{ fields: [n('carbon.factor', 'tco2')] }] },
  {
    id: 'targets', prefixes: ['targets'], clause: '§二',
    sections: [
      { title: 'setTargetsYear', titleParams: { year: 2021 }, fields: targetFields('2021') },
      { title: 'setTargetsYear', titleParams: { year: 2023 }, fields: targetFields('2023') },
    ],
  },
];

export const ALL_FIELDS: readonly FieldSpec[] = GROUPS.flatMap((g) => g.sections.flatMap((s) => s.fields));
