/**
 * Loads the CLI's input files from disk: picks the reader by extension, reads and reprojects each layer to
 * EPSG:4549, maps the parcel layer's columns, and pulls the level/name the other layers need. Any problem
 * comes back as one IoError naming the file, the feature and the fix; nothing is thrown at the user.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { BlocklineLevel } from '../src/domain/facts';
import { pickProperty, toParcels, type ImportedParcel } from '../src/io/formats/parcel-layer';
import { readerForFile } from '../src/io/formats/registry';
import type { IoError, IoWarning, PolygonGeometry, ReadLayer } from '../src/io/formats/types';
import type { CliArgs } from './args';

export type LayerPaths = Pick<CliArgs, 'parcels' | 'buildings' | 'blocklines' | 'parks' | 'towns'>;

export interface LoadedInputs {
  parcels: ImportedParcel[];
  buildings?: PolygonGeometry[];
  blocklines?: { geometry: PolygonGeometry; level: BlocklineLevel }[];
  parks?: { geometry: PolygonGeometry; name: string }[];
  towns?: { geometry: PolygonGeometry; name: string }[];
  /** One printable line per file: the layer, the file, its CRS and how it was found. */
  crsReport: string[];
  /** The parcel layer's column guesses, e.g. `DKBH → parcelId (地块编号)`. */
  mappingReport: string[];
  warnings: IoWarning[];
}

export type LoadResult = { ok: true; inputs: LoadedInputs } | { ok: false; error: IoError };

const LEVEL_COLUMNS = ['level', '级别', 'jb', '区块线级别', 'qkxjb', '等级'];
const PARK_NAME_COLUMNS = ['name', '名称', 'mc', '园区名称', 'yqmc', '园区'];
const TOWN_NAME_COLUMNS = ['name', '名称', 'mc', 'town', '镇街', '镇街名称', '所属镇街', '街道', 'zjmc', 'jdmc', 'xzqmc'];

/** `一级`, `1`, `I`, `一`, `level1` → 一级; the same for 二级; anything else → undefined. */
export function parseBlocklineLevel(v: string): BlocklineLevel | undefined {
  const s = v.normalize('NFKC').trim().toLowerCase().replace(/^level\s*/, '').replace(/[级類类]$/, '');
  if (['一', '1', 'i'].includes(s)) return '一级';
  if (['二', '2', 'ii'].includes(s)) return '二级';
  return undefined;
}

