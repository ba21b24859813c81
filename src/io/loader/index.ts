/**
 * THE loader: the app's import, the embedded dataset's manifest, the CLI and the benchmark all read files
 * through it. Three steps, so that nothing is replaced before the user has seen what will load:
 *   readInputs  — files → source layers (zips opened, Shapefiles grouped, parsed, hashed);
 *   evaluate    — source layers + the user's options → a LoadReport (CRS, encoding, mapping, problems)
 *                 and the layers as they would load, in EPSG:4549 metres;
 *   assemble    — the evaluated layers → the analysis layers, committed by the caller.
 */
import { todayIso } from '../../analysis/request';
import type { FlatPolygons } from '../../geo/flat-polygons';
import { concatPacked, isPackedPolygons, packPolygons, type PackedPolygons } from '../../geo/packed';
import type { PolygonGeometry } from '../formats/types';
import type { InputFile, ReadOptions, SourceLayer } from '../source';
import { evaluateLayer, SeenIds, type ImportContext, type ImportedParcel, type LayerContent, type LayerEvaluation, type PackedParcels, type SourceEntry } from './evaluate';
import { datasetIdentity, expandZips, groupInputs, readGroup, sha256Hex, tooLargeToRead, type SourceGroup } from './inputs';
import type { DatasetIdentity, FileProblem, ImportOptions, LoadReport } from './report';
import type { LayerRole } from './roles';

export interface ReadInputs {
  groups: SourceGroup[];
  /** Source layers by group key (a group that failed to read has none). */
  layers: Map<string, SourceLayer>;
  /** The encoding each layer was last read with, when the user chose one. */
  encodings: Map<string, string | undefined>;
  fileProblems: FileProblem[];
  /** SHA-256 of each input file (zip entries by their path inside the zip). */
  fileHashes: Map<string, string>;
  identity: DatasetIdentity;
}

/** The one parcel file among `names` when it is a FlatGeobuf (the form whose polygons the reader keeps flat), else undefined. */
export function soleFlatGeobuf(names: readonly string[]): string | undefined {
  return names.length === 1 && /\.fgb$/i.test(names[0]!) ? names[0] : undefined;
}

/** The flat polygons the reader kept for `file` (see SourceLayer.flat), or null. */
export function flatPolygonsOf(read: ReadInputs, file: string | undefined): FlatPolygons | null {
  if (file === undefined) return null;
  for (const layer of read.layers.values()) if (layer.files.includes(file)) return layer.flat ?? null;
  return null;
}

export interface ReadProgress {
  /** Reports overall progress 0–1 and yields; throws ReadCancelled when the user cancelled. */
  tick?: (fraction: number) => Promise<void>;
}

const sizeOf = (g: SourceGroup): number => Object.values(g.parts).reduce((s, f) => s + (f?.size ?? 0), 0);

/** Reads every input; `name` names the dataset (default: the first file's base name). */
export async function readInputs(files: readonly InputFile[], progress: ReadProgress = {}, name?: string): Promise<ReadInputs> {
  const fileProblems: FileProblem[] = [];
  const expanded = await expandZips(files, fileProblems);
  const groups = groupInputs(expanded, fileProblems);
  const total = Math.max(1, groups.reduce((s, g) => s + sizeOf(g), 0));
  // Hashing starts now, so that it runs while the files are parsed (off the thread where the platform allows).
  const hashing = Promise.all(expanded.filter((f) => !tooLargeToRead(f)).map(async (f) => ({ name: f.name, sha256: f.sha256 ? await f.sha256() : await sha256Hex(await f.bytes()) })));
  hashing.catch(() => undefined); // a cancelled read never awaits it
  const layers = new Map<string, SourceLayer>();
  let done = 0;
  for (const g of groups) {
    const size = sizeOf(g);
    const options: ReadOptions = { tick: progress.tick ? (f) => progress.tick!((done + f * size) / total) : undefined };
    const r = await readGroup(g, options);
    done += size;
    if (!r.ok) fileProblems.push(r.problem);
    else for (const l of r.layers) layers.set(g.key, l);
  }
  const hashes = await hashing;
  const identity = await datasetIdentity(name ?? groups[0]?.key ?? 'dataset', hashes);
  return { groups, layers, encodings: new Map(), fileProblems, fileHashes: new Map(hashes.map((h) => [h.name, h.sha256])), identity };
}

/** The user's options of the layer `key` (own keys only: a layer named `constructor` or `__proto__` has none). */
const layerOptions = (options: ImportOptions, key: string) => (options.layers && Object.hasOwn(options.layers, key) ? options.layers[key] : undefined) ?? {};

