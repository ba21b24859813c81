import { readFileSync } from 'node:fs';
import { geojson } from 'flatgeobuf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { BlocklineLevel } from '../domain/facts';
import { computeGeoFacts } from './overlay';
import { packPolygons } from './packed';
type P = Polygon | MultiPolygon;
const dir = '/work/main/data/large/parcels-100000/';
async function read(name: string) { const out: Feature<P, Record<string, string>>[] = []; for await (const f of geojson.deserialize(new Uint8Array(readFileSync(dir + name + '.fgb')))) out.push(f as Feature<P, Record<string, string>>); return out; }
let t = performance.now();
const parcels = (await read('parcels')).map((f) => f.geometry);
const buildingsGeo = (await read('buildings')).map((f) => f.geometry);
const blocklines = (await read('blocklines')).map((f) => ({ geometry: f.geometry, level: f.properties.level as BlocklineLevel }));
const parks = (await read('parks')).map((f) => ({ geometry: f.geometry, name: String(f.properties.name) }));
const towns = (await read('towns')).map((f) => ({ geometry: f.geometry, name: String(f.properties.name) }));
console.log('read', (performance.now() - t).toFixed(0), 'ms', parcels.length, buildingsGeo.length, blocklines.length, parks.length, towns.length);
t = performance.now(); const buildings = packPolygons(buildingsGeo); console.log('pack buildings', (performance.now() - t).toFixed(0));
const mode = process.argv[2];
for (let k = 0; k < 5; k++) {
  const c = process.cpuUsage(); t = performance.now();
  const f = computeGeoFacts({ parcels, buildings: mode === 'geojson' ? buildingsGeo : buildings, blocklines, parks, towns });
  const u = process.cpuUsage(c);
  console.log('overlay', (performance.now() - t).toFixed(0), 'ms wall', ((u.user + u.system) / 1000).toFixed(0), 'ms cpu', 'errors', f.filter((x) => x.geometryError).length, 'fp', f.reduce((s, x) => s + (x.footprintM2 ?? 0), 0).toFixed(1));
}
