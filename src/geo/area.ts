/**
 * Planar polygon area in the projected CRS (EPSG:4549 metres) — the ONE area function of the app.
 * Official parcel area is planar in CGCS2000 3° GK CM120E (policy-rules.md, "Units and area"):
 * holes are subtracted, multipolygon parts summed. Never use turf.area (spherical, ~0.15–0.4 % high here).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { squareMetres, type SquareMetres } from '../domain/units';

/**
 * Signed shoelace area of a ring (positive = counter-clockwise). Coordinates are shifted by the first
 * vertex before multiplying: Gauss-Kruger northings are ~3.1e6 m, and the shift keeps the products small
 * so sub-millimetre-squared precision survives in float64.
 */
export function ringSignedArea(ring: readonly Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  const x0 = ring[0]![0]!;
  const y0 = ring[0]![1]!;
  let sum = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    sum += (a[0]! - x0) * (b[1]! - y0) - (b[0]! - x0) * (a[1]! - y0);
  }
  return sum / 2;
}

/** Area of one polygon: |outer| − Σ|holes|, whatever the rings' orientation. */
export function polygonArea(rings: readonly (readonly Position[])[]): number {
  let a = 0;
  rings.forEach((ring, i) => {
    const r = Math.abs(ringSignedArea(ring));
    a += i === 0 ? r : -r;
  });
  return a;
}

/** Planar area in m² of a Polygon or MultiPolygon given in metres. */
export function planarArea(g: Polygon | MultiPolygon): SquareMetres {
  if (g.type === 'Polygon') return squareMetres(polygonArea(g.coordinates));
  let a = 0;
  for (const p of g.coordinates) a += polygonArea(p);
  return squareMetres(a);
}
