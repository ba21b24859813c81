import { syntheticInput } from './synthetic.test-helper';
import { computeGeoFacts } from './overlay';
const n = Number(process.argv[2] ?? 100000);
let t = performance.now();
const input = syntheticInput(n);
console.log('gen', (performance.now() - t).toFixed(0), 'ms', input.parcels.length, input.buildings.length);
for (let rep = 0; rep < 3; rep++) {
  t = performance.now();
  const f = computeGeoFacts(input);
  const dt = performance.now() - t;
  const fp = f.reduce((s, x) => s + (x.footprintM2 ?? 0), 0);
  const bl = f.reduce((s, x) => s + (x.blocklineOverlapM2?.['一级'] ?? 0), 0);
  const err = f.filter((x) => x.geometryError).length;
  console.log('overlay', dt.toFixed(0), 'ms', 'fp', fp.toFixed(2), 'bl1', bl.toFixed(2), 'errors', err, 'parks', f.filter((x) => x.park).length);
}
