/**
 * Command-line arguments of `npm run analyze`: parsed and validated into a typed value, or a message and
 * the usage text. `--flag value` and `--flag=value` both work; nothing here touches the file system.
 */
import { parseDate } from '../src/io/field-mapping';

export interface CliArgs {
  parcels: string;
  buildings?: string;
  blocklines?: string;
  parks?: string;
  towns?: string;
  rules?: string;
  /** Disposal ledger JSON (`[{parcelId, action, status, date?, note?}]`). */
  ledger?: string;
  /** A saved analysis request (date, rules, ledger) to replay; the flags above override its parts. */
  request?: string;
  /** Evaluation date, ISO `YYYY-MM-DD`; absent = today (policy-rules.md, idle rule). */
  date?: string;
  out: string;
  summary?: string;
  /** Output format of --out (default csv); the same writers as the app's exports. */
  format?: 'xlsx' | 'csv' | 'geojson' | 'fgb' | 'shp';
  /** Shapefile text encoding (default utf-8). */
  encoding?: 'utf-8' | 'gbk';
}

export type ParsedArgs = { ok: true; args: CliArgs } | { ok: true; help: true } | { ok: false; error: string };

export const USAGE = `Usage: npm run analyze -- --parcels FILE --out results.csv [options]

Analyses industrial parcels of Ouhai (腾笼换鸟) and writes one CSV row per parcel.

Required:
  --parcels FILE      parcel layer: a Shapefile (the .shp with its .dbf/.prj/.cpg beside it, or a .zip of them),
                      GeoJSON (.geojson/.json), FlatGeobuf (.fgb) or CSV (X/Y or WKT columns); CGCS2000
                      (EPSG:4549, 4528, 4490), WGS84, Xian 80 or Beijing 54 — declared or found from the coordinates
  --out FILE          where to write the results; its extension sets the format (.csv, .xlsx, .geojson, .fgb, .zip)
                      unless --format says it
Optional layers (same formats):
  --buildings FILE    building footprints (coverage, unbuilt land)
  --blocklines FILE   industrial block lines with a level 一级/二级
  --parks FILE        industrial parks / 小微企业园 with a name
  --towns FILE        镇街 polygons with a name (fills a parcel's missing town)
Other options:
  --rules FILE        rule parameters as JSON (defaults: policy-rules.md)
  --date YYYY-MM-DD   evaluation date for the idle-land rule (default: today)
  --ledger FILE       disposal ledger: the app's 处置台账 export (.json or .csv), or a JSON array of
                      {parcelId, action, status, date, note}
  --request FILE      replay an analysis request (its date, rules, ledger): a request as JSON, or the
                      summary.json an earlier run wrote with --summary
  --summary FILE      also write the district summary as JSON
  --format F          format of --out: csv (default), xlsx (3 sheets: parcels, totals, rule trail),
                      geojson (WGS84), fgb (FlatGeobuf, EPSG:4549, indexed), shp (zipped Shapefile, EPSG:4549)
  --encoding E        Shapefile text encoding: utf-8 (default) or gbk
  --help              show this text`;

const VALUE_FLAGS = ['parcels', 'buildings', 'blocklines', 'parks', 'towns', 'rules', 'ledger', 'request', 'date', 'out', 'summary', 'format', 'encoding'] as const;
const FORMATS = ['csv', 'xlsx', 'geojson', 'fgb', 'shp'] as const;
const ENCODINGS = ['utf-8', 'gbk'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];
const isValueFlag = (name: string): name is ValueFlag => (VALUE_FLAGS as readonly string[]).includes(name);

/** The format an output path's extension names (a Shapefile is written zipped: .zip), or null. */
function formatOfPath(path: string): CliArgs['format'] | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext === 'csv' || ext === 'xlsx' || ext === 'geojson' || ext === 'fgb' ? ext : ext === 'json' ? 'geojson' : ext === 'zip' ? 'shp' : null;
}

/** The flag closest to a mistyped `name` (edit distance ≤ 3, and under half its length), or null. */
function nearestFlag(name: string): string | null {
  const distance = (a: string, b: string): number => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row;
    }
    return prev[b.length]!;
  };
  let best: { flag: string; d: number } | null = null;
  for (const flag of [...VALUE_FLAGS, 'help']) {
    const d = distance(name.toLowerCase(), flag);
    if (d <= 3 && d < Math.max(2, name.length / 2) && (!best || d < best.d)) best = { flag, d };
  }
  return best?.flag ?? null;
}

/** Parses argv without the node/script prefix (i.e. `process.argv.slice(2)`). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: Partial<Record<ValueFlag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--help' || token === '-h') return { ok: true, help: true };
    if (/^-[^-]/.test(token)) return { ok: false, error: `Unknown option "${token}": options start with two dashes, e.g. --out (see --help).` };
    if (!token.startsWith('--')) return { ok: false, error: `Unexpected argument "${token}": every input needs its flag, e.g. --parcels ${token}.` };
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    if (!isValueFlag(name)) {
      const near = nearestFlag(name);
      return { ok: false, error: `Unknown option "--${name}".${near ? ` Did you mean --${near}?` : ''}` };
    }
    let value: string | undefined;
    if (eq >= 0) value = token.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return { ok: false, error: `--${name} needs a value.` };
      i++;
    }
    if (value.trim() === '') return { ok: false, error: `--${name} needs a value.` };
    if (values[name] !== undefined) return { ok: false, error: `--${name} is given twice ("${values[name]}" and "${value}").` };
    values[name] = value;
  }
  const missing = (['parcels', 'out'] as const).filter((f) => values[f] === undefined);
  if (missing.length > 0) return { ok: false, error: `Missing required ${missing.map((f) => `--${f}`).join(' and ')}.` };
  if (values.date !== undefined) {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(values.date) ? parseDate(values.date) : undefined;
    if (iso === undefined) return { ok: false, error: `--date "${values.date}" is not a calendar date written YYYY-MM-DD, e.g. 2023-12-31.` };
  }
  if (values.format !== undefined) values.format = values.format.toLowerCase();
  if (values.format !== undefined && !(FORMATS as readonly string[]).includes(values.format))
    return { ok: false, error: `--format "${values.format}" is not one of ${FORMATS.join(', ')}.` };
  // The output's extension names its format; a --format that says otherwise is a mistake, not a choice.
  const byExtension = formatOfPath(values.out!);
  if (values.format !== undefined && byExtension !== null && byExtension !== values.format)
    return { ok: false, error: `--out "${values.out}" is a .${values.out!.split('.').pop()} file but --format is ${values.format}: give --out the ${values.format === 'shp' ? '.zip' : `.${values.format}`} extension, or leave --format out.` };
  values.format ??= byExtension ?? undefined;
  if (values.encoding !== undefined && !(ENCODINGS as readonly string[]).includes(values.encoding.toLowerCase()))
    return { ok: false, error: `--encoding "${values.encoding}" is not one of ${ENCODINGS.join(', ')}.` };
  if (values.encoding !== undefined && values.format !== 'shp') return { ok: false, error: '--encoding applies to --format shp only.' };
  const { parcels, out, format, encoding, ...rest } = values;
  return {
    ok: true,
    args: {
      parcels: parcels!, out: out!, ...rest,
      ...(format ? { format: format as CliArgs['format'] } : {}),
      ...(encoding ? { encoding: encoding.toLowerCase() as CliArgs['encoding'] } : {}),
    },
  };
}
