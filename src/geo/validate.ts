/**
 * Geometry checks for one parcel, returning a message instead of throwing so that one broken parcel
 * never stops a district-wide run. Checked: wrong type, empty, non-finite coordinates, unclosed rings,
 * rings with fewer than 3 distinct vertices or no area, spikes, and self-intersections (edges of one
 * polygon crossing or overlapping, parts of a MultiPolygon crossing; a ring touching itself). A vertex of
 * one ring touching another ring is allowed, as in OGC. A part lying wholly inside another is not detected.
 */
import type { Geometry } from 'geojson';
import { endRing, firstRing, packPolygons, ringStart, signedArea, type PackedPolygons, type PackProblem } from './packed';

const PROBLEM_TEXT: Record<PackProblem, string> = {
  'non-finite': 'a coordinate is missing or not a finite number',
  unclosed: 'a ring is not closed (first and last positions differ)',
  'short-ring': 'a ring has fewer than 3 vertices',
  empty: 'empty geometry',
};

const fmt = (x: number, y: number): string => `(${x.toFixed(2)}, ${y.toFixed(2)})`;

/** Edges of the feature being checked: ax, ay, bx, by, ring (relative), position among the ring's edges. */
const W = 6;
let edges = new Float64Array(W * 256);
let ringEdgeCount = new Int32Array(16);

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const eps = 1e-9 * (Math.abs(bx - ax) + Math.abs(by - ay));
  return v > eps ? 1 : v < -eps ? -1 : 0;
}

const onSeg = (ax: number, ay: number, bx: number, by: number, x: number, y: number): boolean =>
  x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by) && y <= Math.max(ay, by);

/** How edges i and j meet: 2 = cross or collinear overlap, 1 = touch at one point, 0 = apart. */
function meet(i: number, j: number): number {
  const ax = edges[i]!, ay = edges[i + 1]!, bx = edges[i + 2]!, by = edges[i + 3]!;
  const cx = edges[j]!, cy = edges[j + 1]!, dx = edges[j + 2]!, dy = edges[j + 3]!;
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)
    || Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return 0;
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return 2;
  if (o1 === 0 && o2 === 0) {
    // Collinear: overlapping when they share more than one point (a shared endpoint only is a touch).
    const lo = Math.max(Math.min(ax, bx), Math.min(cx, dx)), hi = Math.min(Math.max(ax, bx), Math.max(cx, dx));
    const loY = Math.max(Math.min(ay, by), Math.min(cy, dy)), hiY = Math.min(Math.max(ay, by), Math.max(cy, dy));
    return hi > lo || hiY > loY ? 2 : 1;
  }
  return (o1 === 0 && onSeg(ax, ay, bx, by, cx, cy)) || (o2 === 0 && onSeg(ax, ay, bx, by, dx, dy))
    || (o3 === 0 && onSeg(cx, cy, dx, dy, ax, ay)) || (o4 === 0 && onSeg(cx, cy, dx, dy, bx, by)) ? 1 : 0;
}

/** Loads feature f's non-degenerate edges into the scratch buffer; returns their count or a message. */
function loadEdges(p: PackedPolygons, f: number): number | string {
  const r0 = firstRing(p, f), r1 = endRing(p, f);
  if (ringEdgeCount.length < r1 - r0) ringEdgeCount = new Int32Array(r1 - r0);
  let n = 0;
  for (let r = r0; r < r1; r++) {
    const v0 = ringStart(p, r), v1 = p.ringEnd[r]!;
    if (edges.length < W * (n + v1 - v0)) { const e = new Float64Array(2 * W * (n + v1 - v0)); e.set(edges); edges = e; }
    let pos = 0;
    for (let i = v0; i < v1; i++) {
      const j = i + 1 < v1 ? i + 1 : v0;
      const ax = p.xy[2 * i]!, ay = p.xy[2 * i + 1]!, bx = p.xy[2 * j]!, by = p.xy[2 * j + 1]!;
      if (ax === bx && ay === by) continue; // repeated vertex: harmless
      const k = W * n++;
      edges[k] = ax; edges[k + 1] = ay; edges[k + 2] = bx; edges[k + 3] = by; edges[k + 4] = r - r0; edges[k + 5] = pos++;
    }
    if (pos < 3) return `${ringName(r - r0)} has fewer than 3 distinct vertices`;
    ringEdgeCount[r - r0] = pos;
  }
  return n;
}

