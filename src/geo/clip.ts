/**
 * Polygon clipping in metres. Boolean operations go through clipper2-ts (integer, robust, ~50× faster
 * than Turf 7's polyclip-ts): coordinates are shifted to a local origin (the clip box's corner) and
 * scaled to integers, at 10 µm or finer, so clipped areas stay well within 0.01 m² of exact.
 * Rectangle cuts use Sutherland–Hodgman, which keeps ring orientation (needed for non-zero winding).
 */
import { Clipper, Clipper64, ClipType, FillRule, PolyTree64, type Path64, type Paths64, type PolyPath64 } from 'clipper2-ts';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { squareMetres, type SquareMetres } from '../domain/units';
import { bboxContains, type Bbox } from './bbox';
import { flatRingSignedArea, shapeArea, toShape, type Shape } from './shape';
import { relate } from './predicates';

/** Integer frame: x_int = round((x − ox) · scale). */
interface Frame { ox: number; oy: number; scale: number }

/**
 * Chooses the finest power-of-ten scale (≤ 1e6 per metre, i.e. 1 µm) at which the box's extent stays
 * below 9e7 units — the range where clipper2-ts multiplies in plain doubles without falling back to BigInt.
 */
function frameFor(box: Bbox): Frame {
  const extent = Math.max(box[2] - box[0], box[3] - box[1], 1);
  const scale = 10 ** Math.max(0, Math.min(6, Math.floor(Math.log10(9e7 / extent))));
  return { ox: box[0], oy: box[1], scale };
}

function toPaths(rings: readonly Float64Array[], f: Frame): Paths64 {
  const paths: Paths64 = [];
  for (const r of rings) {
    const path: Path64 = [];
    for (let i = 0; i < r.length; i += 2) {
      path.push({ x: Math.round((r[i]! - f.ox) * f.scale), y: Math.round((r[i + 1]! - f.oy) * f.scale) });
    }
    if (path.length >= 3) paths.push(path);
  }
  return paths;
}

/**
 * Sutherland–Hodgman clip of one open flat ring to a rectangle. Orientation is kept; where a concave
 * ring leaves and re-enters, zero-area "bridges" along the rectangle's edge remain — harmless for area
 * and for non-zero winding away from the edge.
 */
export function clipRingToRect(ring: Float64Array, box: Bbox): Float64Array {
  let pts = Array.from(ring);
  for (let side = 0; side < 4 && pts.length >= 6; side++) {
    const horizontal = side % 2 === 0; // sides 0, 2 cut in x; 1, 3 cut in y
    const limit = box[side === 0 ? 0 : side === 1 ? 1 : side === 2 ? 2 : 3];
    const keepGreater = side < 2;
    const inside = (x: number, y: number): boolean => {
      const v = horizontal ? x : y;
      return keepGreater ? v >= limit : v <= limit;
    };
    const out: number[] = [];
    const n = pts.length;
    let px = pts[n - 2]!;
    let py = pts[n - 1]!;
    let pIn = inside(px, py);
    for (let i = 0; i < n; i += 2) {
      const qx = pts[i]!;
      const qy = pts[i + 1]!;
      const qIn = inside(qx, qy);
      if (qIn !== pIn) {
        if (horizontal) {
          const t = (limit - px) / (qx - px);
          out.push(limit, py + t * (qy - py));
        } else {
          const t = (limit - py) / (qy - py);
          out.push(px + t * (qx - px), limit);
        }
      }
      if (qIn) out.push(qx, qy);
      px = qx;
      py = qy;
      pIn = qIn;
    }
    pts = out;
  }
  return Float64Array.from(pts);
}