/** Reads one file from disk with the reader its extension asks for. */
export async function readLayerFile(path: string): Promise<{ ok: true; layer: ReadLayer } | { ok: false; error: IoError }> {
  const ext = extname(path).toLowerCase();
  const reader = readerForFile(path);
  if (!reader) {
    const shp = ['.shp', '.zip', '.dbf'].includes(ext);
    return {
      ok: false,
      error: {
        file: path,
        problem: `The command line does not read "${ext || 'files without an extension'}"; it reads .geojson, .json and .fgb.`,
        fix: shp
          ? 'Convert the Shapefile first: `ogr2ogr -f FlatGeobuf out.fgb in.shp` (add `--config SHAPE_ENCODING CP936` for GBK attributes).'
          : 'Export the layer as GeoJSON or FlatGeobuf.',
      },
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'The file does not exist.' : code === 'EISDIR' ? 'This is a folder, not a file.' : `The file cannot be read (${code ?? String(e)}).`;
    return { ok: false, error: { file: path, problem, fix: 'Check the path (relative paths start from the current folder) and the permissions.' } };
  }
  return reader.read(bytes, path);
}

/** Reads every given layer; stops at the first file that cannot be used. */
export async function loadInputs(paths: LayerPaths): Promise<LoadResult> {
  const crsReport: string[] = [];
  const warnings: IoWarning[] = [];
  const read = async (label: string, path: string): Promise<{ ok: true; layer: ReadLayer } | { ok: false; error: IoError }> => {
    const r = await readLayerFile(path);
    if (r.ok) {
      const { crs, how, note } = r.layer.crs;
      crsReport.push(`${label.padEnd(10)} ${basename(path)}: ${crs} (${how}) — ${note}; ${r.layer.features.length} features`);
    }
    return r;
  };

  const parcelLayer = await read('parcels', paths.parcels);
  if (!parcelLayer.ok) return parcelLayer;
  const parcels = toParcels(parcelLayer.layer, paths.parcels);
  if (!parcels.ok) return parcels;
  warnings.push(...parcels.warnings);
  const inputs: LoadedInputs = { parcels: parcels.parcels, crsReport, mappingReport: parcels.mappingLines, warnings };

  if (paths.buildings) {
    const r = await read('buildings', paths.buildings);
    if (!r.ok) return r;
    warnings.push(...r.layer.warnings);
    inputs.buildings = r.layer.features.map((f) => f.geometry);
  }
  if (paths.blocklines) {
    const file = paths.blocklines;
    const r = await read('blocklines', file);
    if (!r.ok) return r;
    warnings.push(...r.layer.warnings);
    const blocklines: NonNullable<LoadedInputs['blocklines']> = [];
    for (const [index, f] of r.layer.features.entries()) {
      const raw = pickProperty(f.properties, LEVEL_COLUMNS);
      const level = raw === undefined ? undefined : parseBlocklineLevel(raw);
      if (!level) {
        return {
          ok: false,
          error: {
            file,
            feature: { index },
            problem: `Feature #${index + 1} has ${raw === undefined ? 'no block-line level' : `the level "${raw}", which is neither 一级 nor 二级`}.`,
            fix: 'Give every block line a column "level" (or 级别/JB) with 一级 or 二级.',
          },
        };
      }
      blocklines.push({ geometry: f.geometry, level });
    }
    inputs.blocklines = blocklines;
  }
  if (paths.parks) {
    const file = paths.parks;
    const r = await read('parks', file);
    if (!r.ok) return r;
    warnings.push(...r.layer.warnings);
    inputs.parks = r.layer.features.map((f, index) => {
      const name = pickProperty(f.properties, PARK_NAME_COLUMNS);
      if (name !== undefined) return { geometry: f.geometry, name };
      const fallback = `园区${index + 1}`;
      warnings.push({ file, feature: { index }, code: 'missing-name', message: `park #${index + 1} has no name; called "${fallback}"` });
      return { geometry: f.geometry, name: fallback };
    });
  }
  if (paths.towns) {
    const file = paths.towns;
    const r = await read('towns', file);
    if (!r.ok) return r;
    warnings.push(...r.layer.warnings);
    const towns: NonNullable<LoadedInputs['towns']> = [];
    for (const [index, f] of r.layer.features.entries()) {
      const name = pickProperty(f.properties, TOWN_NAME_COLUMNS);
      if (name === undefined) {
        return {
          ok: false,
          error: { file, feature: { index }, problem: `Town #${index + 1} has no name; parcels' towns are filled from it.`, fix: 'Give every town a column "name" (or 镇街/名称) with its 街道/镇 name.' },
        };
      }
      towns.push({ geometry: f.geometry, name });
    }
    inputs.towns = towns;
  }
  return { ok: true, inputs };
}

/** Reads `--rules` as JSON; validating its contents is the engine's business. */
export async function loadRulesFile(path: string): Promise<{ ok: true; value: unknown } | { ok: false; error: IoError }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { ok: false, error: { file: path, problem: `The rules file cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`, fix: 'Check the path after --rules.' } };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (e) {
    return { ok: false, error: { file: path, problem: `The rules file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`, fix: 'Repair the JSON, or leave out --rules to use the defaults.' } };
  }
}

/** The error as printed on stderr: file, feature, problem and fix on separate lines. */
export function formatIoError(e: IoError): string {
  const lines = [`Error in ${e.file}`];
  if (e.feature) lines.push(`  feature: #${e.feature.index + 1}${e.feature.id !== undefined ? ` (id "${e.feature.id}")` : ''}`);
  lines.push(`  problem: ${e.problem}`, `  fix:     ${e.fix}`);
  return lines.join('\n');
}

/** A warning as one printed line. */
export function formatWarning(w: IoWarning): string {
  const where = w.feature ? ` #${w.feature.index + 1}${w.feature.id !== undefined ? ` (${w.feature.id})` : ''}` : '';
  return `warning ${basename(w.file)}${where}: ${w.message}`;
}
