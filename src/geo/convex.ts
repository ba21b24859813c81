/**
 * Clipping against a convex polygon (Sutherland–Hodgman), used instead of a general boolean operation
 * in the common cases: a rectangular footprint crossing a parcel edge, a convex parcel cut by a
 * block line. The clipped ring's shoelace area is exact even when the subject is concave (the
 * degenerate "bridges" along a clip edge have zero area), and it is computed in plain floating point —
 * no integer snapping.
 */
import { endRing, firstRing, ringStart, signedArea, type PackedPolygons } from './packed';

/** Ring index of feature f when it is a single convex ring (collinear vertices allowed), else -1. */
export function convexRing(p: PackedPolygons, f: number): number {
  const r = firstRing(p, f);
  if (endRing(p, f) !== r + 1) return -1;
  const v0 = ringStart(p, r), v1 = p.ringEnd[r]!;
  const xy = p.xy;
  const n = v1 - v0;
  if (n < 3) return -1;
  // Packed shells are counter-clockwise: every turn must be a left turn (or straight).
  let ax = xy[2 * (v1 - 2)]!, ay = xy[2 * (v1 - 2) + 1]!;
  let bx = xy[2 * (v1 - 1)]!, by = xy[2 * (v1 - 1) + 1]!;
  for (let i = v0; i < v1; i++) {
    const cx = xy[2 * i]!, cy = xy[2 * i + 1]!;
    const turn = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    if (turn < -1e-9 * (Math.abs(bx - ax) + Math.abs(by - ay)) * (Math.abs(cx - bx) + Math.abs(cy - by))) return -1;
    ax = bx; ay = by; bx = cx; by = cy;
  }
  return r;
}

/** Scratch rings for the clip, swapped per clip edge: `clipSrc` holds the ring clipped so far (x, y pairs). */
let clipSrc = new Float64Array(64);
let clipDst = new Float64Array(64);

/** Loads vertices [v0, v1) of `sxy`, shifted by (ox, oy), as the ring to clip; returns its length in numbers. */
function loadRing(sxy: Float64Array, v0: number, v1: number, ox: number, oy: number): number {
  if (clipSrc.length < 2 * (v1 - v0)) clipSrc = new Float64Array(4 * (v1 - v0));
  const src = clipSrc;
  let n = 0;
  for (let i = v0; i < v1; i++) { src[n++] = sxy[2 * i]! - ox; src[n++] = sxy[2 * i + 1]! - oy; }
  return n;
}

/** Clips the loaded ring (`n` numbers) to the convex counter-clockwise ring [c0, c1) of `cxy` shifted by (ox, oy); returns the new length. */
function clipLoaded(n: number, cxy: Float64Array, c0: number, c1: number, ox: number, oy: number): number {
  let src = clipSrc, dst = clipDst;
  let ax = cxy[2 * (c1 - 1)]! - ox, ay = cxy[2 * (c1 - 1) + 1]! - oy;
  for (let c = c0; c < c1 && n >= 6; c++) {
    const bx = cxy[2 * c]! - ox, by = cxy[2 * c + 1]! - oy;
    const ex = bx - ax, ey = by - ay;
    if (ex === 0 && ey === 0) continue;
    if (dst.length < 2 * n + 8) dst = new Float64Array(2 * n + 8); // each vertex yields ≤ 2
    let m = 0;
    let px = src[n - 2]!, py = src[n - 1]!;
    let pd = ex * (py - ay) - ey * (px - ax); // > 0: left of the edge = inside
    for (let i = 0; i < n; i += 2) {
      const qx = src[i]!, qy = src[i + 1]!;
      const qd = ex * (qy - ay) - ey * (qx - ax);
      if ((pd >= 0) !== (qd >= 0)) {
        const t = pd / (pd - qd);
        dst[m++] = px + t * (qx - px);
        dst[m++] = py + t * (qy - py);
      }
      if (qd >= 0) { dst[m++] = qx; dst[m++] = qy; }
      px = qx; py = qy; pd = qd;
    }
    const tmp = src; src = dst; dst = tmp;
    n = m;
    ax = bx; ay = by;
  }
  clipSrc = src; clipDst = dst;
  return n;
}

/**
 * Signed area (m²) of vertices [v0, v1) of `sxy` clipped to the convex counter-clockwise ring
 * [c0, c1) of `cxy`. Coordinates are shifted to the clip ring's first vertex for precision.
 */
