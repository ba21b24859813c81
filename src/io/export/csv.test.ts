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
  it('writes codes Excel would read as numbers or dates as ="…", so it keeps every digit, leading zero and dash', () => {
    expect(csvCell({ code: '913303041234567890' })).toBe('"=""913303041234567890"""');
    expect(csvCell({ code: '0330304005' })).toBe('"=""0330304005"""');
    expect(csvCell({ code: '3-12' })).toBe('"=""3-12"""');
    expect(csvCell({ code: '2019/5' })).toBe('"=""2019/5"""');
    expect(csvCell({ code: '1E5' })).toBe('"=""1E5"""');
    // Other codes stay plain text (Excel keeps them as they are; other programs read them unchanged), guarded.
    expect(csvCell({ code: 'OH-0001' })).toBe('OH-0001');
    expect(csvCell({ code: '91330304MA2AXXXX0A' })).toBe('91330304MA2AXXXX0A');
    expect(csvCell({ code: '91330304682223497E' })).toBe('91330304682223497E');
    expect(csvCell({ code: '12:30' })).toBe('"=""12:30"""');
    expect(csvCell({ code: 'A"1' })).toBe('"A""1"');
    expect(csvCell({ code: '=HYPERLINK("x")' })).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell({ code: '' })).toBe('');
    // Too long for a formula's text literal (255), or with a line break: plain, guarded text.
    expect(csvCell({ code: '1'.repeat(256) })).toBe('1'.repeat(256));
    expect(csvCell({ code: '=a\nb' })).toBe('"\'=a\nb"');
    expect(parseCsv(toCsv(['地块编号'], [[{ code: '913303041234567890' }]]).slice(1))[1]).toEqual(['="913303041234567890"']);
  });
  it('writes numbers to the 15 significant digits Excel keeps (no float noise)', () => {
    expect(csvCell(28.999999999999996)).toBe('29');
    expect(csvCell(0.1 + 0.2)).toBe('0.3');
    expect(csvCell(123456.789)).toBe('123456.789');
    expect(csvCell(-1e-7)).toBe('-1e-7');
  });
  it('guards header cells too', () => {
    expect(toCsv(['=x'], []).slice(1)).toBe("'=x\r\n");
  });
});
