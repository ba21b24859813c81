/**
 * The rule set: every threshold of policy-rules.md as a versioned, editable JSON document.
 * Defaults are the bold numbers of the spec; shares are fractions (0.3 = 30 %), money 万元,
 * energy tce, areas 亩, prices 元/m². A saved document may be partial: it merges onto the defaults.
 */
import type { EvalClass } from './parcel';
import { PLAN_TARGETS, type TargetYear } from './targets';

export type { TargetYear };

export const RULE_SET_VERSION = 1;

export interface AboveScaleWeights {
  taxPerMu: number;
  valuePerMu: number;
  valuePerEnergy: number;
  valuePerEmission: number;
  productivity: number;
  rdShare: number;
}

export interface RuleSet {
  version: typeof RULE_SET_VERSION;
  name: string;
  /**
   * Which land uses (用途) are industrial land: a parcel whose land use contains one of these terms
   * (Latin letters in any case) is; an empty land use is too (the parcel layer is industrial land).
   * 新型产业用地 (M0) is industrial land in Zhejiang's practice.
   */
  industrialLand: { uses: string[] };
  /** §三(一)1 排摸范围. */
  scope: { belowScaleMinMu: number; taxPerMuBelow: number };
  /** §三(一)2 低效企业. */
  lowEfficiency: { taxPerMuBelow: number; deadlineYear: number };
  /** §三(一)3 两高. */
  twoHigh: { sinceYear: number; newMinTce: number; oldMinTce: number };
  /** §三(一)6 高耗: tce per 万元 of value added. */
  energy: { maxIntensity: number };
  /** 令第53号 Art. 2, 14. */
  idle: {
    notStartedYears: number;
    developedRatioMin: number;
    investedRatioMin: number;
    suspendedYears: number;
    feeRate: number;
    recoveryYears: number;
  };
  /** 《工业项目建设用地控制指标》 building coverage. */
  underUsed: { minCoverage: number };
  /** §四(二) 差别化地价. */
  landPrice: {
    minFar: number;
    farMultiplier: number;
    minCoverage: number;
    minTaxPerMu: number;
    floorRatio: number;
    /** 元/m² by land grade 1–15 (国土资发〔2006〕307号). */
    gradePrices: Record<string, number>;
    /** 元/m² when a parcel has no grade (Ouhai: 480). */
    defaultGradePrice: number;
    priorityIndustries: string[];
  };
  /** §四(二) 提容增效. */
  floorArea: { defaultPlannedMaxFar: number };
  /** §四(五) 宿舍型保障性租赁住房. */
  dormitory: {
    minAreaMu: number;
    classes: EvalClass[];
    supportLandRatioFrom: number;
    supportLandRatioTo: number;
    supportFloorAreaRatio: number;
  };
  /** 亩均效益综合评价. */
  evaluation: {
    aboveWeights: AboveScaleWeights;
    belowWeights: { taxPerMu: number };
    belowWeightsWithElectricity: { taxPerMu: number; taxPerElectricity: number };
    /** Share of each group ranked into each class, top to bottom; sums to 1. */
    classShares: Record<EvalClass, number>;
  };
  /** tCO2 per tce (3.6 / 2.1 in the plan). */
  carbon: { factor: number };
  /** §二 targets. */
  targets: { '2021': TargetYear; '2023': TargetYear };
}

export const DEFAULT_RULE_SET: RuleSet = {
  version: RULE_SET_VERSION,
  name: '瓯海区默认规则 (温瓯政发〔2021〕217号)',
  industrialLand: { uses: ['工业', '新型产业', 'M0', 'M1', 'M2', 'M3', 'industrial', 'industry'] },
  scope: { belowScaleMinMu: 3, taxPerMuBelow: 8 },
  lowEfficiency: { taxPerMuBelow: 8, deadlineYear: 2023 },
  twoHigh: { sinceYear: 2018, newMinTce: 1000, oldMinTce: 5000 },
  energy: { maxIntensity: 0.49 },
  idle: {
    notStartedYears: 1,
    developedRatioMin: 1 / 3,
    investedRatioMin: 0.25,
    suspendedYears: 1,
    feeRate: 0.2,
    recoveryYears: 2,
  },
  underUsed: { minCoverage: 0.3 },
  landPrice: {
    minFar: 1.0,
    farMultiplier: 1.4,
    minCoverage: 0.42,
    minTaxPerMu: 53.13,
    floorRatio: 0.7,
    gradePrices: {
      '1': 840, '2': 720, '3': 600, '4': 480, '5': 384, '6': 336, '7': 288, '8': 252,
      '9': 204, '10': 168, '11': 144, '12': 120, '13': 96, '14': 84, '15': 60,
    },
    defaultGradePrice: 480,
    priorityIndustries: ['生命健康', '数字经济', '光电', '新材料'],
  },
  floorArea: { defaultPlannedMaxFar: 3.0 },
  dormitory: {
    minAreaMu: 50,
    classes: ['A', 'B'],
    supportLandRatioFrom: 0.07,
    supportLandRatioTo: 0.15,
    supportFloorAreaRatio: 0.3,
  },
  evaluation: {
    aboveWeights: { taxPerMu: 30, valuePerMu: 20, valuePerEnergy: 20, valuePerEmission: 10, productivity: 10, rdShare: 10 },
    belowWeights: { taxPerMu: 100 },
    belowWeightsWithElectricity: { taxPerMu: 50, taxPerElectricity: 50 },
    classShares: { A: 0.2, B: 0.6, C: 0.15, D: 0.05 },
  },
  carbon: { factor: 1.714 },
  targets: { '2021': { ...PLAN_TARGETS['2021'] }, '2023': { ...PLAN_TARGETS['2023'] } },
};
