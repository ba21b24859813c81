/** The clause behind each rule (one per rule: every outcome of a rule cites it). */
import { BLOCK_LINE_CLAUSE } from './block-line';
import { D_CLASS_CLAUSE } from './d-class';
import { DORMITORY_CLAUSE } from './dormitory';
import { ENERGY_CLAUSE } from './energy';
import { FLOOR_AREA_CLAUSE } from './floor-area';
import { IDLE_CLAUSE } from './idle';
import { LAND_PRICE_CLAUSE } from './land-price';
import { LOW_EFFICIENCY_CLAUSE } from './low-efficiency';
import type { RuleId } from './outcome';
import { SCOPE_CLAUSE } from './scope';
import { TWO_HIGH_CLAUSE } from './two-high';
import { UNDER_USED_CLAUSE } from './under-used';

export const RULE_CLAUSES: Readonly<Record<RuleId, string>> = {
  scope: SCOPE_CLAUSE,
  'low-efficiency': LOW_EFFICIENCY_CLAUSE,
  'two-high': TWO_HIGH_CLAUSE,
  energy: ENERGY_CLAUSE,
  idle: IDLE_CLAUSE,
  'under-used': UNDER_USED_CLAUSE,
  'd-class': D_CLASS_CLAUSE,
  'land-price': LAND_PRICE_CLAUSE,
  'floor-area': FLOOR_AREA_CLAUSE,
  dormitory: DORMITORY_CLAUSE,
  'block-line': BLOCK_LINE_CLAUSE,
};
