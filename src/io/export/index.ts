/**
 * One entry for every file export (the worker's `export` request and the CLI): format → bytes, file
 * name and MIME type. The writers are pure; this module is loaded on demand.
 */
import { analysisCsvBytes } from './analysis-csv';
import { writeFlatGeobuf } from './fgb';
import { writeGeoJson } from './geojson';
import { writeListCsv } from './list-csv';
import { checkFids, exportFileName, type ExportFile, type ExportFormat, type ExportMeta, type ExportOptions, type ExportSource } from './model';
import { writeShapefileZip } from './shapefile';
import { writeXlsx } from './xlsx';

const MIME: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
  geojson: 'application/geo+json',
  fgb: 'application/octet-stream',
  shp: 'application/zip',
};

/** The CLI's results table for `fids` (same columns as results.csv). */
export function writeCsv(source: ExportSource, fids: readonly number[], meta: ExportMeta): Uint8Array {
  const provenance = { evaluationDate: meta.evaluationDate, ruleSet: meta.ruleSet, dataset: meta.dataset };
  const chunks = [...analysisCsvBytes(source.run, source.run.facts, fids, provenance)];
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.length; }
  return bytes;
}

export async function exportParcels(format: ExportFormat, source: ExportSource, fids: readonly number[], meta: ExportMeta, options: ExportOptions = {}): Promise<ExportFile> {
  const list = checkFids(fids, source.parcels.length);
  let bytes: Uint8Array;
  switch (format) {
    case 'xlsx': bytes = writeXlsx(source, list, meta, options); break;
    case 'csv': bytes = options.csv === 'people' ? writeListCsv(source, list, meta) : writeCsv(source, list, meta); break;
    case 'geojson': bytes = writeGeoJson(source, list, meta, options); break;
    case 'fgb': bytes = writeFlatGeobuf(source, list, meta, options); break;
    case 'shp': bytes = writeShapefileZip(source, list, meta, options); break;
  }
  options.progress?.(1);
  return { fileName: exportFileName(format, meta), mime: MIME[format], bytes };
}

export * from './model';
export { listTotals, type ListTotals } from './totals';
