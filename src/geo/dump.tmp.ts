import { writeFileSync } from 'node:fs';
import { syntheticInput } from './synthetic.test-helper';
import { computeGeoFacts } from './overlay';
import { packPolygons } from './packed';
const n = Number(process.argv[2]);
const input = syntheticInput(n);
const fc = (feats: { geometry: unknown; properties: Record<string, unknown> }[]) => JSON.stringify({ type: 'FeatureCollection', features: feats.map((f) => ({ type: 'Feature', ...f })) });
writeFileSync('/tmp/gdalbench/parcels.geojson', fc(input.parcels.map((g, i) => ({ geometry: g, properties: { id: i } }))));
writeFileSync('/tmp/gdalbench/buildings.geojson', fc(input.buildings.map((g, i) => ({ geometry: g, properties: { id: i } }))));
writeFileSync('/tmp/gdalbench/blocklines.geojson', fc(input.blocklines.map((b, i) => ({ geometry: b.geometry, properties: { id: i, level: b.level } }))));
const packed = { ...input, buildings: packPolygons(input.buildings) };
for (let k = 0; k < 3; k++) { const t = performance.now(); const f = computeGeoFacts(packed); console.log('ours', (performance.now() - t).toFixed(0), 'ms', 'fp sum', f.reduce((s, x) => s + x.footprintM2!, 0).toFixed(3), 'bl sum', f.reduce((s, x) => s + x.blocklineOverlapM2!['一级'] + x.blocklineOverlapM2!['二级'], 0).toFixed(3)); }
