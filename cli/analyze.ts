/**
 * `npm run analyze -- --parcels FILE [--buildings FILE] … --out results.csv [--summary summary.json] [--format xlsx|csv|geojson|fgb|shp]`
 * The app's engine (src/analysis/run.ts) on the command line, for batch reports. Exit codes: 0 done,
 * 1 bad input (the message names the file, the feature and the fix), 2 bad arguments — including an
 * --out/--summary that cannot be written or names an input, found before the analysis runs.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LedgerEntry } from '../src/domain/ledger';
import { analysisRequest, checkAnalysisRequest, todayIso, type AnalysisRequest } from '../src/analysis/request';
import { checkRequest, groupEnterprisesAhead, runAnalysis, type AnalysisOutcome, type AnalysisRun } from '../src/analysis/run';
import { analysisCsvBytes } from '../src/io/export/analysis-csv';
import type { DatasetIdentity } from '../src/io/loader/report';
import type { DatasetManifest } from '../src/io/dataset';
import { parseArgs, USAGE, type CliArgs } from './args';
import { formatIoError, loadInputs } from './load-inputs';
import { parseLedgerFile } from '../src/io/ledger-file';
import { checkOutputs, writeOutputs } from './outputs';

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const stdio: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

async function readJson(path: string, what: string, io: Io): Promise<{ ok: true; value: unknown } | { ok: false }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    io.err(`Error in ${path}\n  problem: the ${what} file cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).\n  fix:     check the path.`);
    return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (e) {
    io.err(`Error in ${path}\n  problem: the ${what} file is not valid JSON (${e instanceof Error ? e.message : String(e)}).\n  fix:     repair the JSON.`);
    return { ok: false };
  }
}

/** Every parcel id "known" while the ledger is read: the parcels are not loaded yet; runAnalysis checks them. */
const ANY_PARCEL: ReadonlySet<string> = { has: () => true } as unknown as ReadonlySet<string>;

/**
 * The entries of a ledger file: a JSON array of entries, or the app's 处置台账 export — its JSON (entries under
 * `entries`) or CSV (Chinese headers). A JSON file's entries are checked by runAnalysis against the parcels
 * (domain/ledger-check: unusable ones come back as problems); a CSV's are read and checked by the app's reader.
 */
async function readLedgerEntries(path: string, io: Io): Promise<unknown[] | null> {
  if (!/\.csv$/i.test(path)) {
    const j = await readJson(path, 'ledger', io);
    if (!j.ok) return null;
    const doc = j.value as { entries?: unknown } | null;
    if (Array.isArray(j.value)) return j.value;
    if (doc && typeof doc === 'object' && Array.isArray(doc.entries)) return doc.entries;
    io.err(`Error in ${path}\n  problem: a ledger must be a JSON array of entries, or the app's ledger export.\n  fix:     export the ledger from the app (处置台账 → 导出), or write [{"parcelId": "…", "action": "关停退出", "status": "已完成", "date": "2022-05-01"}].`);
    return null;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    io.err(`Error in ${path}\n  problem: the ledger file cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).\n  fix:     check the path.`);
    return null;
  }
  const parsed = parseLedgerFile(bytes, path, ANY_PARCEL);
  if (!parsed.ok) {
    io.err(`Error in ${path}\n  problem: ${parsed.message.en}`);
    return null;
  }
  for (const p of parsed.file.problems) io.err(`warning ${path}: ${p.message.en}`);
  return parsed.file.entries;
}