/** Reads again the layers whose encoding the user changed (Shapefile .dbf, CSV); true when any was read again. */
export async function applyEncodings(read: ReadInputs, options: ImportOptions, progress: ReadProgress = {}): Promise<boolean> {
  let changed = false;
  for (const g of read.groups) {
    const wanted = layerOptions(options, g.key).encoding;
    if (wanted === read.encodings.get(g.key) || !read.layers.has(g.key)) continue;
    const r = await readGroup(g, { encoding: wanted, tick: progress.tick });
    if (r.ok && r.layers[0]) {
      read.layers.set(g.key, r.layers[0]);
      read.encodings.set(g.key, wanted);
      changed = true;
    }
  }
  return changed;
}

export interface Evaluated {
  report: LoadReport;
  evaluations: LayerEvaluation[];
}

/** Evaluates every layer under `options`; `roles` are fixed roles (a manifest's, the CLI's) by layer key or file name. Pure: run it as often as the options change. */
export function evaluate(read: ReadInputs, options: ImportOptions = {}, roles: Record<string, LayerRole> = {}, today: string = todayIso(), progress?: (fraction: number) => void, lazyGeometry = false): Evaluated {
  const ctx: ImportContext = { seenIds: new SeenIds(), today, lazyGeometry };
  const mode = options.geometry ?? 'repair';
  // Progress over all layers, weighted by their feature counts.
  const total = Math.max(1, [...read.layers.values()].reduce((s, l) => s + l.features.length, 0));
  let before = 0;
  // Roles are named by layer key or by any of the layer's file names (the CLI's flags, a manifest).
  // Own keys only: a layer or file named `constructor` or `__proto__` is a name like another.
  const roleOf = (name: string): LayerRole | undefined => (Object.hasOwn(roles, name) ? roles[name] : undefined);
  const entries: SourceEntry[] = [...read.layers.entries()].map(([key, layer]) => ({ key, layer, role: roleOf(key) ?? layer.files.map(roleOf).find(Boolean) }));
  const evaluations = entries.map((e) => {
    const size = e.layer.features.length;
    if (progress) ctx.progress = (f) => progress((before + f * size) / total);
    const evaluation = evaluateLayer(e, layerOptions(options, e.key), mode, ctx);
    before += size;
    return evaluation;
  });
  const layers = evaluations.map((e) => e.report);
  const parcelLayers = layers.filter((l) => l.role === 'parcels' && !l.blocked);
  const blockers: LoadReport['blockers'] = [];
  if (parcelLayers.length === 0) {
    const why = layers.find((l) => l.role === 'parcels' && l.blocked)?.blocked;
    blockers.push(why
      ? { zh: `地块图层无法载入：${why.zh}`, en: `the parcel layer cannot load: ${why.en}` }
      : { zh: '没有地块（面）图层：分析至少需要一个地块图层。请加入地块文件，或把某个图层的用途改为「地块」', en: 'no parcel (polygon) layer: the analysis needs one. Add the parcel file, or set a layer\'s role to "parcels"' });
  } else if (parcelLayers.every((l) => l.accepted === 0)) {
    blockers.push({ zh: '地块图层中没有一个可用的地块（见下方问题）', en: 'no usable parcel in the parcel layer (see the problems below)' });
  }
  const totals = { parcels: 0, areaMu: 0 };
  for (const l of parcelLayers) {
    totals.parcels += l.accepted;
    totals.areaMu += l.areaMu ?? 0;
  }
  return { report: { layers, fileProblems: read.fileProblems, blockers, identity: read.identity, totals }, evaluations };
}

/** The layers of an import, by role, in EPSG:4549 metres: what the worker session and the CLI run on. */
export interface ImportedLayers {
  parcels: ImportedParcel[];
  /** The parcels packed and checked by the loader, for the overlay (absent when several layers were joined). */
  parcelsPacked?: PackedParcels;
  /** Packed when read from a FlatGeobuf (no GeoJSON made); `packPolygons` takes either form. */
  buildings?: PolygonGeometry[] | PackedPolygons;
  blocklines?: NonNullable<LayerContent['blocklines']>;
  parks?: NonNullable<LayerContent['parks']>;
  towns?: NonNullable<LayerContent['towns']>;
  boundary?: PolygonGeometry[];
}

