/** Browser tests of the exports journeys (issue-driven; see tests/e2e/run.ts). */
import type { Session, TestFn } from './harness';

export function exportsTests(_s: Session, _baseUrl: string, _measured: Record<string, unknown>): [string, TestFn][] {
  return [];
}
