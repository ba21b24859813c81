/**
 * Seeded synthetic overlay input for speed and fast-path-vs-clipping tests: a jittered grid of
 * parcels that tile the plane (neighbours share edges, as in a cadastre), 3 buildings per parcel
 * (a few % crossing the parcel edge, a few % overlapping a neighbour building), wiggly town wedges,
 * and block-line / park polygons with hundreds of vertices. EPSG:4549 metres around Ouhai.
 */
import type { Polygon, Position } from 'geojson';
import type { BlocklineLevel } from '../domain/facts';
import type { OverlayInput } from './overlay';

// The generator's seeded PRNG (one implementation in the project); re-exported for the tests that import it here.
export { mulberry32 } from '../../scripts/datagen/rng';
import { mulberry32 } from '../../scripts/datagen/rng';

const X0 = 540_000;
const Y0 = 3_085_000;
const CELL = 80;
const JITTER = 8;

const closed = (pts: Position[]): Polygon => ({ type: 'Polygon', coordinates: [[...pts, pts[0]!]] });

function blob(rand: () => number, cx: number, cy: number, r: number, n: number): Polygon {
  const pts: Position[] = [];
  const phase = rand() * 2 * Math.PI;
  for (let i = 0; i < n; i++) {
    const a = (i / n) * 2 * Math.PI;
    const rr = r * (0.75 + 0.2 * Math.sin(5 * a + phase) + 0.03 * rand());
    pts.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  return closed(pts);
}

export function syntheticInput(parcelCount: number, seed = 42): Required<OverlayInput> & { buildings: Polygon[] } {
  const rand = mulberry32(seed);
  const cols = Math.ceil(Math.sqrt(parcelCount));
  const rows = Math.ceil(parcelCount / cols);
  // Shared jittered grid vertices → parcels tile without gaps or overlaps.
  const vx = new Float64Array((cols + 1) * (rows + 1));
  const vy = new Float64Array((cols + 1) * (rows + 1));
  for (let j = 0; j <= rows; j++) for (let i = 0; i <= cols; i++) {
    const k = j * (cols + 1) + i;
    vx[k] = X0 + i * CELL + (rand() - 0.5) * 2 * JITTER;
    vy[k] = Y0 + j * CELL + (rand() - 0.5) * 2 * JITTER;
  }
  const v = (i: number, j: number): Position => [vx[j * (cols + 1) + i]!, vy[j * (cols + 1) + i]!];
  const parcels: Polygon[] = [];
  const buildings: Polygon[] = [];
  for (let n = 0; n < parcelCount; n++) {
    const i = n % cols;
    const j = Math.floor(n / cols);
    const a = v(i, j), b = v(i + 1, j), c = v(i + 1, j + 1), d = v(i, j + 1);
    // Every 7th parcel gets an extra vertex on its south edge (still shared with the neighbour's edge).
    const south: Position[] = n % 7 === 0 ? [a, [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2], b] : [a, b];
    parcels.push(closed([...south, c, d]));
    // Buildings inside the safe core [JITTER+2, CELL−JITTER−2]² of the cell.
    const ox = X0 + i * CELL;
    const oy = Y0 + j * CELL;
    const lo = JITTER + 2;
    const span = CELL - 2 * lo;
    for (let k = 0; k < 3; k++) {
      const w = 8 + rand() * 14;
      const h = 8 + rand() * 14;
      let bx = ox + lo + (k * span) / 3 + rand() * (span / 3 - Math.min(w, span / 3));
      const by = oy + lo + rand() * (span - h);
      const r = rand();
      if (r < 0.04) bx = ox + CELL - w / 2; // straddles the east edge
      else if (r < 0.07 && k > 0) bx -= span / 3 - 2; // overlaps the previous building
      buildings.push(closed([[bx, by], [bx + w, by], [bx + w, by + h], [bx, by + h]]));
    }
  }
  const width = cols * CELL;
  const height = rows * CELL;
  const blocklines: { geometry: Polygon; level: BlocklineLevel }[] = [];
  for (let k = 0; k < 40; k++) {
    const r = 300 + rand() * 900;
    blocklines.push({ geometry: blob(rand, X0 + rand() * width, Y0 + rand() * height, r, 400), level: k % 3 === 0 ? '二级' : '一级' });
  }
  const parks = Array.from({ length: 30 }, (_, k) => ({
    geometry: blob(rand, X0 + rand() * width, Y0 + rand() * height, 400 + rand() * 800, 300),
    name: `园区${k}`,
  }));
  // 13 town wedges around the centre with wiggly (many-vertex) sides.
  const cx = X0 + width / 2, cy = Y0 + height / 2, R = Math.max(width, height);
  const towns = Array.from({ length: 13 }, (_, k) => {
    const pts: Position[] = [[cx, cy]];
    const a0 = (k / 13) * 2 * Math.PI, a1 = ((k + 1) / 13) * 2 * Math.PI;
    const side = (a: number): Position[] => Array.from({ length: 200 }, (_, s) => {
      const t = ((s + 1) / 200) * R;
      const wig = 40 * Math.sin(t / 97);
      return [cx + t * Math.cos(a) - wig * Math.sin(a), cy + t * Math.sin(a) + wig * Math.cos(a)];
    });
    pts.push(...side(a0), ...side(a1).reverse());
    return { geometry: closed(pts), name: `镇街${k}` };
  });
  return { parcels, buildings, blocklines, parks, towns };
}
