/**
 * Small planar helpers for the generator (EPSG:4549 metres): local cluster frames, rectangles, point in
 * polygon and a strict "rectangle lies inside this polygon" test.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** A rotated frame: local (u, v) metres → world (x, y) = origin + u·(cos, sin) + v·(−sin, cos). */
export interface Frame {
  x: number;
  y: number;
  angle: number;
}
/** Axis-aligned rectangle in a frame's local coordinates. */
export interface Rect {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
}

export const rectWidth = (r: Rect): number => r.u1 - r.u0;
export const rectHeight = (r: Rect): number => r.v1 - r.v0;
export const rectArea = (r: Rect): number => rectWidth(r) * rectHeight(r);

export function toWorld(f: Frame, u: number, v: number): Position {
  const c = Math.cos(f.angle);
  const s = Math.sin(f.angle);
  return [f.x + u * c - v * s, f.y + u * s + v * c];
}

/** Closed ring from local points (counter-clockwise in local = counter-clockwise in world). */
export function ringToWorld(f: Frame, pts: readonly (readonly [number, number])[]): Position[] {
  const ring = pts.map(([u, v]) => toWorld(f, u, v));
  ring.push(ring[0]!);
  return ring;
}

/** Counter-clockwise local corners of a rectangle. */
export function rectCorners(r: Rect): [number, number][] {
  return [[r.u0, r.v0], [r.u1, r.v0], [r.u1, r.v1], [r.u0, r.v1]];
}

/** Rounds every coordinate to the millimetre (stable bytes, and what survey data carries). */
export function roundMm(p: Position): Position {
  return [Math.round(p[0]! * 1000) / 1000, Math.round(p[1]! * 1000) / 1000];
}

export function polygonRings(g: Polygon | MultiPolygon): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/** Even-odd point in polygon over all rings (holes and parts included). */
export function pointInRings(p: Position, rings: readonly (readonly Position[])[]): boolean {
  const x = p[0]!;
  const y = p[1]!;
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = ring[i]![0]!, yi = ring[i]![1]!, xj = ring[j]![0]!, yj = ring[j]![1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** True when closed segments ab and cd touch or cross. */
export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = cross(c[0]!, c[1]!, d[0]!, d[1]!, a[0]!, a[1]!);
  const d2 = cross(c[0]!, c[1]!, d[0]!, d[1]!, b[0]!, b[1]!);
  const d3 = cross(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!);
  const d4 = cross(a[0]!, a[1]!, b[0]!, b[1]!, d[0]!, d[1]!);
  return d1 * d2 <= 0 && d3 * d4 <= 0;
}

/** A polygon prepared for repeated "is this ring inside?" questions. */
export interface PreparedPolygon {
  rings: Position[][];
  bbox: [number, number, number, number];
}

export function prepare(g: Polygon | MultiPolygon): PreparedPolygon {
  const rings = polygonRings(g);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const r of rings) for (const p of r) {
    minX = Math.min(minX, p[0]!); minY = Math.min(minY, p[1]!);
    maxX = Math.max(maxX, p[0]!); maxY = Math.max(maxY, p[1]!);
  }
  return { rings, bbox: [minX, minY, maxX, maxY] };
}

/**
 * True when the closed ring lies strictly inside the polygon: every vertex inside and no edge of the ring
 * touches or crosses any edge of the polygon (together these exclude inlets and holes poking in).
 */
export function ringInside(ring: readonly Position[], poly: PreparedPolygon): boolean {
  for (const p of ring) if (!pointInRings(p, poly.rings)) return false;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of ring) {
    minX = Math.min(minX, p[0]!); minY = Math.min(minY, p[1]!);
    maxX = Math.max(maxX, p[0]!); maxY = Math.max(maxY, p[1]!);
  }
  for (const pr of poly.rings) {
    for (let i = 1; i < pr.length; i++) {
      const a = pr[i - 1]!, b = pr[i]!;
      if (Math.max(a[0]!, b[0]!) < minX || Math.min(a[0]!, b[0]!) > maxX) continue;
      if (Math.max(a[1]!, b[1]!) < minY || Math.min(a[1]!, b[1]!) > maxY) continue;
      for (let k = 1; k < ring.length; k++) if (segmentsIntersect(ring[k - 1]!, ring[k]!, a, b)) return false;
    }
  }
  return true;
}
