/**
 * Snapping in screen space: the nearest corner of the given outlines within `radius` pixels, else the
 * nearest point on one of their edges. Pure (pixels in, pixel out); the caller projects lon/lat.
 */
export type Px = readonly [number, number];

export interface SnapHit {
  point: [number, number];
  kind: 'corner' | 'edge';
  distance: number;
}

/** Nearest point of segment a–b to p. */
function onSegment(p: Px, a: Px, b: Px): [number, number] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return [a[0] + t * dx, a[1] + t * dy];
}

const dist = (a: Px, b: Px) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** `rings`: outlines as pixel rings (closed or not). Corners win over edges within the radius. */
export function snapToRings(p: Px, rings: readonly (readonly Px[])[], radius: number): SnapHit | null {
  let corner: SnapHit | null = null;
  let edge: SnapHit | null = null;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i]!;
      const d = dist(p, a);
      if (d <= radius && (!corner || d < corner.distance)) corner = { point: [a[0], a[1]], kind: 'corner', distance: d };
      const b = ring[(i + 1) % ring.length]!;
      const q = onSegment(p, a, b);
      const e = dist(p, q);
      if (e <= radius && (!edge || e < edge.distance)) edge = { point: q, kind: 'edge', distance: e };
    }
  }
  return corner ?? edge;
}
