import { describe, expect, it } from 'vitest';
import { parseArgs, USAGE } from './args';

describe('parseArgs', () => {
  it('parses every flag, in either --flag value or --flag=value form', () => {
    const r = parseArgs([
      '--parcels', 'p.geojson', '--buildings=b.fgb', '--blocklines', 'bl.geojson', '--parks', 'pk.fgb', '--towns', 't.fgb',
      '--rules', 'r.json', '--date', '2023-12-31', '--out', 'o.csv', '--summary', 's.json',
    ]);
    expect(r).toEqual({
      ok: true,
      args: { parcels: 'p.geojson', buildings: 'b.fgb', blocklines: 'bl.geojson', parks: 'pk.fgb', towns: 't.fgb', rules: 'r.json', date: '2023-12-31', out: 'o.csv', summary: 's.json', format: 'csv' },
    });
  });
  it('needs only --parcels and --out', () => {
    expect(parseArgs(['--out', 'o.csv', '--parcels', 'p.fgb'])).toEqual({ ok: true, args: { parcels: 'p.fgb', out: 'o.csv', format: 'csv' } });
    expect(parseArgs(['--out', 'results', '--parcels', 'p.fgb'])).toEqual({ ok: true, args: { parcels: 'p.fgb', out: 'results' } });
  });
  it('takes the format from the output\'s extension, and refuses a --format that says otherwise', () => {
    const format = (argv: string[]) => { const r = parseArgs(['--parcels', 'p.fgb', ...argv]); return r.ok && 'args' in r ? r.args.format : r.ok ? 'help' : r.error; };
    expect(format(['--out', '结果.XLSX'])).toBe('xlsx');
    expect(format(['--out', 'r.zip'])).toBe('shp');
    expect(format(['--out', 'r.json'])).toBe('geojson');
    expect(format(['--out', 'r.xlsx', '--format', 'XLSX'])).toBe('xlsx');
    expect(format(['--out', 'r.xlsx', '--format', 'csv'])).toMatch(/is a \.xlsx file but --format is csv/);
    expect(format(['--out', 'r.dat', '--format', 'fgb'])).toBe('fgb');
  });
  it('answers --help, wherever it is', () => {
    expect(parseArgs(['--parcels', 'p', '--help'])).toEqual({ ok: true, help: true });
    expect(USAGE).toMatch(/--parcels FILE/);
  });
  it.each([
    [[], /Missing required --parcels and --out/],
    [['--parcels', 'p.geojson'], /Missing required --out/],
    [['--parcels', 'p', '--out', 'o', '--parcel', 'x'], /Unknown option "--parcel". Did you mean --parcels\?/],
    [['--parcels', 'p', '--out', 'o', '--verbose'], /Unknown option "--verbose"\.$/],
    [['--parcels', '--out', 'o'], /--parcels needs a value/],
    [['--parcels', 'p', '--out'], /--out needs a value/],
    [['--parcels=', '--out', 'o'], /--parcels needs a value/],
    [['--parcels', 'p', '--out', 'o', '--date', '2023-02-30'], /--date "2023-02-30" is not a calendar date/],
    [['--parcels', 'p', '--out', 'o', '--date', '2023/12/31'], /YYYY-MM-DD/],
    [['--parcels', 'p', '--out', 'o', '--out', 'o2'], /--out is given twice/],
    [['p.geojson', '--out', 'o'], /Unexpected argument "p.geojson".*--parcels p.geojson/],
    [['--parcels', 'p', '--out', 'o', '--park', 'x'], /Did you mean --parks\?/],
    [['--parcels', 'p', '--out', 'o', '--ledgr', 'x'], /Did you mean --ledger\?/],
    [['--parcels', 'p', '-o', 'out.csv'], /"-o": options start with two dashes/],
  ])('%j → %s', (argv, message) => {
    const r = parseArgs(argv);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
