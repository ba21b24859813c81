import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

/** A minimal RFC 4180 parser, independent of toCsv, to prove the output round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = (): void => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  return rows;
}

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    const csv = toCsv(['地块编号', '税收'], [['A', 1], ['B', 2]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('地块编号,税收\r\nA,1\r\nB,2\r\n');
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
  it('quotes commas, quotes and line breaks (RFC 4180) and round-trips', () => {
    const row = ['a,b', 'say "hi"', 'line1\nline2', 'cr\r\nlf', '温州'];
    const csv = toCsv(['c1', 'c2', 'c3', 'c4', 'c5'], [row]);
    expect(csv).toContain('"a,b","say ""hi""","line1\nline2","cr\r\nlf",温州');
    expect(parseCsv(csv.slice(1))).toEqual([['c1', 'c2', 'c3', 'c4', 'c5'], row]);
  });
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+86 577', "'+86 577"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['\rboom', `"'\rboom"`],
  ])('guards formula injection: %j → %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });
  it('keeps negative numbers as numbers, and plain numeric text unguarded', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell(0)).toBe('0');
  });
  it('writes empty cells for null, undefined and non-finite numbers; booleans as true/false', () => {
    expect(toCsv(['a', 'b', 'c', 'd', 'e'], [[null, undefined, NaN, Infinity, true]]).split('\r\n')[1]).toBe(',,,,true');
  });
  it('keeps HTML as text and pads short rows; a too-long row is a bug', () => {
    expect(toCsv(['a', 'b'], [['<b>x</b>']]).split('\r\n')[1]).toBe('<b>x</b>,');
    expect(() => toCsv(['a'], [['1', '2']])).toThrow(/row 0/);
  });
  it('guards header cells too', () => {
    expect(toCsv(['=x'], []).slice(1)).toBe("'=x\r\n");
  });
});