export function ringAreaInsideConvex(sxy: Float64Array, v0: number, v1: number, cxy: Float64Array, c0: number, c1: number): number {
  const ox = cxy[2 * c0]!, oy = cxy[2 * c0 + 1]!;
  const n = clipLoaded(loadRing(sxy, v0, v1, ox, oy), cxy, c0, c1, ox, oy);
  return n >= 6 ? signedArea(clipSrc, 0, n >> 1) : 0;
}

/** Area (m²) of feature f of `s` (all rings, holes subtracted) inside convex ring `cr` of `c`. */
export function areaInsideConvex(s: PackedPolygons, f: number, c: PackedPolygons, cr: number): number {
  const c0 = ringStart(c, cr), c1 = c.ringEnd[cr]!;
  let a = 0;
  for (let r = firstRing(s, f), rEnd = endRing(s, f); r < rEnd; r++) {
    const rb = 4 * r, cb = 4 * cr;
    if (s.ringBox[rb]! > c.ringBox[cb + 2]! || s.ringBox[rb + 2]! < c.ringBox[cb]!
      || s.ringBox[rb + 1]! > c.ringBox[cb + 3]! || s.ringBox[rb + 3]! < c.ringBox[cb + 1]!) continue;
    a += ringAreaInsideConvex(s.xy, ringStart(s, r), s.ringEnd[r]!, c.xy, c0, c1);
  }
  return a;
}

/**
 * Area (m²) of feature f of `s` (all rings, holes subtracted) inside the intersection of the convex rings
 * `rings[0..k)` of `c` — itself convex, so clipping by each ring's edges in turn is Sutherland–Hodgman
 * against it. 0 when their boxes have no common part.
 */
export function areaInsideConvexes(s: PackedPolygons, f: number, c: PackedPolygons, rings: ArrayLike<number>, k: number): number {
  const cb = c.ringBox;
  let x0 = -Infinity, y0 = -Infinity, x1 = Infinity, y1 = Infinity;
  for (let j = 0; j < k; j++) {
    const o = 4 * rings[j]!;
    x0 = Math.max(x0, cb[o]!); y0 = Math.max(y0, cb[o + 1]!); x1 = Math.min(x1, cb[o + 2]!); y1 = Math.min(y1, cb[o + 3]!);
  }
  if (!(x0 < x1 && y0 < y1)) return 0;
  const first = rings[0]!;
  const ox = c.xy[2 * ringStart(c, first)]!, oy = c.xy[2 * ringStart(c, first) + 1]!;
  let a = 0;
  for (let r = firstRing(s, f), rEnd = endRing(s, f); r < rEnd; r++) {
    const rb = 4 * r;
    if (s.ringBox[rb]! > x1 || s.ringBox[rb + 2]! < x0 || s.ringBox[rb + 1]! > y1 || s.ringBox[rb + 3]! < y0) continue;
    let n = loadRing(s.xy, ringStart(s, r), s.ringEnd[r]!, ox, oy);
    for (let j = 0; j < k && n >= 6; j++) n = clipLoaded(n, c.xy, ringStart(c, rings[j]!), c.ringEnd[rings[j]!]!, ox, oy);
    if (n >= 6) a += signedArea(clipSrc, 0, n >> 1);
  }
  return a;
}

/**
 * Fast containment test of feature f of `b` against convex ring `cr` of `a` by half-planes: 'inside'
 * when every vertex of f lies strictly left of every edge (more than 1 µm), 'outside' when all its
 * vertices lie strictly right of one edge (a separating line), else null (undecided: use `relate`).
 */
export function relateToConvex(a: PackedPolygons, cr: number, b: PackedPolygons, f: number): 'inside' | 'outside' | null {
  const axy = a.xy, bxy = b.xy;
  const c0 = ringStart(a, cr), c1 = a.ringEnd[cr]!;
  const v0 = ringStart(b, firstRing(b, f)), v1 = b.ringEnd[endRing(b, f) - 1]!;
  if (v1 <= v0) return 'outside';
  let allInside = true;
  let px = axy[2 * (c1 - 1)]!, py = axy[2 * (c1 - 1) + 1]!;
  for (let c = c0; c < c1; c++) {
    const qx = axy[2 * c]!, qy = axy[2 * c + 1]!;
    const ex = qx - px, ey = qy - py;
    const eps = 1e-6 * (Math.abs(ex) + Math.abs(ey));
    let left = 0, right = 0;
    for (let i = v0; i < v1; i++) {
      const d = ex * (bxy[2 * i + 1]! - py) - ey * (bxy[2 * i]! - px);
      if (d > eps) left++;
      else if (d < -eps) right++;
    }
    if (right === v1 - v0) return 'outside';
    if (left !== v1 - v0) allInside = false;
    px = qx;
    py = qy;
  }
  return allInside ? 'inside' : null;
}
