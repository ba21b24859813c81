import { syntheticInput } from './synthetic.test-helper';
import { computeGeoFacts } from './overlay';
import { packPolygons } from './packed';
const input = syntheticInput(Number(process.argv[2] ?? 100000));
const time = (label: string, f: () => unknown) => { const c = process.cpuUsage(); const t = performance.now(); f(); const u = process.cpuUsage(c); console.log(label.padEnd(12), (performance.now() - t).toFixed(0), "ms wall", ((u.user + u.system) / 1000).toFixed(0), "ms cpu"); };
for (let rep = 0; rep < 2; rep++) {
  time('pack-b', () => packPolygons(input.buildings));
  time('parcels', () => computeGeoFacts({ parcels: input.parcels }));
  time('+buildings', () => computeGeoFacts({ parcels: input.parcels, buildings: input.buildings }));
  time('+blocklines', () => computeGeoFacts({ parcels: input.parcels, blocklines: input.blocklines }));
  time('+parks', () => computeGeoFacts({ parcels: input.parcels, parks: input.parks }));
  time('+towns', () => computeGeoFacts({ parcels: input.parcels, towns: input.towns }));
  time('all', () => computeGeoFacts(input));
}
