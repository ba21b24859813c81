/**
 * Shapefile reader for the loader: a .shp with its .dbf, .prj and .cpg (the .shx is not needed: records
 * are read in order) → one SourceLayer. Geometry as the .shp has it, properties from the .dbf row of the
 * same record number, the CRS the .prj declares, the .dbf's encoding (the user's choice, else the .cpg,
 * the LDID byte or a look at the bytes). Problems are values naming the file and the record.
 */
import { parsePrj } from '../../../geo/prj';
import { layerGeometryKind, TICK_EVERY, type DeclaredCrs, type EncodingInfo, type InputFile, type ReadOptions, type SourceFeature, type SourceResult } from '../../source';
import type { IoError, IoWarning } from '../types';
import { DbfReader, previewDbf, readDbfLayout, type DbfPreview } from './dbf';
import { detectDbfEncoding, normaliseCpg } from './encoding';
import { ShpReader } from './shp';
import { count } from '../count';

export interface ShapefileParts {
  shp?: InputFile;
  shx?: InputFile;
  dbf?: InputFile;
  prj?: InputFile;
  cpg?: InputFile;
}

const PICK_ALL = 'Pick the .shp, .shx, .dbf, .prj and .cpg together, or the .zip that holds them.';
/** How many record numbers a warning lists before "…". */
const LISTED = 5;

const layerNameOf = (name: string): string => name.replace(/^.*[\\/]/, '').replace(/\.(shp|shx|dbf|prj|cpg|zip)$/i, '');
const fail = (error: IoError): SourceResult => ({ ok: false, error });
const utf8Text = async (f: InputFile): Promise<string> => new TextDecoder('utf-8').decode(await f.bytes());

function listRecords(indexes: readonly number[]): string {
  const shown = indexes.slice(0, LISTED).map((i) => count(i + 1)).join(', ');
  return indexes.length > LISTED ? `${shown}, …` : shown;
}

/** The encoding of the .dbf and, when the .cpg names something unknown or was overruled by the bytes, a warning saying so. */
function chooseEncoding(dbf: Uint8Array, cpgText: string | undefined, options: ReadOptions, file: string, warnings: IoWarning[]): EncodingInfo | IoError {
  if (options.encoding) {
    try {
      new TextDecoder(options.encoding);
    } catch {
      return { file, problem: `"${options.encoding}" is not a text encoding this browser knows.`, fix: 'Choose GB18030 (GBK), UTF-8, Big5 or Windows-1252.' };
    }
    return { label: options.encoding, how: 'user' };
  }
  const encoding = detectDbfEncoding(dbf, cpgText);
  const fromCpg = cpgText === undefined ? undefined : normaliseCpg(cpgText);
  if (cpgText !== undefined && cpgText.trim() !== '' && fromCpg === undefined) {
    warnings.push({ file, code: 'encoding', message: `the .cpg says "${cpgText.trim()}", a code page this app does not know; the text was read as ${encoding.label} (${encoding.evidence ?? encoding.how})` });
  } else if (fromCpg !== undefined && encoding.how !== 'cpg') {
    warnings.push({ file, code: 'encoding', message: `the .cpg says ${cpgText!.trim()} but the attribute text is not UTF-8; it was read as GBK (GB18030). Check that the Chinese reads right, and correct the .cpg in the GIS` });
  }
  return encoding;
}

async function declaredCrsOf(prj: InputFile | undefined): Promise<DeclaredCrs | null> {
  if (!prj) return null;
  const text = await utf8Text(prj);
  return text.trim() === '' ? null : parsePrj(text);
}

