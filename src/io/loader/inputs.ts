/**
 * From the files a user picked (or a manifest named) to source layers: zips are opened, a Shapefile's
 * .shp/.shx/.dbf/.prj/.cpg are grouped by name, each group goes to its format's reader (loaded on demand,
 * so parsers are not in the start-up bundle), and every file is hashed for the dataset identity.
 */
import { unzipSync } from 'fflate';
import type { IoError } from '../formats/types';
import { inputFromBytes, type FormatId, type InputFile, type ReadOptions, type SourceLayer } from '../source';
import { readerText } from './reader-text';
import type { DatasetIdentity, FileProblem } from './report';

/** One thing to read: a Shapefile's parts, or one file of another format. */
export interface SourceGroup {
  /** Unique key in the import, also the layer key: the base name, numbered when repeated. */
  key: string;
  format: FormatId;
  parts: Partial<Record<ShapefilePart, InputFile>> & { main?: InputFile };
}

type ShapefilePart = 'shp' | 'shx' | 'dbf' | 'prj' | 'cpg';
const SHAPEFILE_PARTS: readonly ShapefilePart[] = ['shp', 'shx', 'dbf', 'prj', 'cpg'];
/** Sidecars GIS tools leave beside a Shapefile that carry nothing we need (QGIS, ArcGIS indexes and metadata). */
const IGNORED = /\.(sbn|sbx|qix|fix|shp\.xml|aux\.xml|xml|qmd|qml|qpj|atx|ain|aih|ixs|mxs|cst|lyr|lyrx|lock|ds_store)$|(^|\/)(__macosx|\.)/i;
/** Documents and pictures packed beside the data in a zip (a readme, a scan of the approval): not layers. */
const DOCUMENTS_IN_ZIP = /\.zip\/.*\.(txt|md|pdf|docx?|xlsx?|wps|html?|jpe?g|png|gif|tiff?|bmp|rtf)$/i;

const EXT_FORMAT: Record<string, FormatId> = { geojson: 'geojson', json: 'geojson', fgb: 'flatgeobuf', csv: 'csv', txt: 'csv' };

const extOf = (name: string): string => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
const stemOf = (name: string): string => name.replace(/\.[^./\\]+$/, '');
export const baseNameOf = (name: string): string => stemOf(name.replace(/^.*[\\/]/, ''));

/**
 * Zip entry names from Windows tools are often GBK without the zip's UTF-8 flag; fflate then hands them
 * over as Latin-1. Recover the bytes and decode them as UTF-8, else GB18030.
 */
