/** Browser tests of the ledger journeys (issue-driven; see tests/e2e/run.ts). */
import type { Session, TestFn } from './harness';

export function ledgerTests(_s: Session, _baseUrl: string, _measured: Record<string, unknown>): [string, TestFn][] {
  return [];
}
