/**
 * What the loader tells the user before anything is replaced (the import preview, the CLI's report), and
 * the choices the user sends back. Plain serialisable data: it crosses the worker boundary as is.
 */
import type { CrsCode } from '../../geo/projection';
import type { EncodingInfo, FormatId, GeometryKind } from '../source';
import type { GeometryMode } from './geometry-check';
import type { Problem } from './problems';
import type { LayerRole, RoleHow } from './roles';

export type Bilingual = { zh: string; en: string };

export interface FieldReport {
  /** The column as named in the file. */
  name: string;
  /** Up to three non-empty values as text, to recognise the column (and to judge the encoding). */
  samples: string[];
  /** The canonical field it feeds (a ParcelField for parcels, `level`/`name` for other roles), or null. */
  target: string | null;
  /** `prefix`: a name cut to the .dbf's 10 bytes, matched as the start of one field's name (automatic). */
  how: 'key' | 'label' | 'alias' | 'prefix' | 'user' | null;
  /**
   * For fields with a unit choice: the unit in use (`万元`, `元`, `m²` …), whether the header said so, and
   * whether the values' magnitude did (unit-check.ts: a header without a unit, converted with a note).
   */
  unit?: { label: string; factor: number; fromHeader: boolean; fromData?: boolean };
}

export interface CrsReport {
  crs: CrsCode | null;
  swapped: boolean;
  how: 'declared' | 'detected' | 'user' | null;
  /** What the file declared, as it said it. */
  declared: string | null;
  note: Bilingual;
  warning?: Bilingual;
}

export interface LayerReport {
  /** Unique within the import; the key of this layer's options. */
  key: string;
  name: string;
  format: FormatId;
  files: string[];
  featureCount: number;
  geometryKind: GeometryKind;
  role: LayerRole;
  roleHow: RoleHow;
  crs: CrsReport;
  /** Null for formats whose encoding is fixed. */
  encoding: EncodingInfo | null;
  /** A few decoded text values with Chinese in them, to see at a glance that the encoding is right. */
  encodingSample: string[];
  fields: FieldReport[];
  problems: Problem[];
  /** Features that will load. */
  accepted: number;
  /** Parcels: their total planar area, 亩. */
  areaMu?: number;
  /** Why this layer cannot load as it stands (the import can still go on without it, unless it is the parcels). */
  blocked?: Bilingual;
}

export interface FileProblem {
  file: string;
  text: Bilingual;
  fix: Bilingual;
}

export interface DatasetIdentity {
  name: string;
  /** SHA-256 (hex) over the input files' own SHA-256s in name order: the same files give the same identity. */
  hash: string;
}

export interface LoadReport {
  layers: LayerReport[];
  /** Files that could not be read at all (the rest still can be imported). */
  fileProblems: FileProblem[];
  /** Why the import cannot be confirmed as it stands; empty when it can. */
  blockers: Bilingual[];
  identity: DatasetIdentity;
  totals: { parcels: number; areaMu: number };
}

export interface LayerOptions {
  role?: LayerRole;
  crs?: CrsCode;
  /** X/Y swapped; undefined = as detected. */
  swapXY?: boolean;
  /** WHATWG label to decode the text with (Shapefile .dbf, CSV). */
  encoding?: string;
  /** Source column → canonical field (null = ignore the column); overrides the guess for the columns named. */
  mapping?: Record<string, string | null>;
  /** Canonical field → factor to the model's unit (see units.ts). */
  factors?: Record<string, number>;
}

export interface ImportOptions {
  layers?: Record<string, LayerOptions>;
  /** What to do with repairable geometry problems: repair them, or leave those features out. */
  geometry?: GeometryMode;
}
