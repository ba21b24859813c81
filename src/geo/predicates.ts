/**
 * Predicates on packed polygons, used to decide when clipping can be skipped: most footprints lie
 * wholly inside one parcel, most parcels wholly inside one town. "Touching" is judged with a 1 µm
 * tolerance and always sends the pair to real clipping, so a wrong call can only cost time, never area.
 * A feature is addressed as (packed layer, feature index).
 */
import { endRing, firstRing, ringStart, type PackedPolygons } from './packed';

/** Distance (m) under which a vertex counts as lying on a segment. */
const TOUCH_TOLERANCE_M = 1e-6;

/** Winding number of feature f around (x, y) (Sunday's algorithm); non-zero = inside. */
export function windingNumber(p: PackedPolygons, f: number, x: number, y: number): number {
  let w = 0;
  const { xy, ringBox } = p;
  for (let r = firstRing(p, f), rEnd = endRing(p, f); r < rEnd; r++) {
    if (y < ringBox[4 * r + 1]! || y > ringBox[4 * r + 3]! || x > ringBox[4 * r + 2]!) continue; // a ray to +x misses it
    const v0 = ringStart(p, r);
    const v1 = p.ringEnd[r]!;
    let ax = xy[2 * v1 - 2]!;
    let ay = xy[2 * v1 - 1]!;
    for (let i = v0; i < v1; i++) {
      const bx = xy[2 * i]!;
      const by = xy[2 * i + 1]!;
      if (ay <= y) {
        if (by > y && (bx - ax) * (y - ay) - (x - ax) * (by - ay) > 0) w++;
      } else if (by <= y && (bx - ax) * (y - ay) - (x - ax) * (by - ay) < 0) w--;
      ax = bx;
      ay = by;
    }
  }
  return w;
}

const within = (px: number, py: number, qx: number, qy: number, x: number, y: number): boolean =>
  x >= Math.min(px, qx) - TOUCH_TOLERANCE_M && x <= Math.max(px, qx) + TOUCH_TOLERANCE_M
  && y >= Math.min(py, qy) - TOUCH_TOLERANCE_M && y <= Math.max(py, qy) + TOUCH_TOLERANCE_M;

/** True when segments ab and cd share a point, within TOUCH_TOLERANCE_M (collinear overlaps included). */
export function segmentsMeet(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): boolean {
  const epsCd = TOUCH_TOLERANCE_M * (Math.abs(dx - cx) + Math.abs(dy - cy));
  const epsAb = TOUCH_TOLERANCE_M * (Math.abs(bx - ax) + Math.abs(by - ay));
  const d1 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx); // side of a w.r.t. cd
  const d2 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  const d3 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax); // side of c w.r.t. ab
  const d4 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  const s1 = d1 > epsCd ? 1 : d1 < -epsCd ? -1 : 0;
  const s2 = d2 > epsCd ? 1 : d2 < -epsCd ? -1 : 0;
  const s3 = d3 > epsAb ? 1 : d3 < -epsAb ? -1 : 0;
  const s4 = d4 > epsAb ? 1 : d4 < -epsAb ? -1 : 0;
  if (s1 * s2 < 0 && s3 * s4 < 0) return true;
  return (s1 === 0 && within(cx, cy, dx, dy, ax, ay)) || (s2 === 0 && within(cx, cy, dx, dy, bx, by))
    || (s3 === 0 && within(ax, ay, bx, by, cx, cy)) || (s4 === 0 && within(ax, ay, bx, by, dx, dy));
}

/**
 * False when the box lies wholly on one side of the line through p→q (so the segment cannot reach
 * anything inside the box) — the cheap reject for long diagonal parcel edges whose own boxes are big.
 */
function lineCutsBox(px: number, py: number, qx: number, qy: number, minX: number, minY: number, maxX: number, maxY: number): boolean {
  const dx = qx - px, dy = qy - py;
  const eps = TOUCH_TOLERANCE_M * (Math.abs(dx) + Math.abs(dy));
  const c1 = dx * (minY - py) - dy * (minX - px);
  const c2 = dx * (minY - py) - dy * (maxX - px);
  const c3 = dx * (maxY - py) - dy * (minX - px);
  const c4 = dx * (maxY - py) - dy * (maxX - px);
  return !((c1 > eps && c2 > eps && c3 > eps && c4 > eps) || (c1 < -eps && c2 < -eps && c3 < -eps && c4 < -eps));
}

/** Scratch buffer for a's edges near b (x1, y1, x2, y2 per edge); grown on demand, never shrunk. */
let scratch = new Float64Array(256);

