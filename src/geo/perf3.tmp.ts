import { PerformanceObserver } from 'node:perf_hooks';
import { syntheticInput } from './synthetic.test-helper';
import { computeGeoFacts, type OverlayInput } from './overlay';
import { packPolygons } from './packed';
let gc = 0;
new PerformanceObserver((l) => { for (const e of l.getEntries()) gc += e.duration; }).observe({ entryTypes: ['gc'] });
const raw = syntheticInput(Number(process.argv[2] ?? 100000));
const input: OverlayInput = process.argv[3] !== 'geojson' ? { ...raw, buildings: packPolygons(raw.buildings) } : raw;
if (process.argv[3] !== 'geojson') (raw as { buildings: unknown }).buildings = null;
await new Promise((r) => setTimeout(r, 10));
for (let rep = 0; rep < 5; rep++) {
  gc = 0;
  const c = process.cpuUsage(); const t = performance.now();
  computeGeoFacts(input);
  const wall = performance.now() - t; const u = process.cpuUsage(c);
  await new Promise((r) => setTimeout(r, 10));
  console.log('wall', wall.toFixed(0), 'cpu', ((u.user + u.system) / 1000).toFixed(0), 'gc', gc.toFixed(0), 'heap', (process.memoryUsage().heapUsed / 1e6).toFixed(0));
}