/** Builds the request: a replayed one (--request) with --date/--rules/--ledger overriding its parts. */
async function buildRequest(args: CliArgs, io: Io): Promise<AnalysisRequest | null> {
  let base = analysisRequest({ evaluationDate: todayIso() });
  if (args.request) {
    const j = await readJson(args.request, 'request', io);
    if (!j.ok) return null;
    // A summary.json of an earlier run (--summary) holds its request whole.
    const doc = j.value as { generator?: unknown; request?: unknown } | null;
    let request = doc && typeof doc === 'object' && typeof doc.generator === 'string' && doc.request ? doc.request : j.value;
    // Summaries of older versions kept the ledger as a count ("12 entries"), not its entries.
    const oldLedger = request && typeof request === 'object' && typeof (request as { ledger?: unknown }).ledger === 'string';
    if (oldLedger) {
      const { ledger: _count, ...rest } = request as Record<string, unknown>;
      request = rest;
      if (!args.ledger) io.err(`warning ${args.request}: this summary.json is from an older version that did not keep the ledger's entries; the run has no ledger — add --ledger FILE.`);
    }
    const checked = checkAnalysisRequest(request);
    if (!checked.ok) {
      io.err(`Error in ${args.request}\n  problem: ${checked.problem}.\n  fix:     pass the summary.json of an earlier run (--summary) or a request JSON {"evaluationDate", "rules", "ledger"}, or give --date/--rules/--ledger instead.`);
      return null;
    }
    base = checked.value;
  }
  if (args.date) base = { ...base, evaluationDate: args.date };
  if (args.rules) {
    const j = await readJson(args.rules, 'rules', io);
    if (!j.ok) return null;
    base = { ...base, rules: j.value };
  }
  if (args.ledger) {
    const entries = await readLedgerEntries(args.ledger, io);
    if (entries === null) return null;
    base = { ...base, ledger: entries as LedgerEntry[] }; // checked by runAnalysis
  }
  return base;
}

function summaryDocument(run: AnalysisRun, request: AnalysisRequest, args: CliArgs, crsReport: string[], dataset: DatasetIdentity) {
  const { summary } = run;
  const parcels = run.parcels.length;
  const geometryErrors = run.facts.filter((f) => f.geometryError).length;
  return {
    generator: 'tenglong cli/analyze.ts',
    dataset,
    // Whole, so that --request summary.json replays this run.
    request,
    ledgerProblems: run.ledgerProblems,
    inputs: { parcels: args.parcels, buildings: args.buildings, blocklines: args.blocklines, parks: args.parks, towns: args.towns, crs: crsReport },
    parcels,
    geometryErrors,
    // Land freed up to the end of each target year (summary.progress) against that year's target.
    reclaim: {
      achievedMu: summary.achievedMu,
      pipelineMu: summary.pipelineMu,
      targets: Object.fromEntries(summary.progress.map((p) => [p.year, p.target.landFreedMu])),
      ...Object.fromEntries(summary.progress.map((p) => [`progress${p.year}`, p.actual.landFreedMu / p.target.landFreedMu])),
    },
    summary,
  };
}

/** Prints why the request cannot run (its rule set, naming the file it came from and the fix, or its date). */
function reportBadRequest(problem: Exclude<AnalysisOutcome, { ok: true }>, args: CliArgs, io: Io): void {
  if (problem.problem === 'date') {
    io.err(`Error: ${problem.message}`);
    return;
  }
  io.err(`Error in ${args.rules ?? args.request ?? 'the rule set'}`);
  for (const e of problem.errors) io.err(`  ${e.message.en}\n    ${e.message.zh}`);
  io.err(args.rules ? '  fix:     correct these keys, or leave out --rules to use the defaults.'
    : '  fix:     correct the request\'s "rules", or pass --rules FILE to replace them.');
}