/** Joins the evaluated layers by role (several files of one role are concatenated, in file order). */
export function assemble(evaluations: readonly LayerEvaluation[]): ImportedLayers {
  const out: ImportedLayers = { parcels: [] };
  const add = <K extends keyof ImportedLayers>(k: K, items: ImportedLayers[K] | undefined) => {
    if (!items) return;
    out[k] = [...((out[k] as unknown[] | undefined) ?? []), ...(items as unknown[])] as ImportedLayers[K];
  };
  const packedParcels: NonNullable<LayerContent['parcelsPacked']>[] = [];
  for (const { report, content } of evaluations) {
    if (report.blocked) continue;
    add('parcels', content.parcels);
    if (content.parcels && content.parcels.length > 0) packedParcels.push(content.parcelsPacked!);
    if (content.buildings) out.buildings = joinBuildings(out.buildings, content.buildings);
    add('blocklines', content.blocklines);
    add('parks', content.parks);
    add('towns', content.towns);
    add('boundary', content.boundary);
  }
  // One parcel layer: its packing serves the overlay as it is (several: the overlay packs them together).
  if (packedParcels.length === 1 && packedParcels[0]) out.parcelsPacked = { ...packedParcels[0], parcels: out.parcels };
  return out;
}

/** Buildings of several files: GeoJSON arrays are joined as they are; once one is packed, all are packed. */
function joinBuildings(a: ImportedLayers['buildings'], b: PolygonGeometry[] | PackedPolygons): PolygonGeometry[] | PackedPolygons {
  if (!a) return b;
  if (!isPackedPolygons(a) && !isPackedPolygons(b)) return [...a, ...b];
  return concatPacked(packPolygons(a), packPolygons(b));
}

/** A layer evaluated outside `loadFiles` (same loader, another thread) with its files' SHA-256 (name, hex). */
export interface EvaluatedElsewhere {
  evaluation: LayerEvaluation;
  hashes: [string, string][];
}

export type LoadFilesResult =
  | { ok: true; layers: ImportedLayers; report: LoadReport; read: ReadInputs }
  | { ok: false; report: LoadReport; problems: { zh: string; en: string }[] };

/**
 * One-shot loading with no one to ask (the CLI, the embedded dataset, the benchmark): read, evaluate
 * with `options`, refuse when something blocks, else assemble. A file that cannot be read blocks too:
 * a batch run must not quietly go on without a layer it was given. `onRead` sees the files as read,
 * before they are evaluated.
 */
export async function loadFiles(files: readonly InputFile[], roles: Record<string, LayerRole>, options: ImportOptions = {}, extra: { name?: string; today?: string; elsewhere?: Promise<EvaluatedElsewhere>; lazyGeometry?: boolean; onRead?: (read: ReadInputs) => void } & ReadProgress = {}): Promise<LoadFilesResult> {
  const read = await readInputs(files, extra, extra.name);
  // Told before the evaluation starts (the CLI hands the parcels' flat polygons to its other thread).
  extra.onRead?.(read);
  const { report, evaluations } = evaluate(read, options, roles, extra.today, undefined, extra.lazyGeometry);
  if (extra.elsewhere) {
    // A layer read at the same time by someone else (the CLI's buildings thread) joins after the parcels.
    const other = await extra.elsewhere;
    const at = evaluations.findIndex((e) => e.report.role !== 'parcels');
    evaluations.splice(at < 0 ? evaluations.length : at, 0, other.evaluation);
    report.layers.splice(at < 0 ? report.layers.length : at, 0, other.evaluation.report);
    const hashes = [...read.fileHashes, ...other.hashes].map(([name, sha256]) => ({ name, sha256 }));
    read.identity = report.identity = await datasetIdentity(extra.name ?? read.identity.name, hashes);
    for (const [name, sha256] of other.hashes) read.fileHashes.set(name, sha256);
  }
  const problems = [
    ...report.fileProblems.map((p) => ({ zh: `${p.file}：${p.text.zh}。${p.fix.zh}`, en: `${p.file}: ${p.text.en}. ${p.fix.en}` })),
    ...report.layers.filter((l) => l.blocked && l.role !== 'ignore').map((l) => ({ zh: `${l.files.join('、')}：${l.blocked!.zh}`, en: `${l.files.join(', ')}: ${l.blocked!.en}` })),
    ...report.blockers,
  ];
  if (problems.length > 0) return { ok: false, report, problems };
  return { ok: true, layers: assemble(evaluations), report, read };
}

export type { LoadReport, ImportOptions, LayerOptions, DatasetIdentity } from './report';
export type { LayerRole } from './roles';
