/**
 * Geometry checks for one parcel, returning a message instead of throwing so that one broken parcel
 * never stops a district-wide run. Checked: wrong type, empty, non-finite coordinates, rings that are
 * unclosed or have fewer than 3 distinct vertices or no area, spikes, and self-intersections (edges of
 * the same polygon crossing or overlapping; a vertex of one ring touching another ring is allowed, as
 * in OGC). Overlapping parts of a MultiPolygon are not checked.
 */
import type { Geometry, Position } from 'geojson';

const fmt = (x: number, y: number): string => `(${x.toFixed(2)}, ${y.toFixed(2)})`;

function hasThreeDistinct(ring: readonly Position[]): boolean {
  const a = ring[0]!;
  const b = ring.find((p) => p[0] !== a[0] || p[1] !== a[1]);
  return !!b && ring.some((p) => (p[0] !== a[0] || p[1] !== a[1]) && (p[0] !== b[0] || p[1] !== b[1]));
}

function ringProblem(ring: readonly Position[], label: string): string | null {
  if (ring.length === 0) return `${label} is empty`;
  for (const p of ring) {
    if (p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return `${label} has a non-finite coordinate`;
  }
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return `${label} is not closed (first and last positions differ)`;
  if (ring.length < 4 || !hasThreeDistinct(ring)) return `${label} has fewer than 3 distinct vertices`;
  return null;
}

/** Edge of a polygon for the sweep: ring number and position along it, to skip neighbours. */
interface Edge { ring: number; i: number; ax: number; ay: number; bx: number; by: number; minX: number; maxX: number }

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const eps = 1e-9 * (Math.abs(bx - ax) + Math.abs(by - ay));
  return v > eps ? 1 : v < -eps ? -1 : 0;
}

const between = (a: number, b: number, v: number): boolean => v >= Math.min(a, b) && v <= Math.max(a, b);
const onSegment = (e: Edge, x: number, y: number): boolean => between(e.ax, e.bx, x) && between(e.ay, e.by, y);

/** How two edges meet: 'cross' (proper), 'overlap' (collinear, sharing a stretch), 'touch' (at one point), or null. */
function meet(e: Edge, f: Edge): 'cross' | 'overlap' | 'touch' | null {
  const o1 = orient(e.ax, e.ay, e.bx, e.by, f.ax, f.ay);
  const o2 = orient(e.ax, e.ay, e.bx, e.by, f.bx, f.by);
  const o3 = orient(f.ax, f.ay, f.bx, f.by, e.ax, e.ay);
  const o4 = orient(f.ax, f.ay, f.bx, f.by, e.bx, e.by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return 'cross';
  if (o1 === 0 && o2 === 0) {
    // Collinear: overlapping if they share more than one point.
    const hits = [onSegment(e, f.ax, f.ay), onSegment(e, f.bx, f.by), onSegment(f, e.ax, e.ay), onSegment(f, e.bx, e.by)];
    const shared = new Set<string>();
    if (hits[0]) shared.add(`${f.ax},${f.ay}`);
    if (hits[1]) shared.add(`${f.bx},${f.by}`);
    if (hits[2]) shared.add(`${e.ax},${e.ay}`);
    if (hits[3]) shared.add(`${e.bx},${e.by}`);
    return shared.size > 1 ? 'overlap' : shared.size === 1 ? 'touch' : null;
  }
  if ((o1 === 0 && onSegment(e, f.ax, f.ay)) || (o2 === 0 && onSegment(e, f.bx, f.by))
    || (o3 === 0 && onSegment(f, e.ax, e.ay)) || (o4 === 0 && onSegment(f, e.bx, e.by))) return 'touch';
  return null;
}

/** Self-intersection check for one polygon's rings (already known closed and finite); sweep over x. */
function polygonIntersection(rings: readonly (readonly Position[])[]): string | null {
  const edges: Edge[] = [];
  const ringSizes: number[] = [];
  rings.forEach((ring, r) => {
    // Drop repeated consecutive vertices; they are harmless and would look like touching neighbours.
    const pts = ring.filter((p, k) => k === 0 || p[0] !== ring[k - 1]![0] || p[1] !== ring[k - 1]![1]);
    const n = pts.length - 1;
    ringSizes.push(n);
    for (let i = 0; i < n; i++) {
      const a = pts[i]!;
      const b = pts[i + 1]!;
      edges.push({ ring: r, i, ax: a[0]!, ay: a[1]!, bx: b[0]!, by: b[1]!, minX: Math.min(a[0]!, b[0]!), maxX: Math.max(a[0]!, b[0]!) });
    }
  });
  edges.sort((e, f) => e.minX - f.minX);
  for (let s = 0; s < edges.length; s++) {
    const e = edges[s]!;
    for (let t = s + 1; t < edges.length && edges[t]!.minX <= e.maxX; t++) {
      const f = edges[t]!;
      if (Math.max(e.ay, e.by) < Math.min(f.ay, f.by) || Math.max(f.ay, f.by) < Math.min(e.ay, e.by)) continue;
      const kind = meet(e, f);
      if (kind === null) continue;
      const n = ringSizes[e.ring]!;
      const adjacent = e.ring === f.ring && ((e.i + 1) % n === f.i || (f.i + 1) % n === e.i);
      if (adjacent) {
        if (kind === 'overlap') return `ring ${e.ring + 1} has a spike (an edge doubles back) near ${fmt(e.bx, e.by)}`;
        continue;
      }
      if (kind === 'cross' || kind === 'overlap') return `self-intersection near ${fmt(f.ax, f.ay)}`;
      if (e.ring === f.ring) return `ring ${e.ring + 1} touches itself near ${fmt(f.ax, f.ay)}`;
    }
  }
  return null;
}

/**
 * Returns a message describing the first problem found in a parcel geometry, or null when it is a
 * valid Polygon or MultiPolygon. Never throws.
 */
export function validateGeometry(g: Geometry | null | undefined): string | null {
  if (!g) return 'missing geometry';
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return `expected Polygon or MultiPolygon, got ${g.type}`;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polys) || polys.length === 0) return 'empty geometry';
  for (let p = 0; p < polys.length; p++) {
    const rings = polys[p]!;
    const where = polys.length > 1 ? ` of part ${p + 1}` : '';
    if (!Array.isArray(rings) || rings.length === 0) return `empty polygon${where}`;
    for (let r = 0; r < rings.length; r++) {
      const problem = ringProblem(rings[r]!, `${r === 0 ? 'outer ring' : `hole ${r}`}${where}`);
      if (problem) return problem;
    }
    const crossing = polygonIntersection(rings);
    if (crossing) return `${crossing}${where}`;
  }
  return null;
}