/** True when any boundary segment of feature fa of a meets any boundary segment of feature fb of b. */
export function boundariesMeet(a: PackedPolygons, fa: number, b: PackedPolygons, fb: number): boolean {
  const t = TOUCH_TOLERANCE_M;
  const minX = b.box[4 * fb]! - t, minY = b.box[4 * fb + 1]! - t, maxX = b.box[4 * fb + 2]! + t, maxY = b.box[4 * fb + 3]! + t;
  // 1. a's edges whose box meets b's box.
  let n = 0;
  const axy = a.xy;
  for (let r = firstRing(a, fa), rEnd = endRing(a, fa); r < rEnd; r++) {
    const rb = 4 * r;
    if (a.ringBox[rb]! > maxX || a.ringBox[rb + 2]! < minX || a.ringBox[rb + 1]! > maxY || a.ringBox[rb + 3]! < minY) continue;
    const v0 = ringStart(a, r), v1 = a.ringEnd[r]!;
    let px = axy[2 * v1 - 2]!, py = axy[2 * v1 - 1]!;
    for (let i = v0; i < v1; i++) {
      const qx = axy[2 * i]!, qy = axy[2 * i + 1]!;
      if ((px > qx ? px : qx) >= minX && (px < qx ? px : qx) <= maxX && (py > qy ? py : qy) >= minY && (py < qy ? py : qy) <= maxY
        && lineCutsBox(px, py, qx, qy, minX, minY, maxX, maxY)) {
        if (n + 4 > scratch.length) { const s = new Float64Array(scratch.length * 2); s.set(scratch); scratch = s; }
        scratch[n++] = px; scratch[n++] = py; scratch[n++] = qx; scratch[n++] = qy;
      }
      px = qx;
      py = qy;
    }
  }
  if (n === 0) return false;
  // 2. each of b's edges against them.
  const bxy = b.xy;
  for (let r = firstRing(b, fb), rEnd = endRing(b, fb); r < rEnd; r++) {
    const v0 = ringStart(b, r), v1 = b.ringEnd[r]!;
    let px = bxy[2 * v1 - 2]!, py = bxy[2 * v1 - 1]!;
    for (let i = v0; i < v1; i++) {
      const qx = bxy[2 * i]!, qy = bxy[2 * i + 1]!;
      const eMinX = (px < qx ? px : qx) - t, eMaxX = (px > qx ? px : qx) + t;
      const eMinY = (py < qy ? py : qy) - t, eMaxY = (py > qy ? py : qy) + t;
      for (let e = 0; e < n; e += 4) {
        const cx = scratch[e]!, cy = scratch[e + 1]!, dx = scratch[e + 2]!, dy = scratch[e + 3]!;
        if ((cx > dx ? cx : dx) < eMinX || (cx < dx ? cx : dx) > eMaxX || (cy > dy ? cy : dy) < eMinY || (cy < dy ? cy : dy) > eMaxY) continue;
        if (segmentsMeet(px, py, qx, qy, cx, cy, dx, dy)) return true;
      }
      px = qx;
      py = qy;
    }
  }
  return false;
}

/** Where region b lies relative to region a: wholly inside, wholly outside (no shared area), or mixed. */
export type Relation = 'inside' | 'outside' | 'mixed';

/**
 * Classifies feature fb of b against feature fa of a without clipping. When no boundary segments meet,
 * every ring of either feature lies wholly inside or wholly outside the other region, so one vertex per
 * ring decides. Nested cases (a hole of a inside b, …) answer 'mixed' and go to real clipping.
 */
export function relate(a: PackedPolygons, fa: number, b: PackedPolygons, fb: number): Relation {
  const bb = 4 * fb;
  const bMinX = b.box[bb]!, bMinY = b.box[bb + 1]!, bMaxX = b.box[bb + 2]!, bMaxY = b.box[bb + 3]!;
  const ab = 4 * fa;
  if (a.box[ab]! > bMaxX || a.box[ab + 2]! < bMinX || a.box[ab + 1]! > bMaxY || a.box[ab + 3]! < bMinY) return 'outside';
  if (boundariesMeet(a, fa, b, fb)) return 'mixed';
  let inside = 0;
  const r0 = firstRing(b, fb), r1 = endRing(b, fb);
  for (let r = r0; r < r1; r++) {
    const v = ringStart(b, r);
    if (windingNumber(a, fa, b.xy[2 * v]!, b.xy[2 * v + 1]!) !== 0) inside++;
  }
  if (inside !== 0 && inside !== r1 - r0) return 'mixed';
  // A ring of a lying inside b must have its box inside b's box.
  for (let r = firstRing(a, fa), rEnd = endRing(a, fa); r < rEnd; r++) {
    const rb = 4 * r;
    if (a.ringBox[rb]! < bMinX || a.ringBox[rb + 1]! < bMinY || a.ringBox[rb + 2]! > bMaxX || a.ringBox[rb + 3]! > bMaxY) continue;
    const v = ringStart(a, r);
    if (windingNumber(b, fb, a.xy[2 * v]!, a.xy[2 * v + 1]!) !== 0) return 'mixed';
  }
  return inside === 0 ? 'outside' : 'inside';
}
