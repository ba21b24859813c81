/** Test helper: empty ParcelColumns for `n` parcels (every rule not-met, no class, no figures). */
import { RULE_IDS, STATUS_CODES, type RuleId, type RuleStatus } from '../domain/rules/outcome';
import type { ParcelColumns } from '../worker/protocol';

export function fakeColumns(n: number): ParcelColumns {
  const nan = () => new Float64Array(n).fill(NaN);
  // Only the columns the map reads; others added to ParcelColumns later stay undefined here.
  const columns = {
    taxPerMu: nan(), valuePerMu: nan(), classIndex: new Int8Array(n).fill(-1), classComputed: new Uint8Array(n),
    reclaimMu: new Float64Array(n), reclaimKind: new Int8Array(n).fill(-1),
    ruleStatus: new Uint8Array(n * RULE_IDS.length).fill(STATUS_CODES.indexOf('not-met')),
    geometryError: new Uint8Array(n), idleStage: new Int8Array(n), far: nan(), coverage: nan(),
    blockline1M2: nan(), blockline2M2: nan(), blocklineUM2: nan(), inPark: new Uint8Array(n), townIndex: new Int16Array(n).fill(-1),
  } satisfies Partial<ParcelColumns>;
  return columns as ParcelColumns;
}

export function setRule(c: ParcelColumns, fid: number, rule: RuleId, status: RuleStatus): void {
  c.ruleStatus[fid * RULE_IDS.length + RULE_IDS.indexOf(rule)] = STATUS_CODES.indexOf(status);
}
