/**
 * The `zone-stats` request: a drawn zone (WGS84 lon/lat, or EPSG:4549) → its statistics over the
 * session's layers and latest analysis run (geo/zone-clip-stats.ts). Requests of one zone are numbered
 * by the page (`seq`); one overtaken by a newer request of the same zone before its work starts is
 * answered with the error `cancelled` and costs nothing. The work itself is a few milliseconds and
 * runs to the end once started.
 */
import type { AnalysisLayers, AnalysisRun } from '../analysis/run';
import type { ZoneStats, ZoneStatsRequest } from '../domain/zone-stats';
import { computeZoneStats } from '../geo/zone-clip-stats';
import { projectGeometry, projectPoint } from '../geo/projection';
import type { Result } from './protocol';
import type { Session } from './session';

/** Newest seq seen per zone id (module state: the worker has one session). */
const newest = new Map<string, number>();

/** Lets messages already queued behind this one arrive first (a macrotask turn). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function badRequest(message: string): Result<ZoneStats> {
  return { ok: false, error: { code: 'bad-request', message } };
}

export async function zoneStats(session: Session, req: ZoneStatsRequest): Promise<Result<ZoneStats>> {
  if (!req || typeof req.zoneId !== 'string' || typeof req.seq !== 'number' || !Number.isFinite(req.seq)) {
    return badRequest('zone-stats needs {zoneId: string, seq: number, geometry}');
  }
  const { zoneId, seq } = req;
  if (seq < (newest.get(zoneId) ?? -Infinity)) return cancelled(zoneId, seq);
  newest.set(zoneId, seq);
  await nextTurn();
  if (seq < newest.get(zoneId)!) return cancelled(zoneId, seq);
  if (!session.layers) return { ok: false, error: { code: 'no-dataset', message: 'no dataset is loaded' } };
  if (!session.run) return { ok: false, error: { code: 'no-analysis', message: 'no analysis has run yet' } };
  return zoneStatsNow(session.layers, session.run, req);
}

/** The work of one request, synchronously (the benchmark times this): project the outline, then measure. */
export function zoneStatsNow(layers: AnalysisLayers, run: AnalysisRun, req: ZoneStatsRequest): Result<ZoneStats> {
  const lonLat = (req.crs ?? 'EPSG:4326') === 'EPSG:4326';
  const g = req.geometry;
  let geometry = g;
  if (lonLat && g && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
    try {
      geometry = projectGeometry(g, 'EPSG:4326', 'EPSG:4549');
    } catch {
      return badRequest('zone-stats: the geometry\'s coordinates are not [lon, lat] pairs');
    }
  }
  const describePoint = lonLat
    ? (x: number, y: number) => { const p = projectPoint([x, y], 'EPSG:4549', 'EPSG:4326'); return `${p[0]!.toFixed(6)}°E, ${p[1]!.toFixed(6)}°N`; }
    : undefined;
  return { ok: true, value: computeZoneStats(layers, run, geometry, { zoneId: req.zoneId, seq: req.seq, whatIf: req.whatIf, describePoint }) };
}

function cancelled(zoneId: string, seq: number): Result<ZoneStats> {
  return { ok: false, error: { code: 'cancelled', message: `zone ${zoneId}: request ${seq} was overtaken by a newer one` } };
}