/** Clips every ring of `rings` that sticks out of `box`; rings left with ~no area are dropped. */
export function clipRingsToRect(rings: readonly Float64Array[], ringBoxes: readonly Bbox[], box: Bbox): Float64Array[] {
  const out: Float64Array[] = [];
  rings.forEach((r, i) => {
    const rb = ringBoxes[i]!;
    if (rb[2] < box[0] || rb[0] > box[2] || rb[3] < box[1] || rb[1] > box[3]) return;
    if (bboxContains(box, rb)) { out.push(r); return; }
    const c = clipRingToRect(r, box);
    if (c.length >= 6 && Math.abs(flatRingSignedArea(c)) > 1e-9) out.push(c);
  });
  return out;
}

/**
 * Area (m²) of (∪ subject) ∩ (∪ clip), each side filled by the non-zero rule, so overlapping subject
 * parts count once. The subject is first cut to the clip's box (plus 1 m) to keep the integer frame small.
 */
export function intersectionArea(subject: Shape, clip: Shape): number {
  const box: Bbox = [clip.bbox[0] - 1, clip.bbox[1] - 1, clip.bbox[2] + 1, clip.bbox[3] + 1];
  const subjectRings = clipRingsToRect(subject.rings, subject.ringBoxes, box);
  if (subjectRings.length === 0) return 0;
  const f = frameFor(box);
  const result = Clipper.intersect(toPaths(subjectRings, f), toPaths(clip.rings, f), FillRule.NonZero);
  return Math.abs(Clipper.areaPaths(result)) / (f.scale * f.scale);
}

/** Area (m²) of the non-zero union of a shape's rings (overlapping parts counted once). */
export function unionArea(s: Shape): number {
  const f = frameFor(s.bbox);
  return Math.abs(Clipper.areaPaths(Clipper.union(toPaths(s.rings, f), FillRule.NonZero))) / (f.scale * f.scale);
}

/**
 * Exact clipped area of `parcel` inside `zone` (m²): the "zone statistics" measure, never centroids.
 * Skips clipping when the parcel lies wholly inside or outside the zone.
 */
export function clippedArea(parcel: Polygon | MultiPolygon, zone: Polygon | MultiPolygon): SquareMetres {
  return squareMetres(clippedShapeArea(toShape(parcel), toShape(zone)));
}

/** `clippedArea` on prepared shapes. */
export function clippedShapeArea(parcel: Shape, zone: Shape): number {
  switch (relate(zone, parcel)) {
    case 'outside': return 0;
    case 'inside': return Math.abs(shapeArea(parcel));
    case 'mixed': return intersectionArea(zone, parcel);
  }
}

/** The intersection of two polygonal geometries as a MultiPolygon (metres, snapped to the integer frame). */
export function intersection(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): MultiPolygon {
  const sa = toShape(a);
  const sb = toShape(b);
  const box: Bbox = [
    Math.min(sa.bbox[0], sb.bbox[0]), Math.min(sa.bbox[1], sb.bbox[1]),
    Math.max(sa.bbox[2], sb.bbox[2]), Math.max(sa.bbox[3], sb.bbox[3]),
  ];
  const f = frameFor(box);
  const tree = new PolyTree64();
  const c = new Clipper64();
  c.addSubject(toPaths(sa.rings, f));
  c.addClip(toPaths(sb.rings, f));
  c.execute(ClipType.Intersection, FillRule.NonZero, tree);
  const polygons: Position[][][] = [];
  const toRing = (p: Path64, wantCcw: boolean): Position[] => {
    const ring = p.map((q) => [q.x / f.scale + f.ox, q.y / f.scale + f.oy]);
    if ((Clipper.area(p) > 0) !== wantCcw) ring.reverse();
    ring.push([...ring[0]!]);
    return ring;
  };
  const walk = (node: PolyPath64): void => {
    for (let i = 0; i < node.count; i++) {
      const outer = node.child(i);
      if (!outer.polygon) continue;
      const rings = [toRing(outer.polygon, true)];
      for (let j = 0; j < outer.count; j++) {
        const hole = outer.child(j);
        if (hole.polygon) rings.push(toRing(hole.polygon, false));
        walk(hole); // islands inside holes
      }
      polygons.push(rings);
    }
  };
  walk(tree);
  return { type: 'MultiPolygon', coordinates: polygons };
}
