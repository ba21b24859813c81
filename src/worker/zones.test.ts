/**
 * The `zone-stats` request through the worker's handler table: errors as values before a dataset or an
 * analysis exists, WGS84 outlines (what terra-draw gives) measured like their EPSG:4549 originals, a
 * refused outline named in lon/lat, and a newer request of the same zone cancelling an older one.
 */
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { analysisRequest } from '../analysis/request';
import { runAnalysis, type AnalysisLayers } from '../analysis/run';
import type { BlocklineLevel } from '../domain/facts';
import type { ZoneStatsRequest } from '../domain/zone-stats';
import { projectGeometry } from '../geo/projection';
import { createHandlers } from './handlers';
import { emptySession } from './session';

type Polygonal = Polygon | MultiPolygon;
const dir = new URL('../../tests/fixtures/zones/', import.meta.url);
const layer = (name: string) => JSON.parse(readFileSync(new URL(`${name}.geojson`, dir), 'utf8')) as FeatureCollection<Polygonal, Record<string, string>>;
const oracle = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as { clipped: { rows: { zoneId: string; parcelId: string; clipped: number }[] } };

const layers: AnalysisLayers = {
  parcels: layer('parcels').features.map((f) => ({ geometry: f.geometry, attributes: { parcelId: f.properties.parcelId!, tax: 10 } })),
  blocklines: layer('blocklines').features.map((f) => ({ geometry: f.geometry, level: f.properties.level as BlocklineLevel })),
};
const zone = (id: string): Polygonal => layer('zones').features.find((z) => z.properties.zoneId === id)!.geometry;
const lonLat = (g: Polygonal): Polygonal => projectGeometry(g, 'EPSG:4549', 'EPSG:4326');

function ready() {
  const session = emptySession();
  session.layers = layers;
  const out = runAnalysis(layers, analysisRequest({ evaluationDate: '2022-12-31' }));
  if (!out.ok) throw new Error('run');
  session.run = out.run;
  return createHandlers(session);
}

describe('zone-stats request', () => {
  it('answers no-dataset / no-analysis as error values, and a malformed request as bad-request', async () => {
    const h = createHandlers(emptySession());
    const req: ZoneStatsRequest = { zoneId: 'a', seq: 1, geometry: lonLat(zone('Z-HOLE')) };
    expect(await h['zone-stats'](req)).toMatchObject({ ok: false, error: { code: 'no-dataset' } });
    const s = emptySession();
    s.layers = layers;
    expect(await createHandlers(s)['zone-stats']({ ...req, zoneId: 'b' })).toMatchObject({ ok: false, error: { code: 'no-analysis' } });
    expect(await h['zone-stats']({ zoneId: 'c' } as unknown as ZoneStatsRequest)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const bad = { zoneId: 'd', seq: 1, geometry: { type: 'Polygon', coordinates: [[1, 2, 3]] } } as unknown as ZoneStatsRequest;
    expect(await ready()['zone-stats'](bad)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('measures a WGS84 outline like its EPSG:4549 original (GDAL areas within 0.01 m²)', async () => {
    const h = ready();
    for (const id of ['Z-CONCAVE', 'Z-HOLE', 'Z-MULTI']) {
      const r = await h['zone-stats']({ zoneId: id, seq: 1, geometry: lonLat(zone(id)) });
      if (!r.ok) throw new Error(r.error.message);
      const expected = oracle.clipped.rows.filter((x) => x.zoneId === id && x.clipped > 1e-3).reduce((t, x) => t + x.clipped, 0);
      expect(Math.abs(r.value.landM2 - expected), id).toBeLessThanOrEqual(0.01);
      const metres = await h['zone-stats']({ zoneId: `${id}-m`, seq: 1, geometry: zone(id), crs: 'EPSG:4549' });
      expect(metres.ok && metres.value.parcels.fids).toEqual(r.value.parcels.fids);
      expect(r.value).toMatchObject({ zoneId: id, seq: 1 });
    }
  });

  it('refuses a self-intersecting outline with a message naming where, in lon/lat', async () => {
    const h = ready();
    const [x, y] = [120.6, 28.0];
    const r = await h['zone-stats']({ zoneId: 'bow', seq: 1, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.002, y + 0.002], [x + 0.002, y], [x, y + 0.002], [x, y]]] } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.problems[0]).toMatchObject({ code: 'self-intersection', fatal: true });
    expect(r.value.problems[0]!.en).toMatch(/near 120\.60100\d°E, 28\.00100\d°N/);
  });

  it('a newer request of the same zone cancels older ones still queued; other zones are not affected', async () => {
    const h = ready();
    const g = lonLat(zone('Z-CONCAVE'));
    const answers = await Promise.all([
      h['zone-stats']({ zoneId: 'z', seq: 1, geometry: g }),
      h['zone-stats']({ zoneId: 'z', seq: 2, geometry: g }),
      h['zone-stats']({ zoneId: 'other', seq: 1, geometry: g }),
      h['zone-stats']({ zoneId: 'z', seq: 3, geometry: g }),
    ]);
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['cancelled', 'cancelled', 'ok', 'ok']);
    expect(answers[3]!.ok && answers[3]!.value.seq).toBe(3);
    // A late-arriving older request is cancelled at once.
    expect(await h['zone-stats']({ zoneId: 'z', seq: 2, geometry: g })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});
