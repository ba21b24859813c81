/**
 * The contract between the loader and the format readers. A reader turns a file (or a Shapefile's set of
 * files) into SourceLayers: features with their geometry exactly as the file has it (source coordinates,
 * not yet checked or reprojected), their decoded properties, and what the file itself says about its
 * CRS and its text encoding. Everything that is a guess or a choice (which CRS, which role, which field is
 * which) is the loader's business (`io/loader/`), so that the user can see and override it.
 */
import type { FlatPolygons } from '../geo/flat-polygons';
import type { CrsCode } from '../geo/projection';
import type { IoError, IoWarning } from './formats/types';

/** A file handed to the loader: a name and its bytes on demand (a `File` in the browser, a path in Node). */
export interface InputFile {
  /** The file name; zip entries keep their folder, e.g. `2022/地块.shp`. */
  name: string;
  size: number;
  bytes(): Promise<Uint8Array>;
  /** SHA-256 of the bytes as hex, when the caller can work it out better than the loader (the CLI hashes in a thread beside the parse). */
  sha256?: () => Promise<string>;
}

export const inputFromBytes = (name: string, bytes: Uint8Array): InputFile => ({ name, size: bytes.length, bytes: async () => bytes });

/** A browser `File` as an InputFile; its bytes are read once, when first asked for. */
export const inputFromFile = (f: File): InputFile => {
  let cached: Promise<Uint8Array> | null = null;
  return { name: f.name, size: f.size, bytes: () => (cached ??= f.arrayBuffer().then((b) => new Uint8Array(b))) };
};

export type FormatId = 'shapefile' | 'geojson' | 'flatgeobuf' | 'csv';

export type SourceFieldType = 'string' | 'number' | 'integer' | 'date' | 'boolean' | 'unknown';

export interface SourceField {
  name: string;
  type: SourceFieldType;
}

/** How the text of a file was decoded. */
export interface EncodingInfo {
  /** WHATWG label actually used: `gb18030` (covers GBK and GB2312), `utf-8`, `big5`, `windows-1252`. */
  label: string;
  how: 'cpg' | 'ldid' | 'sniffed' | 'bom' | 'default' | 'user';
  /** What the file said, for the report: the .cpg text, `LDID 0x4D`, … */
  evidence?: string;
}

/** What a file declares about its CRS. */
export interface DeclaredCrs {
  /** The supported CRS it names; null when it names one this app does not read (the loader then refuses or asks). */
  crs: CrsCode | null;
  /** What the file said, shortened for people: the .prj's PROJCS name, `EPSG:4549`, a URN. */
  text: string;
  source: 'prj' | 'geojson-crs' | 'fgb-header';
}

/** One feature as read: geometry in source coordinates (unchecked GeoJSON geometry object, or null). */
export interface SourceFeature {
  geometry: unknown;
  properties: Record<string, unknown>;
  /** The format's own feature id (GeoJSON `id`), when it has one. */
  id?: string | number;
  /**
   * `properties` for a caller that reads them once and keeps nothing: a reader that makes them on demand
   * (flat FlatGeobuf) may return one object it reuses for the next call instead of keeping a new one.
   */
  propertiesOnce?(): Record<string, unknown>;
  /**
   * The same values by column (the layer's `fields` order) in an array the next call reuses, for a caller
   * that reads them once by position (no object keyed by column name); null when `properties` were made.
   */
  valuesOnce?(): unknown[] | null;
}

export type GeometryKind = 'polygon' | 'point' | 'line' | 'none' | 'mixed';

export interface SourceLayer {
  /** Display name: the file name without folder and extension (a zip entry's base name). */
  name: string;
  format: FormatId;
  /** Every file it was read from (a Shapefile's .shp, .dbf, .prj, .cpg …). */
  files: string[];
  features: SourceFeature[];
  /** Property names in file order with their declared or inferred types. */
  fields: SourceField[];
  geometryKind: GeometryKind;
  declaredCrs: DeclaredCrs | null;
  /** Null when the format fixes the encoding (FlatGeobuf is always UTF-8). */
  encoding: EncodingInfo | null;
  warnings: IoWarning[];
  /**
   * The features' polygons as flat typed arrays (feature i is `features[i]`), when the reader kept them
   * so (FlatGeobuf): the loader then packs a building layer from them without making GeoJSON.
   */
  flat?: FlatPolygons;
}

export type SourceResult = { ok: true; layers: SourceLayer[] } | { ok: false; error: IoError };

/** Thrown by `ReadOptions.tick` when the user cancelled; readers let it pass through. */
export class ReadCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ReadCancelled';
  }
}

export interface ReadOptions {
  /** Decode text with this WHATWG label instead of the detected one (the user's choice). */
  encoding?: string;
  /**
   * Readers await this every few thousand features with how far they are (0–1). It posts progress and
   * yields to the event loop, and throws ReadCancelled when the user cancelled.
   */
  tick?: (fraction: number) => Promise<void>;
}

/** Every how-many features a reader calls `tick`. */
export const TICK_EVERY = 4096;

/** Geometry kind of a GeoJSON geometry type name. */
export function geometryKindOf(type: unknown): GeometryKind {
  if (type === 'Polygon' || type === 'MultiPolygon') return 'polygon';
  if (type === 'Point' || type === 'MultiPoint') return 'point';
  if (type === 'LineString' || type === 'MultiLineString') return 'line';
  return 'none';
}

/** The kind of a whole layer: the one kind its features share, `mixed` otherwise (features without geometry ignored). */
export function layerGeometryKind(features: readonly SourceFeature[]): GeometryKind {
  let kind: GeometryKind = 'none';
  for (const f of features) {
    const k = geometryKindOf((f.geometry as { type?: unknown } | null)?.type);
    if (k === 'none') continue;
    if (kind === 'none') kind = k;
    else if (kind !== k) return 'mixed';
  }
  return kind;
}
