/**
 * `npm run bench:zones` — drawn-zone statistics on the seeded 100k-parcel set, per edit: the worker's
 * own work for one `zone-stats` request (the WGS84 outline projected to EPSG:4549, checked, tiled, the
 * parcels under it found, wholly-inside ones taken whole, edge ones clipped exactly, figures summed,
 * block-line and park overlap, what-if). Each zone covers about 500 parcels; every edit moves one vertex
 * a few metres, as dragging does. Prints the median per zone shape beside the bar (product.md: ≤ 16 ms).
 * Where ogr2ogr is installed, the last outline of each shape also goes to GDAL/SpatiaLite (GEOS
 * ST_Intersection over the GeoPackage's R*Tree): its clipped area of every parcel must equal ours within
 * 0.01 m², and its time (one ogr2ogr process, start-up included) is printed beside ours.
 *   npm run bench:zones -- [--parcels 100000] [--edits 60] [--target 500] [--no-gdal]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Polygon, Position } from 'geojson';
import { analysisRequest } from '../src/analysis/request';
import { prepareAnalysis, runAnalysis, type AnalysisLayers, type AnalysisRun } from '../src/analysis/run';
import type { ZoneStatsRequest } from '../src/domain/zone-stats';
import { packPolygons } from '../src/geo/packed';
import { projectGeometry } from '../src/geo/projection';
import { prepareZoneLayers } from '../src/geo/zone-clip-stats';
import { zoneStatsNow } from '../src/worker/zones';
import { loadInputs } from '../cli/load-inputs';
import { arg, largeDataset, median } from './common';

const parcels = Number(arg('parcels', '100000'));
const edits = Number(arg('edits', '60'));
const target = Number(arg('target', '500'));
const dir = largeDataset(parcels);

const loaded = await loadInputs({
  parcels: join(dir, 'parcels.fgb'), buildings: join(dir, 'buildings.fgb'), blocklines: join(dir, 'blocklines.fgb'),
  parks: join(dir, 'parks.fgb'), towns: join(dir, 'towns.fgb'),
});
if (!loaded.ok) throw new Error(`cannot load ${dir}: ${loaded.error.problem}`);
const whole = await loaded.inputs.complete();
const layers: AnalysisLayers = { ...whole, buildings: packPolygons(whole.buildings ?? []) };
prepareAnalysis(layers);
const out = runAnalysis(layers, analysisRequest({ evaluationDate: '2023-12-31' }));
if (!out.ok) throw new Error('analysis failed');
const run: AnalysisRun = out.run;
const tPrep = performance.now();
const prep = prepareZoneLayers(layers);
console.log(`data: ${layers.parcels.length} parcels; zone preparation once per dataset (packing + grid index): ${(performance.now() - tPrep).toFixed(0)} ms (not in the timings below)`);

/** A shape around (cx, cy) of "radius" r in metres, as a closed ring. */
type Shape = (cx: number, cy: number, r: number) => Position[][];
const close = (ring: Position[]): Position[] => [...ring, ring[0]!];
const shapes: Record<string, Shape> = {
  'rectangle (4 vertices)': (cx, cy, r) => [close([[cx - r, cy - 0.7 * r], [cx + r, cy - 0.7 * r], [cx + r, cy + 0.7 * r], [cx - r, cy + 0.7 * r]])],
  'polygon (12 vertices, concave)': (cx, cy, r) => [close(Array.from({ length: 12 }, (_, i) => {
    const a = (2 * Math.PI * i) / 12;
    const k = i % 2 ? 0.75 : 1.05;
    return [cx + k * r * Math.cos(a), cy + k * r * Math.sin(a)];
  }))],
  'freehand (240 vertices, wobbly)': (cx, cy, r) => [close(Array.from({ length: 240 }, (_, i) => {
    const a = (2 * Math.PI * i) / 240;
    const k = 1 + 0.06 * Math.sin(7 * a) + 0.03 * Math.cos(23 * a);
    return [cx + k * r * Math.cos(a), cy + k * r * Math.sin(a)];
  }))],
  'polygon with a hole': (cx, cy, r) => [
    close(Array.from({ length: 16 }, (_, i) => [cx + 1.1 * r * Math.cos((2 * Math.PI * i) / 16), cy + 1.1 * r * Math.sin((2 * Math.PI * i) / 16)])),
    close(Array.from({ length: 8 }, (_, i) => [cx + 0.35 * r * Math.cos((-2 * Math.PI * i) / 8), cy + 0.35 * r * Math.sin((-2 * Math.PI * i) / 8)])),
  ],
};

// Zones sit where parcels are densest: around the centre of the parcel boxes' median.
const box = prep.parcels.packed.box;
const cxs: number[] = [], cys: number[] = [];
for (let f = 0; f < prep.parcels.packed.count; f += 7) if (box[4 * f]! <= box[4 * f + 2]!) { cxs.push((box[4 * f]! + box[4 * f + 2]!) / 2); cys.push((box[4 * f + 1]! + box[4 * f + 3]!) / 2); }
const cx = median(cxs), cy = median(cys);

const toLonLat = (rings: Position[][]): Polygon => projectGeometry({ type: 'Polygon', coordinates: rings }, 'EPSG:4549', 'EPSG:4326');
const countOf = (g: Polygon): number => {
  const r = zoneStatsNow(layers, run, { zoneId: 'size', seq: 0, geometry: g });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.parcels.count;
};

