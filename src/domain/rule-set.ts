/**
 * Rule sets: the defaults (rule-set-defaults.ts) and the validation of a rule-set document (user-edited or imported JSON). User errors are values: every
 * problem names the key, what is wrong and what is allowed, in Chinese and English. A partial document
 * merges onto DEFAULT_RULE_SET; arrays replace, objects merge key by key.
 */
import { DEFAULT_RULE_SET, RULE_SET_VERSION, type RuleSet } from './rule-set-defaults';

export * from './rule-set-defaults';

export type RuleSetProblem =
  | 'not-an-object'
  | 'wrong-version'
  | 'unknown-key'
  | 'forbidden-key'
  | 'wrong-type'
  | 'out-of-range'
  | 'inconsistent';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface RuleSetError {
  /** Dotted path, e.g. `idle.feeRate`; '' for the document itself. */
  key: string;
  problem: RuleSetProblem;
  /** What the key accepts. */
  allowed: Bilingual;
  /** One line naming the key, the problem and what is allowed. */
  message: Bilingual;
}

export type RuleSetValidation = { ok: true; value: RuleSet } | { ok: false; errors: RuleSetError[] };

type Kind = 'share' | 'nonNegative' | 'positive' | 'year' | 'years' | 'string' | 'industries' | 'landUses' | 'classes' | 'version';

const ALLOWED: Record<Kind, Bilingual> = {
  share: { zh: '0 到 1 之间的数 (0.3 = 30 %)', en: 'a number from 0 to 1 (0.3 = 30 %)' },
  nonNegative: { zh: '不小于 0 的有限数', en: 'a finite number ≥ 0' },
  positive: { zh: '大于 0 的有限数', en: 'a finite number > 0' },
  year: { zh: '1900–2100 之间的整数年份', en: 'a whole year from 1900 to 2100' },
  years: { zh: '1–50 之间的整数年数（按整年比较）', en: 'a whole number of years from 1 to 50 (whole years are compared)' },
  string: { zh: '文本', en: 'a text string' },
  industries: { zh: '行业名称的文本数组', en: 'an array of industry names (strings)' },
  landUses: { zh: '用途名称或代码的文本数组 (如 工业, M0)', en: 'an array of land-use names or codes (e.g. 工业, M0)' },
  classes: { zh: '由 "A" "B" "C" "D" 组成的数组', en: 'an array of "A", "B", "C", "D"' },
  version: { zh: `版本号 ${RULE_SET_VERSION}`, en: `version ${RULE_SET_VERSION}` },
};

/** Kinds by dotted key; numeric keys not listed are `nonNegative`. */
const KINDS: Record<string, Kind> = {
  version: 'version',
  name: 'string',
  'industrialLand.uses': 'landUses',
  'lowEfficiency.deadlineYear': 'year',
  'twoHigh.sinceYear': 'year',
  'energy.maxIntensity': 'positive',
  'idle.notStartedYears': 'years',
  'idle.suspendedYears': 'years',
  'idle.recoveryYears': 'years',
  'idle.developedRatioMin': 'share',
  'idle.investedRatioMin': 'share',
  'idle.feeRate': 'share',
  'underUsed.minCoverage': 'share',
  'landPrice.minFar': 'positive',
  'landPrice.farMultiplier': 'positive',
  'landPrice.minCoverage': 'share',
  'landPrice.floorRatio': 'share',
  'landPrice.defaultGradePrice': 'positive',
  'landPrice.priorityIndustries': 'industries',
  'floorArea.defaultPlannedMaxFar': 'positive',
  'dormitory.classes': 'classes',
  'dormitory.supportLandRatioFrom': 'share',
  'dormitory.supportLandRatioTo': 'share',
  'dormitory.supportFloorAreaRatio': 'share',
  'evaluation.classShares.A': 'share',
  'evaluation.classShares.B': 'share',
  'evaluation.classShares.C': 'share',
  'evaluation.classShares.D': 'share',
  'carbon.factor': 'positive',
  'targets.2021.energyIntensityDrop': 'share',
  'targets.2021.rdShare': 'share',
  'targets.2023.energyIntensityDrop': 'share',
  'targets.2023.rdShare': 'share',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(path: string): Kind {
  if (path.startsWith('landPrice.gradePrices.')) return 'positive';
  return KINDS[path] ?? 'nonNegative';
}

function error(key: string, problem: RuleSetProblem, allowed: Bilingual, got: string): RuleSetError {
  const what: Record<RuleSetProblem, Bilingual> = {
    'not-an-object': { zh: '规则集必须是 JSON 对象', en: 'the rule set must be a JSON object' },
    'wrong-version': { zh: `版本不受支持 (${got})`, en: `unsupported version (${got})` },
    'unknown-key': { zh: '未知参数', en: 'unknown key' },
    'forbidden-key': { zh: `禁止使用的键名 "${got}" (JavaScript 对象内部名称)`, en: `forbidden key "${got}" (a JavaScript object internal)` },
    'wrong-type': { zh: `类型错误 (${got})`, en: `wrong type (${got})` },
    'out-of-range': { zh: `超出范围 (${got})`, en: `out of range (${got})` },
    inconsistent: { zh: `取值不一致 (${got})`, en: `inconsistent values (${got})` },
  };
  const label = key === '' ? '(document)' : key;
  return {
    key,
    problem,
    allowed,
    message: {
      zh: `${label}: ${what[problem].zh}; 允许: ${allowed.zh}`,
      en: `${label}: ${what[problem].en}; allowed: ${allowed.en}`,
    },
  };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v);
  if (typeof v === 'number') return String(v);
  return typeof v;
}

