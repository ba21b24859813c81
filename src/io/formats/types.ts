/**
 * Shared shapes of the file readers: a reader never throws at the user; it returns either a layer or a
 * user error naming the file, the feature, the problem and the fix (GUIDE.md: user errors are values).
 */
import type { MultiPolygon, Polygon } from 'geojson';

/** Which feature a message is about: its 0-based position in the file and, when known, its id. */
export interface FeatureRef {
  index: number;
  id?: string;
}

/** A problem that stops the file from being used. `fix` tells the user what to change. */
export interface IoError {
  file: string;
  feature?: FeatureRef;
  problem: string;
  fix: string;
}

/** A problem the import survived (a value dropped, a field not recognised). `code` is for UIs to switch on. */
export interface IoWarning {
  file: string;
  code: IoWarningCode;
  message: string;
  feature?: FeatureRef;
  field?: string;
}

export type IoWarningCode =
  | 'unmapped-field'
  | 'duplicate-field'
  | 'coercion-failed'
  | 'absurd-value'
  | 'percent-as-ratio'
  | 'unit-converted'
  | 'encoding'
  | 'crs'
  | 'missing-name'
  /** A Shapefile picked without its .dbf: shapes without attributes. */
  | 'missing-dbf'
  /** A Shapefile whose .shp and .dbf hold different numbers of records (matched by record number). */
  | 'record-mismatch';

export type PolygonGeometry = Polygon | MultiPolygon;

/** `#3 (id "A-12")` — how messages name a feature (1-based for people). */
export function describeFeature(ref: FeatureRef): string {
  return ref.id === undefined ? `feature #${ref.index + 1}` : `feature #${ref.index + 1} (id "${ref.id}")`;
}
