/**
 * `block-line` 工业区块线 (§四(二); 《温州市工业区块线管理办法》温政办〔2020〕72号): a parcel overlapping
 * a block line (一级 or 二级) must keep industrial use (控制改变工业用途). Overlap areas come from the
 * geometry facts (m², planar EPSG:4549); without a block-line layer, or for a parcel whose geometry is
 * flagged (no overlap, no area: missing `geometry`), the outcome is unknown.
 */
import type { RuleInput } from './input';
import { decided, unknown, type Bilingual, type RuleOutcome } from './outcome';

export const BLOCK_LINE_CLAUSE = '§四(二); 温政办〔2020〕72号';
export type BlockLineReason = 'overlaps-level-1' | 'overlaps-level-2' | 'overlaps-unclassified' | 'no-overlap';

/** Overlaps smaller than this (m²) are boundary slivers, not overlap: the product's area tolerance. */
export const MIN_OVERLAP_M2 = 0.01;
const THRESHOLD = { minOverlapM2: MIN_OVERLAP_M2 };

export const BLOCK_LINE_MESSAGES: Readonly<Record<BlockLineReason, Bilingual>> = {
  'overlaps-level-1': { zh: '与一级工业区块线重叠 {overlapM2:1} m²（{share%}%），控制改变工业用途', en: 'overlaps a level-1 industrial block line by {overlapM2:1} m² ({share%} %): must keep industrial use' },
  'overlaps-level-2': { zh: '与二级工业区块线重叠 {overlapM2:1} m²（{share%}%），控制改变工业用途', en: 'overlaps a level-2 industrial block line by {overlapM2:1} m² ({share%} %): must keep industrial use' },
  'overlaps-unclassified': { zh: '与未分级的工业区块线重叠 {overlapM2:1} m²（{share%}%），控制改变工业用途', en: 'overlaps an industrial block line of unknown tier by {overlapM2:1} m² ({share%} %): must keep industrial use' },
  'no-overlap': { zh: '不在工业区块线内', en: 'outside the industrial block lines' },
};

const rule = 'block-line';
const UNKNOWN_NO_LAYER = unknown(rule, BLOCK_LINE_CLAUSE, ['layer:blocklines']);
const UNKNOWN_GEOMETRY = unknown(rule, BLOCK_LINE_CLAUSE, ['geometry']);
const LEVEL_1 = Object.freeze({ level: '一级' });
const LEVEL_2 = Object.freeze({ level: '二级' });
const UNCLASSIFIED = Object.freeze({ level: '未分级' });
/**
 * Most parcels touch no block line at all: they share one outcome (figures all exactly 0). Not frozen,
 * for the reason given in d-class.ts.
 */
const NO_OVERLAP_AT_ALL = decided(rule, BLOCK_LINE_CLAUSE, 'not-met', 'no-overlap',
  { overlapM2: 0, level1M2: 0, level2M2: 0, share: 0 }, THRESHOLD, BLOCK_LINE_MESSAGES['no-overlap']);

export function evaluateBlockLine(input: RuleInput): RuleOutcome<BlockLineReason> {
  const { facts, areaM2 } = input;
  if (areaM2 === null) return UNKNOWN_GEOMETRY;
  const overlap = facts.blocklineOverlapM2;
  if (overlap === null) return UNKNOWN_NO_LAYER;
  const level1M2 = overlap['一级'];
  const level2M2 = overlap['二级'];
  // Object.is: a -0 overlap keeps its own outcome, so the figures stay exactly what they were.
  const unclassifiedM2 = overlap['未分级'] ?? 0;
  if (Object.is(level1M2, 0) && Object.is(level2M2, 0) && unclassifiedM2 === 0) return NO_OVERLAP_AT_ALL;
  const overlapM2 = level1M2 + level2M2 + unclassifiedM2;
  const share = areaM2 > 0 ? Math.min(1, overlapM2 / areaM2) : 0;
  const actual: Record<string, number> = unclassifiedM2 > 0 ? { overlapM2, level1M2, level2M2, unclassifiedM2, share } : { overlapM2, level1M2, level2M2, share };
  if (overlapM2 < MIN_OVERLAP_M2)
    return decided(rule, BLOCK_LINE_CLAUSE, 'not-met', 'no-overlap', actual, THRESHOLD, BLOCK_LINE_MESSAGES['no-overlap']);
  const reason: BlockLineReason = level1M2 >= MIN_OVERLAP_M2 ? 'overlaps-level-1' : level2M2 >= MIN_OVERLAP_M2 ? 'overlaps-level-2' : 'overlaps-unclassified';
  return decided(rule, BLOCK_LINE_CLAUSE, 'met', reason, actual, THRESHOLD, BLOCK_LINE_MESSAGES[reason],
    reason === 'overlaps-level-1' ? LEVEL_1 : reason === 'overlaps-level-2' ? LEVEL_2 : UNCLASSIFIED);
}