function checkLeaf(path: string, value: unknown, errors: RuleSetError[]): void {
  const kind = kindOf(path);
  const allowed = ALLOWED[kind];
  switch (kind) {
    case 'version':
      if (value !== RULE_SET_VERSION) errors.push(error(path, 'wrong-version', allowed, describe(value)));
      return;
    case 'string':
      if (typeof value !== 'string') errors.push(error(path, 'wrong-type', allowed, describe(value)));
      return;
    case 'industries':
    case 'landUses':
      if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || s.trim() === ''))
        errors.push(error(path, 'wrong-type', allowed, describe(value)));
      return;
    case 'classes':
      if (!Array.isArray(value) || value.some((c) => c !== 'A' && c !== 'B' && c !== 'C' && c !== 'D'))
        errors.push(error(path, 'wrong-type', allowed, describe(value)));
      return;
    default: {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        errors.push(error(path, 'wrong-type', allowed, describe(value)));
        return;
      }
      const ok =
        kind === 'share' ? value >= 0 && value <= 1
        : kind === 'positive' ? value > 0
        : kind === 'year' ? Number.isInteger(value) && value >= 1900 && value <= 2100
        : kind === 'years' ? Number.isInteger(value) && value >= 1 && value <= 50
        : value >= 0;
      if (!ok) errors.push(error(path, 'out-of-range', allowed, describe(value)));
    }
  }
}

/** Keys that reach into JavaScript's object machinery; a rule set never uses them, at any depth. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Walks `input` against the shape of `template`, reporting unknown keys and bad leaves. */
function walk(template: Record<string, unknown>, input: Record<string, unknown>, prefix: string, errors: RuleSetError[]): void {
  for (const [key, value] of Object.entries(input)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    // Own keys only: `toString` or `constructor` must not find Object.prototype's members.
    const expected = Object.hasOwn(template, key) ? template[key] : undefined;
    const isGradeTable = path === 'landPrice.gradePrices';
    if (FORBIDDEN_KEYS.has(key)) {
      errors.push(error(path, 'forbidden-key', { zh: '规则参数名 (见 policy-rules.md)', en: 'rule parameter names (see policy-rules.md)' }, key));
    } else if (expected === undefined) {
      const known = Object.keys(template).join(', ');
      errors.push(error(path, 'unknown-key', { zh: `已知参数: ${known}`, en: `known keys: ${known}` }, key));
    } else if (isRecord(expected) && !isGradeTable) {
      if (!isRecord(value)) errors.push(error(path, 'wrong-type', { zh: '对象', en: 'an object' }, describe(value)));
      else walk(expected, value, path, errors);
    } else if (isGradeTable) {
      if (!isRecord(value)) {
        errors.push(error(path, 'wrong-type', { zh: '等别→元/m² 的对象', en: 'an object of grade → 元/m²' }, describe(value)));
        continue;
      }
      for (const [grade, price] of Object.entries(value)) {
        const g = Number(grade);
        if (FORBIDDEN_KEYS.has(grade))
          errors.push(error(`${path}.${grade}`, 'forbidden-key', { zh: '土地等别 1–15', en: 'land grades 1–15' }, grade));
        else if (!Number.isInteger(g) || g < 1 || g > 15)
          errors.push(error(`${path}.${grade}`, 'unknown-key', { zh: '土地等别 1–15', en: 'land grades 1–15' }, grade));
        else checkLeaf(`${path}.${grade}`, price, errors);
      }
    } else {
      checkLeaf(path, value, errors);
    }
  }
}

