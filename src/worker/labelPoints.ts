/**
 * One label point per polygon feature (e.g. one 镇街 name), so MapLibre does not repeat the label in
 * every tile the polygon touches. Computed in EPSG:4549 metres before reprojection.
 */
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { booleanPointInPolygon, centerOfMass, pointOnFeature } from '@turf/turf';
import { polygonArea } from '../geo/area';

/** The largest part of a (multi)polygon by planar area. */
export function largestPart(g: Polygon | MultiPolygon): Polygon {
  if (g.type === 'Polygon') return g;
  let best: Position[][] = g.coordinates[0] ?? [];
  let bestArea = -Infinity;
  for (const rings of g.coordinates) {
    const a = polygonArea(rings);
    if (a > bestArea) [best, bestArea] = [rings, a];
  }
  return { type: 'Polygon', coordinates: best };
}

/** Centre of mass of the largest part when it falls inside it, otherwise a point surely on the surface. */
export function labelPoint(g: Polygon | MultiPolygon): Point {
  const part = largestPart(g);
  const c = centerOfMass(part).geometry;
  return booleanPointInPolygon(c, part) ? c : pointOnFeature(part).geometry;
}

export function labelPoints<P>(features: Feature<Polygon | MultiPolygon, P>[]): Feature<Point, P>[] {
  return features.map((f) => ({ type: 'Feature', properties: f.properties, geometry: labelPoint(f.geometry) }));
}
