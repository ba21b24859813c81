import { syntheticInput } from './synthetic.test-helper';
import { computeGeoFacts } from './overlay';
import { validateGeometry } from './validate';
import { toShape } from './shape';
const input = syntheticInput(100000);
const time = (label: string, f: () => unknown) => { const c = process.cpuUsage(); const t = performance.now(); f(); const u = process.cpuUsage(c); console.log(label.padEnd(12), (performance.now() - t).toFixed(0), "ms wall", ((u.user + u.system) / 1000).toFixed(0), "ms cpu"); };
for (let rep = 0; rep < 2; rep++) {
  time('validate', () => input.parcels.map(validateGeometry));
  time('toShape-b', () => input.buildings.map(toShape));
  time('parcels', () => computeGeoFacts({ parcels: input.parcels }));
  time('+buildings', () => computeGeoFacts({ parcels: input.parcels, buildings: input.buildings }));
  time('+blocklines', () => computeGeoFacts({ parcels: input.parcels, blocklines: input.blocklines }));
  time('+parks', () => computeGeoFacts({ parcels: input.parcels, parks: input.parks }));
  time('+towns', () => computeGeoFacts({ parcels: input.parcels, towns: input.towns }));
}