/** Runs the command; returns the process exit code. */
export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  if ('help' in parsed) {
    io.out(USAGE);
    return 0;
  }
  const { args } = parsed;
  const outputs = await checkOutputs(args);
  if (!outputs.ok) {
    io.err(`${formatIoError(outputs.error)}\n\nNothing was read or written (exit code 2: bad arguments; see --help).`);
    return 2;
  }
  const request = await buildRequest(args, io);
  if (!request) return 1;
  // A request that cannot run is told before seconds of reading (runAnalysis checks it again).
  const checked = checkRequest(request);
  if (!checked.ok) {
    reportBadRequest(checked, args, io);
    return 1;
  }
  const loaded = await loadInputs(args);
  if (!loaded.ok) {
    io.err(formatIoError(loaded.error));
    return 1;
  }
  const { inputs } = loaded;
  for (const line of inputs.crsReport) io.out(line);
  // Only the guesses worth checking: columns whose name is not already the canonical key.
  for (const line of inputs.mappingReport) if (!/^(\S+) → \1$/.test(line)) io.out(`  field ${line}`);
  for (const line of inputs.problemReport) io.err(`warning ${line}`);

  // The enterprises are grouped and classed while the building thread finishes the overlay.
  const ahead = groupEnterprisesAhead(inputs.early, checked.ruleSet);
  const outcome = runAnalysis(await inputs.complete(), { ...request, dataset: inputs.report.identity }, ahead);
  if (!outcome.ok) {
    reportBadRequest(outcome, args, io);
    return 1;
  }
  const { run } = outcome;
  const ledgerFile = args.ledger ?? args.request ?? 'ledger';
  for (const p of run.ledgerProblems) io.err(`warning ${basename(ledgerFile)}: ${p.message.en}\n    ${p.message.zh}`);
  const texts: (string | Uint8Array | Iterable<Uint8Array>)[] = [];
  if ((args.format ?? 'csv') === 'csv') {
    const provenance = { evaluationDate: request.evaluationDate, ruleSet: run.ruleSet, dataset: inputs.report.identity };
    texts.push(analysisCsvBytes(run, run.facts, Array.from({ length: run.parcels.length }, (_, i) => i), provenance));
  } else {
    // The app's export writers (src/io/export), loaded only when asked for.
    const { exportParcels } = await import('../src/io/export');
    const identity = inputs.report.identity;
    const file = await exportParcels(args.format!, { run, parcels: inputs.early.parcels }, Array.from({ length: run.parcels.length }, (_, i) => i), {
      listName: basename(args.out).replace(/\.[^.]*$/, '') || 'results',
      evaluationDate: request.evaluationDate,
      ruleSet: run.ruleSet,
      dataset: { name: identity.name, hash: identity.hash, ...(await manifestBeside(args.parcels)) },
      exportedOn: todayIso(),
    }, { encoding: args.encoding ?? 'utf-8' });
    texts.push(file.bytes);
  }
  if (args.summary) texts.push(`${JSON.stringify(summaryDocument(run, request, args, inputs.crsReport, inputs.report.identity), null, 2)}\n`);
  const written = await writeOutputs(outputs.outputs, texts);
  if (written) {
    io.err(formatIoError(written));
    return 2;
  }

  const s = run.summary;
  const f = (v: number | null, d = 2) => (v === null ? '—' : v.toFixed(d));
  io.out(`evaluated ${run.parcels.length} parcels at ${request.evaluationDate} in ${(run.timings.overlayMs + run.timings.rulesMs).toFixed(0)} ms`);
  for (const [label, st] of [['基期', s.stages.baseline], ['现状', s.stages.current], ['全部腾出后', s.stages.afterPipeline]] as const)
    io.out(`规上 ${label}: 亩均税收 ${f(st.taxPerMu.value)} 万元/亩 · 亩均增加值 ${f(st.valuePerMu.value)} 万元/亩 · 劳动生产率 ${f(st.productivity.value)} 万元/人`);
  io.out(`腾出低效工业用地: achieved ${s.achievedMu.toFixed(1)} 亩, pipeline ${s.pipelineMu.toFixed(1)} 亩, target 200 (2021) / 600 (2023) 亩`);
  const bad = run.facts.filter((x) => x.geometryError).length;
  if (bad > 0) io.err(`${bad} parcel(s) have geometry problems (column geometryError); their overlay figures are missing.`);
  io.out(`wrote ${args.out}${args.summary ? ` and ${args.summary}` : ''}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
    console.error('Internal error (a bug, please report it):', e);
    process.exitCode = 3;
  });
}

/**
 * Whether the parcels come from a dataset folder's manifest (data/ouhai: sample data), and its as-of date:
 * an export says 示例数据 on sample data. Anything else is the user's own data.
 */
async function manifestBeside(parcels: string | undefined): Promise<{ synthetic: boolean; asOf: string | null }> {
  if (!parcels) return { synthetic: false, asOf: null };
  try {
    const m = JSON.parse(await readFile(join(dirname(parcels), 'manifest.json'), 'utf8')) as Partial<DatasetManifest>;
    if (m.layers?.parcels?.file !== basename(parcels)) return { synthetic: false, asOf: null };
    return { synthetic: m.synthetic === true, asOf: typeof m.asOf === 'string' ? m.asOf : null };
  } catch {
    return { synthetic: false, asOf: null };
  }
}
