/**
 * What every exporter is given: the latest analysis run (results, facts, rule set), the parcels' metre
 * geometry and attributes, which parcels (fids) to write, and the metadata each file carries (list
 * name, evaluation date, rule set, dataset identity). Pure: the worker and the CLI both build one.
 */
import { RULE_CLAUSES } from '../../domain/rules/clauses';
import type { MultiPolygon, Polygon } from 'geojson';
import type { AnalysisResult } from '../../domain/analyze';
import type { ParcelGeoFacts } from '../../domain/facts';
import type { ParcelAttributes } from '../../domain/parcel';
import type { RuleSet } from '../../domain/rule-set';

export type Polygonal = Polygon | MultiPolygon;

export const EXPORT_FORMATS = ['xlsx', 'csv', 'geojson', 'fgb', 'shp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportMeta {
  /** The shortlist's name (or `results` for the CLI). */
  listName: string;
  evaluationDate: string;
  ruleSet: RuleSet;
  dataset: { name: string; hash: string; synthetic: boolean; asOf?: string | null };
  /** ISO date of the export (file names). */
  exportedOn: string;
}

export interface ExportSource {
  run: AnalysisResult & { facts: readonly ParcelGeoFacts[] };
  /** In fid order, EPSG:4549 metres. */
  parcels: readonly { geometry: Polygonal; attributes: ParcelAttributes }[];
}

export interface ExportOptions {
  /** Shapefile text encoding: UTF-8 (default) or GBK (code page 936). */
  encoding?: 'utf-8' | 'gbk';
  /** Called with 0–1 while a long export runs. */
  progress?: (fraction: number) => void;
  /** Excel: rows of the rule trail per sheet (tests; default Excel's limit, xlsx.ts XLSX_MAX_DATA_ROWS). */
  maxTrailRows?: number;
  /** CSV: the CLI's machine table (results.csv, default) or the app's table for people (list-csv.ts). */
  csv?: 'machine' | 'people';
}

export interface ExportFile {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

const EXTENSION: Record<ExportFormat, string> = { xlsx: 'xlsx', csv: 'csv', geojson: 'geojson', fgb: 'fgb', shp: 'zip' };

/** Characters no file system takes, and control characters, become `_`; empty names become `shortlist`. */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const s = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 80);
  return s || 'shortlist';
}

/** `<list name>_<export date>.<ext>`, e.g. `重点地块_2026-11-30.xlsx`. */
export const exportFileName = (format: ExportFormat, meta: ExportMeta): string => `${safeName(meta.listName)}_${meta.exportedOn}.${EXTENSION[format]}`;

/** The metadata as one plain object (GeoJSON member, FlatGeobuf header, Shapefile sidecar). */
export function metaRecord(meta: ExportMeta): Record<string, unknown> {
  return {
    listName: meta.listName,
    evaluationDate: meta.evaluationDate,
    ruleSet: { name: meta.ruleSet.name, version: meta.ruleSet.version },
    dataset: { name: meta.dataset.name, hash: meta.dataset.hash, synthetic: meta.dataset.synthetic, asOf: meta.dataset.asOf ?? null },
    exportedOn: meta.exportedOn,
    // The clause behind each rule's outcomes (the GIS files' rows give each rule's status and reason).
    clauses: RULE_CLAUSES,
  };
}

/** Fids that are in range and unique, in the order given. */
export function checkFids(fids: readonly number[], count: number): number[] {
  const seen = new Uint8Array(count);
  const out: number[] = [];
  for (const f of fids) {
    if (!Number.isInteger(f) || f < 0 || f >= count || seen[f]) continue;
    seen[f] = 1;
    out.push(f);
  }
  return out;
}

/** The worker's `export` request: the parcels `fids` of the latest analysis written as `format`. */
export interface ExportRequest {
  format: ExportFormat;
  fids: number[];
  listName: string;
  options?: { encoding?: 'utf-8' | 'gbk' };
  /** What the page knows of the loaded data (its identity, whether it is synthetic, its date). */
  dataset: ExportMeta['dataset'];
  /** The export's date for the file name (the page's local date); default today (UTC). */
  exportedOn?: string;
}

/** The file, its bytes transferred to the page. */
export interface ExportResult {
  fileName: string;
  mime: string;
  bytes: ArrayBuffer;
}