/** Deep merge: objects key by key, everything else replaces. */
function merge<T>(base: T, patch: unknown): T {
  if (!isRecord(base) || !isRecord(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = merge(out[k], v);
  return out as T;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Cross-key checks that a per-key check can't see. */
function checkConsistency(rs: RuleSet, errors: RuleSetError[]): void {
  const shares = rs.evaluation.classShares;
  const total = shares.A + shares.B + shares.C + shares.D;
  // Named as the settings panel shows them (percentages, the fields' Chinese labels), rounded.
  const pct = (v: number) => `${Number((v * 100).toFixed(2))} %`;
  if (Math.abs(total - 1) > 1e-6)
    errors.push(error('evaluation.classShares', 'inconsistent', { zh: 'A、B、C、D 四类占比之和为 100 %', en: 'the A, B, C and D shares summing to 100 %' }, `${pct(total)}`));
  if (rs.dormitory.supportLandRatioTo < rs.dormitory.supportLandRatioFrom)
    errors.push(error('dormitory.supportLandRatioTo', 'inconsistent', { zh: `不小于原配套用地占比上限（${pct(rs.dormitory.supportLandRatioFrom)}）`, en: `not below the former support-land cap (${pct(rs.dormitory.supportLandRatioFrom)})` }, pct(rs.dormitory.supportLandRatioTo)));
  if (rs.idle.recoveryYears < rs.idle.notStartedYears)
    errors.push(error('idle.recoveryYears', 'inconsistent', { zh: `不小于未动工年限（${rs.idle.notStartedYears} 年）`, en: `not below the years not started (${rs.idle.notStartedYears})` }, `${rs.idle.recoveryYears}`));
  const weightGroups: [string, number[]][] = [
    ['evaluation.aboveWeights', Object.values(rs.evaluation.aboveWeights)],
    ['evaluation.belowWeights', Object.values(rs.evaluation.belowWeights)],
    ['evaluation.belowWeightsWithElectricity', Object.values(rs.evaluation.belowWeightsWithElectricity)],
  ];
  for (const [key, weights] of weightGroups)
    if (sum(weights) <= 0)
      errors.push(error(key, 'inconsistent', { zh: '权重之和大于 0', en: 'weights summing to more than 0' }, 'sum 0'));
}

/**
 * Validates a rule-set document and merges it onto the defaults.
 * A missing `version` is taken as the current one; any other version is an error. `null`, an array or
 * any non-object is refused, and so is a `__proto__` / `constructor` / `prototype` key at any depth.
 */
export function validateRuleSet(json: unknown): RuleSetValidation {
  if (!isRecord(json)) return { ok: false, errors: [error('', 'not-an-object', { zh: 'JSON 对象', en: 'a JSON object' }, describe(json))] };
  const errors: RuleSetError[] = [];
  walk(DEFAULT_RULE_SET as unknown as Record<string, unknown>, json, '', errors);
  if (errors.length > 0) return { ok: false, errors };
  const merged = merge(DEFAULT_RULE_SET, json);
  checkConsistency(merged, errors);
  if (errors.length > 0) return { ok: false, errors };
  // A set with changed parameters and no name of its own says so wherever its name is shown (exports, the
  // report, the CLI summary): it is not the district's default set any more.
  const changed = json['name'] === undefined ? changedParameters(merged).length : 0;
  const value = changed > 0 ? { ...merged, name: `${DEFAULT_RULE_SET.name}，已调整 ${changed} 项参数` } : merged;
  return { ok: true, value };
}

/** The dotted paths of `ruleSet`'s parameters whose values differ from the defaults (its name and version aside). */
export function changedParameters(ruleSet: RuleSet): string[] {
  const out: string[] = [];
  const visit = (def: unknown, cur: unknown, path: string): void => {
    if (isRecord(def) && isRecord(cur)) {
      for (const k of new Set([...Object.keys(def), ...Object.keys(cur)])) visit(def[k], cur[k], path ? `${path}.${k}` : k);
    } else if (JSON.stringify(def) !== JSON.stringify(cur)) out.push(path);
  };
  const { name: _n, version: _v, ...defaults } = DEFAULT_RULE_SET;
  const { name: _n2, version: _v2, ...current } = ruleSet;
  visit(defaults, current, '');
  return out;
}

/** Merges a trusted partial (tests, fixtures) onto the defaults; throws on an invalid one. */
export function ruleSetWith(patch: unknown): RuleSet {
  const result = validateRuleSet(patch ?? {});
  if (!result.ok) throw new Error(result.errors.map((e) => e.message.en).join('\n'));
  return result.value;
}
