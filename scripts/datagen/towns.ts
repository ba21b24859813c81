/**
 * The district outline (real, projected to EPSG:4549) and a synthetic partition into the 13 镇街:
 * Voronoi cells of seed points at the towns' approximate locations, clipped to the outline.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { featureCollection, intersect, point, polygon, voronoi } from '@turf/turf';
import { projectGeometry, projectPoint } from '../../src/geo/projection';
import { pointInRings, polygonRings } from './geometry';

const REFERENCE_DIR = fileURLToPath(new URL('../../data/reference/', import.meta.url));

export interface Town {
  code: string;
  name: string;
  type: string;
  /** Seed point in EPSG:4549 metres (moved inside the outline if needed). */
  seed: Position;
  cell: Polygon | MultiPolygon;
}

/** Approximate WGS84 locations of the town centres (lon, lat), keyed by the name's first characters. */
const SEEDS_WGS84: Record<string, [number, number]> = {
  景山: [120.625, 28.005], 梧田: [120.675, 27.955], 南白象: [120.65, 27.94], 茶山: [120.72, 27.93],
  娄桥: [120.615, 27.96], 新桥: [120.605, 27.99], 三垟: [120.695, 27.975], 瞿溪: [120.555, 27.985],
  郭溪: [120.585, 27.985], 潘桥: [120.575, 27.945], 丽岙: [120.585, 27.9], 仙岩: [120.65, 27.88],
  泽雅: [120.46, 28.04],
};

/** The real outline, projected to EPSG:4549, and its source feature (WGS84). */
export function loadOutline(): { outline: MultiPolygon | Polygon; source: FeatureCollection } {
  const source = JSON.parse(readFileSync(REFERENCE_DIR + 'ouhai-boundary.geojson', 'utf8')) as FeatureCollection;
  const g = source.features[0]?.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) throw new Error('outline: expected one polygon feature');
  return { outline: projectGeometry(g, 'EPSG:4326', 'EPSG:4549'), source };
}

export function loadTownList(): { code: string; name: string; type: string }[] {
  const lines = readFileSync(REFERENCE_DIR + 'ouhai-towns.csv', 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((l) => {
    const [code, name, type] = l.split(',');
    if (!code || !name || !type) throw new Error(`towns csv: bad line ${l}`);
    return { code, name, type };
  });
}

/** Moves a point that falls outside the outline to the nearest grid point ≥ 500 m inside it. */
function moveInside(p: Position, rings: Position[][]): Position {
  const deep = (q: Position) =>
    pointInRings(q, rings) && [[500, 0], [-500, 0], [0, 500], [0, -500]].every(([dx, dy]) => pointInRings([q[0]! + dx!, q[1]! + dy!], rings));
  if (deep(p)) return p;
  for (let r = 250; r < 20_000; r += 250) {
    for (let k = 0; k < 32; k++) {
      const a = (k / 32) * 2 * Math.PI;
      const q = [p[0]! + r * Math.cos(a), p[1]! + r * Math.sin(a)];
      if (deep(q)) return q;
    }
  }
  throw new Error('no point inside the outline near the seed');
}

/** Builds the 13 town cells. Their areas sum to the outline's area (they tile it). */
export function buildTowns(outline: Polygon | MultiPolygon): Town[] {
  const rings = polygonRings(outline);
  const list = loadTownList();
  const seeds = list.map((t) => {
    const key = Object.keys(SEEDS_WGS84).find((k) => t.name.startsWith(k));
    if (!key) throw new Error(`no seed location for ${t.name}`);
    return moveInside(projectPoint(SEEDS_WGS84[key]!, 'EPSG:4326', 'EPSG:4549'), rings);
  });
  const xs = rings.flat().map((p) => p[0]!);
  const ys = rings.flat().map((p) => p[1]!);
  const pad = 5000;
  const bbox: [number, number, number, number] = [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad];
  const cells = voronoi(featureCollection(seeds.map((s) => point(s))), { bbox });
  const outlineFeature: Feature<Polygon | MultiPolygon> = { type: 'Feature', properties: {}, geometry: outline };
  return list.map((t, i) => {
    const cell = cells.features[i];
    if (!cell) throw new Error(`no Voronoi cell for ${t.name}`);
    const clipped = intersect(featureCollection([polygon(cell.geometry.coordinates), outlineFeature]));
    if (!clipped) throw new Error(`town cell of ${t.name} misses the outline`);
    return { ...t, seed: seeds[i]!, cell: clipped.geometry };
  });
}