export function fixZipName(name: string): string {
  // Only names made of Latin-1 characters with some above 0x7f can be mis-read bytes.
  if (!/[\u0080-\u00ff]/.test(name) || [...name].some((c) => c.charCodeAt(0) > 0xff)) return name;
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Above this a GeoJSON or CSV cannot be read in a browser tab: the whole text is decoded into one string and parsed. */
export const TEXT_MAX_BYTES = 400 * 1024 * 1024;
/** Above this a zip is not opened here: its bytes and everything it holds, unpacked, would be in memory at once. */
export const ZIP_MAX_BYTES = 1024 * 1024 * 1024;
/**
 * Above this, what one zip unpacks to (the zips inside it included) is not unpacked: fflate makes each entry's
 * buffer at the size its entry declares, so a small zip (a "zip bomb", or a damaged size field) could ask for
 * gigabytes. A 100k-parcel Shapefile zip unpacks to about 100 MB (5–10 times its zip).
 */
export const ZIP_UNPACKED_MAX_BYTES = 1024 * 1024 * 1024;
const mbOf = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
const TOO_LARGE_FIX = {
  zh: '请转换为 FlatGeobuf 后导入（如 ogr2ogr -f FlatGeobuf 地块.fgb 地块.geojson），或放在服务器上按视图范围读取',
  en: 'convert it to FlatGeobuf and import that (e.g. ogr2ogr -f FlatGeobuf parcels.fgb parcels.geojson), or serve it and read it by the view',
};

/** A file too large for its format to be read here (null: it is not). */
export function tooLarge(name: string, size: number, format: FormatId | 'zip'): FileProblem | null {
  if (format === 'zip' && size > ZIP_MAX_BYTES) {
    return { file: name, text: { zh: `压缩包太大（${mbOf(size)} MB），超过 ${mbOf(ZIP_MAX_BYTES)} MB 无法在浏览器中解压`, en: `the zip is too large (${mbOf(size)} MB) to unpack in a browser (over ${mbOf(ZIP_MAX_BYTES)} MB)` },
      fix: { zh: `请解压后直接选择其中的文件；${TOO_LARGE_FIX.zh}`, en: `unzip it and pick its files, or ${TOO_LARGE_FIX.en}` } };
  }
  if ((format === 'geojson' || format === 'csv') && size > TEXT_MAX_BYTES) {
    return { file: name, text: { zh: `文件太大（${mbOf(size)} MB）：GeoJSON 和 CSV 要整体读入内存，超过 ${mbOf(TEXT_MAX_BYTES)} MB 无法在浏览器中读取`, en: `the file is too large (${mbOf(size)} MB): a GeoJSON or CSV is read whole, and over ${mbOf(TEXT_MAX_BYTES)} MB it cannot be in a browser` }, fix: TOO_LARGE_FIX };
  }
  return null;
}

/** Whether `f` is left unread for its size (groupInputs names it): not hashed either. */
export const tooLargeToRead = (f: InputFile): boolean => {
  const format = EXT_FORMAT[extOf(f.name)];
  return format !== undefined && tooLarge(f.name, f.size, format) !== null;
};

/** A zip (with the zips inside it) that would unpack to more than the budget: named at the top-level zip. */
class OverBudget extends Error {
  constructor(readonly unpacked: number, readonly atLeast: boolean) {
    super('over budget');
  }
}

/** What one top-level zip has unpacked so far, nested zips included, and what it may. */
interface Budget {
  used: number;
  max: number;
}

/** The bytes fflate allocates for an entry: a stored entry is copied, a deflated one inflated into its declared size. */
const entryCost = (e: { size: number; originalSize: number }): number => Math.max(e.size, e.originalSize);

/**
 * Opens the zips among `files` (and zips inside them, `levels` deep); everything else passes through. A broken
 * zip, or one unpacking (nested zips included) to more than `maxUnpacked` bytes, is a file problem.
 */
export async function expandZips(files: readonly InputFile[], problems: FileProblem[], levels = 2, maxUnpacked = ZIP_UNPACKED_MAX_BYTES): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const f of files) {
    if (extOf(f.name) !== 'zip') {
      out.push(f);
      continue;
    }
    try {
      out.push(...(await openZip(f, problems, levels, { used: 0, max: maxUnpacked })));
    } catch (e) {
      if (!(e instanceof OverBudget)) throw e;
      const n = `${e.atLeast ? 'at least ' : ''}${mbOf(e.unpacked)}`;
      problems.push({
        file: f.name,
        text: { zh: `压缩包解压后${e.atLeast ? '至少' : ''}有 ${mbOf(e.unpacked)} MB（含其中的压缩包），超过浏览器可容纳的 ${mbOf(maxUnpacked)} MB`, en: `the zip unpacks to ${n} MB (the zips inside it included), more than the ${mbOf(maxUnpacked)} MB a browser can hold` },
        fix: { zh: '请解压后只选择该图层的文件（.shp、.shx、.dbf、.prj、.cpg），或分成几个压缩包', en: 'unzip it and pick the layer\'s files (.shp, .shx, .dbf, .prj, .cpg), or split it into several zips' },
      });
    }
  }
  return out;
}

/** One zip's files (its inner zips opened while `levels` > 1), counted against `budget`; OverBudget when past it. */
async function openZip(f: InputFile, problems: FileProblem[], levels: number, budget: Budget): Promise<InputFile[]> {
  const large = tooLarge(f.name, f.size, 'zip');
  if (large) {
    problems.push(large);
    return [];
  }
  const bytes = await f.bytes();
  // fflate, not the platform's DecompressionStream: in Chromium's worker that took 1.9–2.0 s for a 100k
  // parcel Shapefile's 100 MB, fflate 1.5 s (and in Node web streams cost more than they save).
  let entries: Record<string, Uint8Array>;
  // Each entry's name mended once (fixZipName), for the filter and the file it becomes.
  const fixed = new Map<string, string>();
  const nameOf = (n: string): string => fixed.get(n) ?? fixed.set(n, fixZipName(n)).get(n)!;
  const wanted = (e: { name: string }): boolean => !e.name.endsWith('/') && !IGNORED.test(nameOf(e.name));
  try {
    // First the central directory alone (nothing unpacked): the sizes the kept entries declare, against the budget.
    let unpacked = 0;
    unzipSync(bytes, {
      filter: (e) => {
        if (wanted(e)) unpacked += entryCost(e);
        return false;
      },
    });
    if (budget.used + unpacked > budget.max) throw new OverBudget(budget.used + unpacked, budget.used > 0);
    budget.used += unpacked;
    // Then unpacked, each entry at no more than it declared (fflate does not grow a buffer it was given).
    entries = unzipSync(bytes, { filter: wanted });
  } catch (e) {
    if (e instanceof OverBudget) throw e;
    problems.push({
      file: f.name,
      text: { zh: `压缩包无法打开（${e instanceof Error ? e.message : String(e)}）`, en: `the zip cannot be opened (${e instanceof Error ? e.message : String(e)})` },
      fix: { zh: '请重新压缩或直接选择其中的文件', en: 'zip the files again, or pick them unzipped' },
    });
    return [];
  }
  const names = Object.keys(entries);
  if (names.length === 0) problems.push({ file: f.name, text: { zh: '压缩包里没有文件', en: 'the zip holds no files' }, fix: { zh: '请选择包含 .shp 等文件的压缩包', en: 'choose the zip that holds the .shp and its files' } });
  const inner = names.map((n) => inputFromBytes(`${f.name}/${nameOf(n)}`, entries[n]!));
  if (levels <= 1) return inner;
  // A zip inside the zip (as some exports pack each layer) is opened too, against the same budget.
  const out: InputFile[] = [];
  for (const g of inner) out.push(...(extOf(g.name) === 'zip' ? await openZip(g, problems, levels - 1, budget) : [g]));
  return out;
}

