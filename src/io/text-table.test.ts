import { describe, expect, it } from 'vitest';
import { csvCell } from './export/csv';
import { csvRows, unguard } from './text-table';

describe('unguard', () => {
  it('takes off the ="…" the CSV export writes codes in, quotes undoubled', () => {
    expect(unguard('="913303041234567890"')).toBe('913303041234567890');
    expect(unguard('="A""1"')).toBe('A"1');
    expect(unguard('=""')).toBe('');
  });
  it('takes off the formula guard and leaves other text alone', () => {
    expect(unguard("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unguard("'abc")).toBe("'abc");
    expect(unguard('="a"&"b"')).toBe('="a"&"b"');
    expect(unguard('330304005-0003')).toBe('330304005-0003');
  });
  it('reads back every code the export writes', () => {
    const codes = ['913303041234567890', '0012', '3-12', 'A"1', '=cmd', '+86', 'a,b', '温州 1'];
    const line = codes.map((code) => csvCell({ code })).join(',');
    expect(csvRows(`${line}\r\n`)[0]!.map(unguard)).toEqual(codes);
  });
});
