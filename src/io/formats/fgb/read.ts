/**
 * Reads a whole FlatGeobuf file held in memory into one SourceLayer: geometry as GeoJSON in the file's
 * coordinates, properties decoded by the header's column types, the header's CRS as the declared CRS.
 * The header and every feature's size prefix are checked against the bytes before they are used, and the
 * number of features read must match the header's count, so a damaged or cut-short file is an error that
 * names the feature, never a shorter layer and never an endless loop. Features are decoded in place in
 * one synchronous loop (`tick` every TICK_EVERY features), about twice as fast as `geojson.deserialize`;
 * a polygon file is kept flat (flat-decode.ts), its GeoJSON and properties made only when used.
 */
import { layerGeometryKind, TICK_EVERY, type ReadOptions, type SourceFeature, type SourceLayer, type SourceResult } from '../../source';
import type { IoError } from '../types';
import type { FlatPolygons } from '../../../geo/flat-polygons';
import { FeatureDecoder, fieldTypeOf, UnsupportedGeometry } from './decode';
import { FlatFeatureDecoder, flatReadable, NotFlat } from './flat-decode';
import { Damaged } from './flatbuffer';
import { COPY_AGAIN, declaredCrsOf, fgbError, readHeader, type FgbHeader } from './header';
import { count } from '../count';


/** `2022/地块.fgb` → `地块`. */
export function layerNameOf(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** The error for a feature that cannot be decoded (damage) or has a geometry type GeoJSON cannot hold. */
export function featureError(file: string, index: number, e: unknown): IoError {
  if (e instanceof UnsupportedGeometry) {
    return fgbError(
      file,
      `Feature #${index + 1} has a ${e.typeName} geometry, which this app cannot read (it reads points, lines and polygons).`,
      'Convert curves and surfaces to plain geometries, e.g. `ogr2ogr -f FlatGeobuf -nlt CONVERT_TO_LINEAR out.fgb in.fgb`.',
      index,
    );
  }
  if (e instanceof Damaged) return fgbError(file, `Feature #${index + 1} is damaged (${e.message}).`, COPY_AGAIN, index);
  throw e;
}

/** The layer around features read from a FlatGeobuf file. */
export function fgbLayer(file: string, header: FgbHeader, features: SourceFeature[], flat?: FlatPolygons): SourceLayer {
  return {
    name: layerNameOf(file),
    format: 'flatgeobuf',
    files: [file],
    features,
    fields: header.columns.map((c) => ({ name: c.name, type: fieldTypeOf(c.type) })),
    // A flat layer is all polygons (its header says so) or features without geometry.
    geometryKind: flat ? (flat.featureEnd.some((e, i) => e > (i === 0 ? 0 : flat.featureEnd[i - 1]!)) ? 'polygon' : 'none') : layerGeometryKind(features),
    declaredCrs: declaredCrsOf(header.crs),
    encoding: null,
    warnings: [],
    ...(flat ? { flat } : {}),
  };
}

/**
 * Decodes the features laid end to end in bytes [start, bytes.length), numbered from 0, checking each size
 * prefix against the bytes left and the total against the header's count (when it gives one).
 */
export async function readFeatureRun(
  bytes: Uint8Array,
  start: number,
  header: FgbHeader,
  file: string,
  options?: ReadOptions,
  flat = false,
): Promise<{ ok: true; features: SourceFeature[]; flat?: FlatPolygons } | { ok: false; error: IoError }> {
  const promised = header.featuresCount;
  const flatDecoder = flat && flatReadable(header) ? new FlatFeatureDecoder(bytes, header) : null;
  flatDecoder?.presize(start);
  const decoder = flatDecoder ?? new FeatureDecoder(bytes, header);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const features: SourceFeature[] = [];
  const fail = (error: IoError) => ({ ok: false as const, error });
  let offset = start;
  while (offset < bytes.length) {
    const index = features.length;
    if (index > 0 && index % TICK_EVERY === 0) await options?.tick?.((offset - start) / (bytes.length - start));
    if (promised > 0 && index === promised) {
      return fail(fgbError(file, `The header promises ${count(promised)} features but ${count(bytes.length - offset)} more bytes follow the last of them; the file is damaged.`, COPY_AGAIN, index));
    }
    const remaining = bytes.length - offset - 4;
    if (remaining < 0) {
      return fail(fgbError(file, `The file ends inside the size of feature #${index + 1}; it was cut short.`, COPY_AGAIN, index));
    }
    const size = view.getUint32(offset, true);
    if (size > remaining) {
      return fail(fgbError(file, `Feature #${index + 1} claims to be ${count(size)} bytes long but only ${count(remaining)} bytes are left in the file; the file was cut short or is damaged.`, COPY_AGAIN, index));
    }
    try {
      features.push(flatDecoder ? flatDecoder.decodeFlat(offset + 4, offset + 4 + size) : decoder.decode(offset + 4, offset + 4 + size));
    } catch (e) {
      if (e instanceof NotFlat) return readFeatureRun(bytes, start, header, file, options, false);
      return fail(featureError(file, index, e));
    }
    offset += 4 + size;
  }
  if (promised > 0 && features.length !== promised) {
    return fail(fgbError(file, `The header promises ${count(promised)} features but the file holds ${count(features.length)}; it was cut short.`, COPY_AGAIN));
  }
  return flatDecoder ? { ok: true, features, flat: flatDecoder.finish() } : { ok: true, features };
}

export async function readFlatGeobufSource(bytes: Uint8Array, name: string, options?: ReadOptions): Promise<SourceResult> {
  const head = readHeader(bytes, name);
  if (!head.ok) return head;
  const run = await readFeatureRun(bytes, head.header.featuresOffset, head.header, name, options, true);
  return run.ok ? { ok: true, layers: [fgbLayer(name, head.header, run.features, run.flat)] } : run;
}