/** Groups the files into things to read; files of no known format are file problems. */
export function groupInputs(files: readonly InputFile[], problems: FileProblem[]): SourceGroup[] {
  const groups: SourceGroup[] = [];
  const shapefiles = new Map<string, SourceGroup>();
  const used = new Map<string, number>();
  const keyFor = (name: string): string => {
    const base = baseNameOf(name);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  };
  for (const f of files) {
    if (IGNORED.test(f.name) || DOCUMENTS_IN_ZIP.test(f.name)) continue;
    const ext = extOf(f.name);
    if ((SHAPEFILE_PARTS as readonly string[]).includes(ext)) {
      const stem = stemOf(f.name).toLowerCase();
      let g = shapefiles.get(stem);
      if (!g) {
        g = { key: '', format: 'shapefile', parts: {} };
        shapefiles.set(stem, g);
        groups.push(g);
      }
      g.parts[ext as ShapefilePart] = f;
      continue;
    }
    const format = EXT_FORMAT[ext];
    if (!format) {
      problems.push({
        file: f.name,
        text: { zh: `不支持的文件类型「.${ext || '无扩展名'}」`, en: `"${ext ? `.${ext}` : 'no extension'}" is not a format the app reads` },
        fix: { zh: '请选择 Shapefile（.zip 或 .shp/.dbf/.prj/.cpg）、GeoJSON、FlatGeobuf 或 CSV', en: 'choose a Shapefile (.zip, or .shp/.dbf/.prj/.cpg together), GeoJSON, FlatGeobuf or CSV' },
      });
      continue;
    }
    const large = tooLarge(f.name, f.size, format);
    if (large) {
      problems.push(large);
      continue;
    }
    groups.push({ key: keyFor(f.name), format, parts: { main: f } });
  }
  for (const g of groups) if (g.format === 'shapefile') g.key = keyFor((g.parts.shp ?? g.parts.dbf ?? Object.values(g.parts)[0]!).name);
  return groups;
}

const toProblem = (e: IoError): FileProblem => {
  const { text, fix } = readerText(e.problem, e.fix);
  return {
    file: e.file,
    text: e.feature ? { zh: `第 ${e.feature.index + 1} 个要素：${text.zh}`, en: `feature #${e.feature.index + 1}: ${text.en}` } : text,
    fix,
  };
};

/** Reads one group with its format's reader. User errors come back as a FileProblem; ReadCancelled passes through. */
export async function readGroup(group: SourceGroup, options: ReadOptions): Promise<{ ok: true; layers: SourceLayer[] } | { ok: false; problem: FileProblem }> {
  try {
    return await readGroupWith(group, options);
  } catch (e) {
    // Out of memory for this file (a string or buffer the engine cannot make): named, with the way round it.
    if (!(e instanceof RangeError)) throw e;
    const file = group.parts.main?.name ?? group.parts.shp?.name ?? group.key;
    return { ok: false, problem: { file, text: { zh: `文件太大，浏览器内存不足以读取（${e.message}）`, en: `the file is too large for the browser's memory (${e.message})` }, fix: TOO_LARGE_FIX } };
  }
}

async function readGroupWith(group: SourceGroup, options: ReadOptions): Promise<{ ok: true; layers: SourceLayer[] } | { ok: false; problem: FileProblem }> {
  const main = group.parts.main;
  let result;
  if (group.format === 'shapefile') {
    const { readShapefile } = await import('../formats/shapefile/index');
    result = await readShapefile(group.parts, group.key, options);
  } else if (!main) {
    return { ok: false, problem: { file: group.key, text: { zh: '没有文件', en: 'no file' }, fix: { zh: '', en: '' } } };
  } else {
    const bytes = await main.bytes();
    if (group.format === 'geojson') {
      const { readGeoJsonSource } = await import('../formats/geojson');
      result = await readGeoJsonSource(bytes, main.name, options);
    } else if (group.format === 'flatgeobuf') {
      const { readFlatGeobufSource } = await import('../formats/fgb/read');
      result = await readFlatGeobufSource(bytes, main.name, options);
    } else {
      const { readCsv } = await import('../formats/csv');
      result = await readCsv(bytes, main.name, options);
    }
  }
  if (!result.ok) return { ok: false, problem: toProblem(result.error) };
  return { ok: true, layers: result.layers.map((l) => ({ ...l, name: group.key })) };
}

const hex = (buf: ArrayBuffer): string => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** The identity of a set of input files: their name, and a hash over their own hashes in name order. */
export async function datasetIdentity(name: string, files: readonly { name: string; sha256: string }[]): Promise<DatasetIdentity> {
  const lines = [...files].map((f) => `${baseNameOf(f.name)}.${extOf(f.name)}:${f.sha256}`).sort().join('\n');
  return { name, hash: await sha256Hex(new TextEncoder().encode(lines)) };
}
