import { describe, expect, it } from 'vitest';
import type { OutcomeDetail } from '../../worker/protocol';
import { dataConflicts } from './conflicts';

const idle = (actual: Record<string, number | string | null>, status: OutcomeDetail['status'] = 'met'): OutcomeDetail =>
  ({ rule: 'idle', status, reason: 'x', clause: '', message: { zh: '', en: '' }, actual, threshold: {} });

describe('data conflicts', () => {
  it('flags a parcel judged idle on a developed share far below its building coverage', () => {
    const o = [idle({ suspendedSince: '2018-10-10', yearsSuspended: 4, developedRatio: 0.128, investedRatio: 0.11 })];
    expect(dataConflicts(o, 0.427, 0.9)).toEqual([{ kind: 'idle-coverage', developed: 0.128, coverage: 0.427 }]);
    expect(dataConflicts(o, 0.2, 0.9)).toEqual([]);
    expect(dataConflicts([idle({ developedRatio: 0.128 }, 'not-met')], 0.427, 0.9)).toEqual([]);
  });
  it('flags an unstarted idle parcel with buildings, and a floor area below the footprint', () => {
    const o = [idle({ agreedStartDate: '2018-10-14', actualStartDate: null, yearsSinceAgreedStart: 4 })];
    expect(dataConflicts(o, 0.3, null).map((c) => c.kind)).toEqual(['not-started-built']);
    expect(dataConflicts([], 0.5, 0.3)).toEqual([{ kind: 'floor-area', coverage: 0.5, far: 0.3 }]);
    expect(dataConflicts([], null, 0.3)).toEqual([]);
  });
});
