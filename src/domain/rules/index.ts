/** The rule registry: one pure module per policy rule, evaluated in RULE_IDS order. */
import { evaluateBlockLine } from './block-line';
import { evaluateDClass } from './d-class';
import { evaluateDormitory } from './dormitory';
import { evaluateEnergy } from './energy';
import { evaluateFloorArea } from './floor-area';
import { evaluateIdle } from './idle';
import type { RuleInput } from './input';
import { evaluateLandPrice } from './land-price';
import { evaluateLowEfficiency } from './low-efficiency';
import { RULE_IDS, type RuleId, type RuleOutcome } from './outcome';
import { evaluateScope } from './scope';
import { evaluateTwoHigh } from './two-high';
import { evaluateUnderUsed } from './under-used';

export { RULE_IDS };
export type { RuleId, RuleOutcome, RuleInput };

export const RULES: Readonly<Record<RuleId, (input: RuleInput) => RuleOutcome>> = {
  scope: evaluateScope,
  'low-efficiency': evaluateLowEfficiency,
  'two-high': evaluateTwoHigh,
  energy: evaluateEnergy,
  idle: evaluateIdle,
  'under-used': evaluateUnderUsed,
  'd-class': evaluateDClass,
  'land-price': evaluateLandPrice,
  'floor-area': evaluateFloorArea,
  dormitory: evaluateDormitory,
  'block-line': evaluateBlockLine,
};

export type RuleOutcomes = Record<RuleId, RuleOutcome>;

/** Every rule's outcome for one parcel. */
export function evaluateRules(input: RuleInput): RuleOutcomes {
  return {
    scope: evaluateScope(input),
    'low-efficiency': evaluateLowEfficiency(input),
    'two-high': evaluateTwoHigh(input),
    energy: evaluateEnergy(input),
    idle: evaluateIdle(input),
    'under-used': evaluateUnderUsed(input),
    'd-class': evaluateDClass(input),
    'land-price': evaluateLandPrice(input),
    'floor-area': evaluateFloorArea(input),
    dormitory: evaluateDormitory(input),
    'block-line': evaluateBlockLine(input),
  };
}

/**
 * Bit i set when rule RULE_IDS[i] has `status` (explicit reads: a keyed loop over the ids is
 * megamorphic and slow on 100k parcels).
 */
export function statusMask(o: RuleOutcomes, status: RuleOutcome['status']): number {
  return (o.scope.status === status ? 1 : 0)
    | (o['low-efficiency'].status === status ? 2 : 0)
    | (o['two-high'].status === status ? 4 : 0)
    | (o.energy.status === status ? 8 : 0)
    | (o.idle.status === status ? 16 : 0)
    | (o['under-used'].status === status ? 32 : 0)
    | (o['d-class'].status === status ? 64 : 0)
    | (o['land-price'].status === status ? 128 : 0)
    | (o['floor-area'].status === status ? 256 : 0)
    | (o.dormitory.status === status ? 512 : 0)
    | (o['block-line'].status === status ? 1024 : 0);
}