const hasGdal = !process.argv.includes('--no-gdal') && spawnSync('ogr2ogr', ['--version']).status === 0;
const work = join('bench', 'out', `zones-${parcels}`);
const gpkg = join(work, 'parcels.gpkg');
if (hasGdal && !existsSync(gpkg)) {
  mkdirSync(work, { recursive: true });
  console.log('GDAL: loading parcels.fgb into a GeoPackage (not timed) …');
  execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, join(dir, 'parcels.fgb'), '-nln', 'parcels', '-nlt', 'PROMOTE_TO_MULTI']);
}
const wkt = (g: Polygon): string => `POLYGON(${g.coordinates.map((r) => `(${r.map((p) => `${p[0]!.toFixed(6)} ${p[1]!.toFixed(6)}`).join(',')})`).join(',')})`;

/** GDAL's clipped area per parcel id for `zone` (EPSG:4549), and the ogr2ogr process time. */
function gdalClipped(zone: Polygon): { ms: number; byId: Map<string, number> } {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of zone.coordinates[0]!) { x0 = Math.min(x0, p[0]!); y0 = Math.min(y0, p[1]!); x1 = Math.max(x1, p[0]!); y1 = Math.max(y1, p[1]!); }
  const sql = `SELECT p.parcelId AS id, ST_Area(ST_Intersection(p.geom, z.g)) AS clipped FROM (SELECT ST_GeomFromText('${wkt(zone)}', 4549) AS g) z `
    + `JOIN rtree_parcels_geom r ON r.minx <= ${x1} AND r.maxx >= ${x0} AND r.miny <= ${y1} AND r.maxy >= ${y0} JOIN parcels p ON p.rowid = r.id WHERE ST_Intersects(p.geom, z.g)`;
  const csv = join(work, 'clipped.csv');
  rmSync(csv, { force: true });
  const t0 = performance.now();
  execFileSync('ogr2ogr', ['-f', 'CSV', csv, gpkg, '-sql', sql]);
  const ms = performance.now() - t0;
  const byId = new Map<string, number>();
  for (const line of readFileSync(csv, 'utf8').split(/\r?\n/).slice(1)) {
    const [id, v] = line.split(',');
    if (id) byId.set(id.replace(/"/g, ''), Number(v));
  }
  return { ms, byId };
}

const rows: string[] = [];
let worstMedian = 0;
for (const [name, shape] of Object.entries(shapes)) {
  // Size the zone to about `target` parcels (bisection on its radius).
  let lo = 20, hi = 5000;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (countOf(toLonLat(shape(cx, cy, mid))) < target) lo = mid; else hi = mid;
  }
  const rings = shape(cx, cy, hi);
  const times: number[] = [];
  let count = 0, partial = 0, landMu = 0;
  let last: { req: ZoneStatsRequest; fids: number[]; clippedM2: number[] } | null = null;
  for (let e = 0; e < edits + 5; e++) {
    // Drag vertex 1 of the outer ring a few metres (and its closing twin when it is vertex 0).
    const edited = rings.map((r) => r.map((p) => [...p]));
    const v = edited[0]![1]!;
    v[0] = v[0]! + 3 * Math.sin(e);
    v[1] = v[1]! + 3 * Math.cos(e);
    const req: ZoneStatsRequest = { zoneId: name, seq: e, geometry: toLonLat(edited) };
    const t0 = performance.now();
    const r = zoneStatsNow(layers, run, req);
    const t = performance.now() - t0;
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.problems.some((p) => p.fatal)) throw new Error(`${name}: ${r.value.problems[0]!.en}`);
    if (e >= 5) times.push(t); // the first edits warm the JIT
    ({ count, partial } = r.value.parcels);
    landMu = r.value.landMu;
    last = { req, fids: r.value.parcels.fids, clippedM2: r.value.parcels.clippedM2 };
  }
  const m = median(times);
  worstMedian = Math.max(worstMedian, m);
  rows.push(`  ${name.padEnd(34)} ${String(count).padStart(4)} parcels (${partial} cut by the edge), ${landMu.toFixed(1)} 亩: median ${m.toFixed(2)} ms (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)})`);
  if (hasGdal && last && last.req.geometry.type === 'Polygon') {
    // GDAL measures the very outline we measured: the WGS84 one projected back to EPSG:4549.
    const g = gdalClipped(projectGeometry(last.req.geometry, 'EPSG:4326', 'EPSG:4549'));
    const ours = new Map(last.fids.map((f, i) => [layers.parcels[f]!.attributes.parcelId, last!.clippedM2[i]!]));
    let worst = 0, differing = 0, gdalCount = 0;
    for (const [id, a] of g.byId) {
      if (a > 1e-4) gdalCount++;
      const d = Math.abs(a - (ours.get(id) ?? 0));
      worst = Math.max(worst, d);
      if (d > 0.01) differing++;
    }
    for (const [id, a] of ours) if (!g.byId.has(id)) { worst = Math.max(worst, a); if (a > 0.01) differing++; }
    rows.push(`    GDAL/SpatiaLite: ${gdalCount} parcels in ${g.ms.toFixed(0)} ms (ogr2ogr process); clipped areas equal within 0.01 m²: ${differing === 0 ? 'yes' : `NO (${differing} differ)`} (worst ${worst.toFixed(5)} m²)`);
  }
}
console.log(`zone statistics per edit, ${edits} edits per zone:`);
for (const r of rows) console.log(r);
console.log(`  bar ≤ 16 ms median: ${worstMedian <= 16 ? 'met' : 'NOT met'} (slowest shape's median ${worstMedian.toFixed(2)} ms)`);
