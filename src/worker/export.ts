/**
 * The `export` request: writes parcels of the latest analysis (metre geometry and attributes from the
 * session) as Excel, CSV, GeoJSON, FlatGeobuf or a Shapefile zip. The writers (src/io/export) load on
 * demand, so they stay out of the worker's start-up. Bytes go back transferred, not copied.
 */
import type { ExportRequest, ExportResult } from '../io/export/model';
import { EXPORT_FORMATS } from '../io/export/model';
import type { HandlerContext, Result } from './protocol';
import type { Session } from './session';

export async function exportList(session: Session, req: ExportRequest, ctx: HandlerContext): Promise<Result<ExportResult>> {
  if (!session.layers) return { ok: false, error: { code: 'no-dataset', message: 'no dataset is loaded' } };
  const run = session.run;
  if (!run) return { ok: false, error: { code: 'no-analysis', message: 'the analysis has not run yet; wait for it, then export again' } };
  if (!(EXPORT_FORMATS as readonly string[]).includes(req.format)) return { ok: false, error: { code: 'bad-request', message: `unknown export format "${String(req.format)}" (allowed: ${EXPORT_FORMATS.join(', ')})` } };
  if (!Array.isArray(req.fids) || req.fids.length === 0) return { ok: false, error: { code: 'bad-request', message: 'the list is empty; add parcels before exporting' } };
  if (run.parcels.length !== session.layers.parcels.length) return { ok: false, error: { code: 'no-analysis', message: 'the analysis is of other data; wait for the new analysis, then export again' } };
  const { exportParcels } = await import('../io/export');
  const file = await exportParcels(req.format, { run, parcels: session.layers.parcels }, req.fids, {
    listName: req.listName,
    evaluationDate: run.summary.evaluationDate,
    ruleSet: run.ruleSet,
    dataset: req.dataset,
    exportedOn: req.exportedOn && /^\d{4}-\d{2}-\d{2}$/.test(req.exportedOn) ? req.exportedOn : new Date().toISOString().slice(0, 10),
  }, { encoding: req.options?.encoding === 'gbk' ? 'gbk' : 'utf-8', progress: (f) => ctx.progress(f), csv: 'people' });
  const bytes = file.bytes.byteOffset === 0 && file.bytes.byteLength === file.bytes.buffer.byteLength ? file.bytes.buffer as ArrayBuffer : file.bytes.slice().buffer;
  return { ok: true, value: { fileName: file.fileName, mime: file.mime, bytes } };
}