/** Where edges i and j cross (their common point, or j's start when collinear), formatted. */
function crossingPoint(i: number, j: number): string {
  const ax = edges[i]!, ay = edges[i + 1]!, bx = edges[i + 2]!, by = edges[i + 3]!;
  const cx = edges[j]!, cy = edges[j + 1]!, dx = edges[j + 2]!, dy = edges[j + 3]!;
  const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
  if (den === 0) return fmt(cx, cy);
  const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
  return fmt(ax + t * (bx - ax), ay + t * (by - ay));
}

const ringName = (r: number): string => (r === 0 ? 'the outer ring' : `ring ${r + 1}`);

/** Pairs (a, b) of edges to test: all pairs for small features, an x-sweep for large ones. */
function forEachCandidatePair(n: number, visit: (a: number, b: number) => string | null): string | null {
  if (n <= 64) {
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) { const m = visit(a, b); if (m) return m; }
    return null;
  }
  const minX = (k: number): number => Math.min(edges[W * k]!, edges[W * k + 2]!);
  const maxX = (k: number): number => Math.max(edges[W * k]!, edges[W * k + 2]!);
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => minX(a) - minX(b));
  for (let s = 0; s < n; s++) {
    const a = order[s]!;
    const end = maxX(a);
    for (let t = s + 1; t < n && minX(order[t]!) <= end; t++) {
      const b = order[t]!;
      const m = a < b ? visit(a, b) : visit(b, a);
      if (m) return m;
    }
  }
  return null;
}

/** Self-intersection check of feature f (all its rings, across parts too: crossing parts are invalid). */
function intersectionProblem(p: PackedPolygons, f: number): string | null {
  const loaded = loadEdges(p, f);
  if (typeof loaded === 'string') return loaded;
  const crossing = forEachCandidatePair(loaded, (a, b) => {
    const i = W * a, j = W * b;
    const kind = meet(i, j);
    if (kind === 0) return null;
    const sameRing = edges[i + 4] === edges[j + 4];
    const count = ringEdgeCount[edges[i + 4]!]!;
    const pa = edges[i + 5]!, pb = edges[j + 5]!;
    const adjacent = sameRing && (pb === pa + 1 || (pa === 0 && pb === count - 1));
    if (adjacent) return kind === 2 ? `a spike (an edge doubling back) near ${fmt(edges[i + 2]!, edges[i + 3]!)}` : null;
    if (kind === 2) return `self-intersection near ${crossingPoint(i, j)}`;
    return sameRing ? `${ringName(edges[i + 4]!)} touches itself near ${fmt(edges[j]!, edges[j + 1]!)}` : null;
  });
  if (crossing) return crossing;
  for (let r = firstRing(p, f); r < endRing(p, f); r++) {
    if (signedArea(p.xy, ringStart(p, r), p.ringEnd[r]!) === 0) return `${ringName(r - firstRing(p, f))} has no area`;
  }
  return null;
}

/** Checks feature f of packed polygons (Polygon or MultiPolygon). Returns a message or null. */
export function validatePacked(p: PackedPolygons, f: number): string | null {
  const problem = p.problems.get(f);
  if (problem) return PROBLEM_TEXT[problem];
  return intersectionProblem(p, f);
}

/**
 * Returns a message describing the first problem found in a parcel geometry, or null when it is a
 * valid Polygon or MultiPolygon. Never throws.
 */
export function validateGeometry(g: Geometry | null | undefined): string | null {
  if (!g) return 'missing geometry';
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return `expected Polygon or MultiPolygon, got ${g.type}`;
  try {
    return validatePacked(packPolygons([g]), 0);
  } catch (e) {
    return `unreadable geometry: ${e instanceof Error ? e.message : String(e)}`;
  }
}