/** Reads a Shapefile from its parts; `name` is the layer's display name. */
export async function readShapefile(parts: ShapefileParts, name: string, options: ReadOptions = {}): Promise<SourceResult> {
  const { shp, shx, dbf, prj, cpg } = parts;
  const files = [shp, shx, dbf, prj, cpg].filter((f): f is InputFile => f !== undefined).map((f) => f.name);
  if (!shp) {
    const have = files.length > 0 ? ` (only ${files.join(', ')} ${files.length === 1 ? 'was' : 'were'} picked)` : '';
    return fail({ file: dbf?.name ?? files[0] ?? name, problem: `The .shp of ${layerNameOf(name)} is missing${have}: it holds the shapes.`, fix: PICK_ALL });
  }
  const warnings: IoWarning[] = [];
  const opened = ShpReader.open(await shp.bytes());
  if (!opened.ok) return fail({ file: shp.name, problem: opened.error.problem, fix: opened.error.fix });
  const shapes = opened.reader;

  let table: DbfReader | null = null;
  let encoding: EncodingInfo | null = null;
  if (dbf) {
    const dbfBytes = await dbf.bytes();
    const layout = readDbfLayout(dbfBytes);
    if (!layout.ok) return fail({ file: dbf.name, problem: layout.problem, fix: layout.fix });
    const chosen = chooseEncoding(dbfBytes, cpg ? await utf8Text(cpg) : undefined, options, dbf.name, warnings);
    if ('problem' in chosen) return fail(chosen);
    encoding = chosen;
    table = new DbfReader(dbfBytes, layout.layout, encoding.label, dbf.name);
    const { recordCount, availableRecords } = layout.layout;
    if (availableRecords < recordCount) {
      warnings.push({ file: dbf.name, code: 'absurd-value', message: `the .dbf says it has ${count(recordCount)} records but holds only ${count(availableRecords)} (it was cut short); the missing ones were not read` });
    }
  } else {
    warnings.push({ file: shp.name, code: 'missing-dbf', message: `there is no .dbf beside ${shp.name}, so the shapes have no attributes (no parcel numbers, names or figures). ${PICK_ALL}` });
  }

  const rows = table ? table.layout.availableRecords : Infinity;
  const features: SourceFeature[] = [];
  const deleted: number[] = [];
  const misWound: number[] = [];
  let record = 0;
  for (; !shapes.done; record++) {
    if (record % TICK_EVERY === 0) await options.tick?.(shapes.progress);
    const next = shapes.next();
    if (!next.ok) return fail({ file: shp.name, feature: { index: next.error.record ?? record }, problem: next.error.problem, fix: next.error.fix });
    if (record >= rows) continue; // counted for the mismatch warning, not read
    if (table?.isDeleted(record)) {
      deleted.push(record);
      continue;
    }
    if (next.record.misWound > 0) misWound.push(record);
    features.push({ geometry: next.record.geometry, properties: table?.readRow(record) ?? {} });
  }
  const cut = shapes.cutShort();
  if (cut) return fail({ file: shp.name, problem: cut.problem, fix: cut.fix });

  if (table && record !== rows) {
    warnings.push({
      file: shp.name, code: 'record-mismatch',
      message: `the .shp has ${count(record)} records but the .dbf ${count(rows)}; only the first ${count(Math.min(record, rows))} were read, matched by record number. Check that the .shp and .dbf belong together`,
    });
  }
  if (deleted.length > 0) {
    warnings.push({ file: dbf?.name ?? shp.name, code: 'absurd-value', feature: { index: deleted[0]! }, message: `${count(deleted.length)} record${deleted.length === 1 ? ' is' : 's are'} marked deleted in the .dbf and ${deleted.length === 1 ? 'was' : 'were'} left out (record ${listRecords(deleted)})` });
  }
  if (misWound.length > 0) {
    warnings.push({
      file: shp.name, code: 'absurd-value', feature: { index: misWound[0]! },
      message: `${count(misWound.length)} record${misWound.length === 1 ? ' has' : 's have'} rings wound against the Shapefile rule (outer rings clockwise, holes counter-clockwise); outer rings and holes were told apart by which ring lies inside which, so holes are taken out of the area as GIS software does (record ${listRecords(misWound)})`,
    });
  }
  if (table) warnings.push(...table.warnings, ...table.valueWarnings());

  return {
    ok: true,
    layers: [{
      name: layerNameOf(name), format: 'shapefile', files, features,
      fields: table ? table.fields.map((f) => ({ name: f.name, type: f.valueType })) : [],
      geometryKind: layerGeometryKind(features), declaredCrs: await declaredCrsOf(prj), encoding, warnings,
    }],
  };
}

/** The .dbf's field names and first `rows` rows as text in `encoding`, to show the user what another encoding gives; null when it is not a .dbf or the label is unknown. */
export function decodeDbfPreview(dbfBytes: Uint8Array, encoding: string, rows: number): DbfPreview | null {
  try {
    return previewDbf(dbfBytes, encoding, rows);
  } catch {
    return null; // TextDecoder does not know the label
  }
}

export type { DbfPreview } from './dbf';
