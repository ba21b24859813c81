/**
 * Browser tests of the zones journey (issue 8): draw a polygon with the mouse, see zone-stats with the
 * parcel count and clipped 亩 equal to the zone engine run in Node on the same files and the same
 * lon/lat ring; drag a vertex and see the figures change (and equal Node again); reload and find the
 * zone in zone-list; delete it and undo the deletion. A self-intersecting outline is refused with a message;
 * snapping puts a vertex on a parcel corner.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Polygon } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { analysisRequest } from '../../src/analysis/request';
import { runAnalysis, type AnalysisLayers, type AnalysisRun } from '../../src/analysis/run';
import type { LedgerEntry } from '../../src/domain/ledger';
import { projectGeometry } from '../../src/geo/projection';
import { packPolygons } from '../../src/geo/packed';
import { computeZoneStats } from '../../src/geo/zone-clip-stats';
import { formatNumber } from '../../src/i18n/format';
import type { DatasetManifest } from '../../src/io/dataset';
import { loadFiles } from '../../src/io/loader';
import { manifestInputs } from '../../src/io/loader/manifest';
import { assert, type Session, type TestFn } from './harness';

interface StoreState {
  analysis: { request: { evaluationDate: string } } | null;
  dataset: { parcelBounds: Float64Array } | null;
  zones: { id: string; geometry: Polygon }[];
}
type Win = Window & { __map?: MapLibreMap; __store?: { getState(): StoreState } };

const DATA_DIR = resolve(process.env.TENGLONG_DATA_DIR ?? 'data', 'ouhai');

/** The same loader and engine as the worker (tests/e2e/expected.ts does the same for the analysis). */
async function engineInNode(evaluationDate: string): Promise<{ layers: AnalysisLayers; run: AnalysisRun }> {
  const manifest = JSON.parse(readFileSync(join(DATA_DIR, 'manifest.json'), 'utf8')) as DatasetManifest;
  const fromDisk = async (url: string) => new Response(readFileSync(new URL(url)));
  const { files, roles } = manifestInputs(manifest, pathToFileURL(join(DATA_DIR, 'manifest.json')).href, fromDisk);
  const loaded = await loadFiles(files, roles, {}, { name: manifest.name });
  if (!loaded.ok) throw new Error('the loader refused the embedded data');
  const ledger = manifest.ledger ? (JSON.parse(readFileSync(join(DATA_DIR, manifest.ledger.file), 'utf8')) as LedgerEntry[]) : undefined;
  const layers = { ...loaded.layers, buildings: packPolygons(loaded.layers.buildings ?? []) } as AnalysisLayers;
  const r = runAnalysis(layers, analysisRequest({ evaluationDate, ledger }));
  if (!r.ok) throw new Error('runAnalysis failed in Node');
  return { layers, run: r.run };
}

async function openZones(s: Session, url: string): Promise<void> {
  await s.page.goto(url);
  await s.page.locator('[data-testid=analysis-status][data-state=ready]').waitFor({ timeout: 60_000 });
  await s.page.waitForFunction(() => (window as Win).__map?.loaded() === true && performance.getEntriesByName('tenglong:data-shown').length > 0, undefined, { timeout: 30_000 });
  await s.page.getByTestId('tab-zones').click();
  await s.page.getByTestId('zone-list').waitFor();
}

const text = async (s: Session, id: string) => (await s.page.getByTestId(id).innerText()).trim();

/** Waits until zone-parcels / zone-land read `want` (the engine's figures), or says what they read. */
async function expectFigures(s: Session, want: { parcels: string; land: string }, what: string): Promise<void> {
  // No named helpers inside page functions: tsx would wrap them in a __name() the page lacks.
  const ok = await s.page.waitForFunction((w) =>
    document.querySelector('[data-testid=zone-parcels]')?.textContent?.trim() === w.parcels
    && document.querySelector('[data-testid=zone-land]')?.textContent?.trim() === w.land, { parcels: want.parcels, land: want.land }, { timeout: 15_000 }).then(() => true, () => false);
  if (!ok) throw new Error(`${what}: zone-stats shows "${await text(s, 'zone-parcels')}" / "${await text(s, 'zone-land')}", the engine in Node "${want.parcels}" / "${want.land}"`);
}

export function zonesTests(s: Session, baseUrl: string, _measured: Record<string, unknown>): [string, TestFn][] {
  const home = `${baseUrl}?e2e=1`;
  let engine: { layers: AnalysisLayers; run: AnalysisRun } | null = null;
  let zoneId = '';
  const expected = (ring: Polygon) => {
    const st = computeZoneStats(engine!.layers, engine!.run, projectGeometry(ring, 'EPSG:4326', 'EPSG:4549'));
    assert(st.parcels.count > 0, 'the drawn zone touches no parcel in Node: the test drew in an empty place');
    return { parcels: `${formatNumber(st.parcels.count, 0)} 宗`, land: `${formatNumber(st.landMu, 2, 2)} 亩`, stats: st };
  };
  const keptRing = () => s.page.evaluate(() => (window as Win).__store!.getState().zones.map((z) => ({ id: z.id, geometry: z.geometry }))) as Promise<{ id: string; geometry: Polygon }[]>;

  return [
    ['draw a polygon with the mouse: zone-stats equals the zone engine in Node', async () => {
      await openZones(s, home);
      const date = await s.page.evaluate(() => (window as Win).__store!.getState().analysis!.request.evaluationDate);
      engine = await engineInNode(date);
      // A parcel-rich view: centre on the first parcel, close enough to see shapes.
      await s.page.evaluate(() => new Promise<void>((res) => {
        const m = (window as Win).__map!;
        const b = (window as Win).__store!.getState().dataset!.parcelBounds;
        m.once('idle', () => res());
        m.jumpTo({ center: [(b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2], zoom: 15.5 });
      }));
      await s.page.getByTestId('zone-snapping').uncheck(); // exact clicks: the ring is where the mouse went
      await s.page.getByTestId('draw-zone').click();
      await s.page.waitForFunction(() => document.querySelector('[data-testid=draw-zone]')?.getAttribute('aria-pressed') === 'true');
      const box = (await s.page.getByTestId('map').boundingBox())!;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      const corners: [number, number][] = [[cx - 140, cy - 100], [cx + 150, cy - 90], [cx + 130, cy + 110], [cx - 120, cy + 100]];
      for (const [x, y] of corners) {
        await s.page.mouse.move(x, y, { steps: 3 });
        await s.page.mouse.click(x, y);
        await s.page.waitForTimeout(150);
      }
      await s.page.mouse.move(corners[0]![0], corners[0]![1], { steps: 3 });
      await s.page.mouse.click(corners[0]![0], corners[0]![1]); // the closing point
      await s.page.waitForFunction(() => (window as Win).__store!.getState().zones.length === 1, undefined, { timeout: 10_000 });
      const [zone] = await keptRing();
      zoneId = zone!.id;
      assert(zone!.geometry.coordinates[0]!.length === 5, `the kept ring has ${zone!.geometry.coordinates[0]!.length} positions, not 4 corners + closing`);
      await s.page.getByTestId('zone-stats').waitFor();
      await expectFigures(s, expected(zone!.geometry), 'after drawing');
      const rows = await s.page.locator(`[data-testid=zone-list] [data-zone-id="${zoneId}"]`).count();
      assert(rows === 1, 'the drawn zone is not in zone-list');
    }],
    ['a self-intersecting outline is refused with a message', async () => {
      await s.page.getByTestId('draw-zone').click();
      const box = (await s.page.getByTestId('map').boundingBox())!;
      const [cx, cy] = [box.x + box.width / 2 - 60, box.y + box.height / 2];
      // A bow-tie: the fourth corner's edge crosses the first edge.
      for (const [x, y] of [[cx - 60, cy - 60], [cx + 60, cy + 60], [cx + 60, cy - 60], [cx - 60, cy + 60]] as const) {
        await s.page.mouse.move(x, y, { steps: 3 });
        await s.page.mouse.click(x, y);
        await s.page.waitForTimeout(150);
      }
      await s.page.locator('[data-testid=zone-message][data-code=self-intersection]').waitFor({ timeout: 5_000 });
      await s.page.keyboard.press('Escape');
      await s.page.getByTestId('zone-done').click();
      const n = await s.page.evaluate(() => (window as Win).__store!.getState().zones.length);
      assert(n === 1, `a refused outline became a zone (${n} zones)`);
      await s.page.getByTestId('zone-list').locator(`[data-zone-id="${zoneId}"] .zone-pick`).click();
    }],
    ['drag a vertex: the figures change and equal the engine in Node again', async () => {
      assert(zoneId, 'no zone was drawn');
      const before = { parcels: await text(s, 'zone-parcels'), land: await text(s, 'zone-land') };
      await s.page.getByTestId('zone-edit').click();
      const [zone] = await keptRing();
      const v = zone!.geometry.coordinates[0]![1]!;
      const p = await s.page.evaluate((ll) => { const q = (window as Win).__map!.project(ll as [number, number]); return [q.x, q.y]; }, v);
      const box = (await s.page.getByTestId('map').boundingBox())!;
      const [x, y] = [box.x + p[0]!, box.y + p[1]!];
      await s.page.mouse.move(x, y, { steps: 2 });
      await s.page.mouse.down();
      await s.page.mouse.move(x + 90, y - 70, { steps: 12 });
      await s.page.mouse.up();
      await s.page.waitForFunction((old) => JSON.stringify((window as Win).__store!.getState().zones[0]!.geometry.coordinates) !== old,
        JSON.stringify(zone!.geometry.coordinates), { timeout: 10_000 });
      const [edited] = await keptRing();
      const want = expected(edited!.geometry);
      assert(want.land !== before.land, `the drag did not change the clipped land in Node (${want.land}); drag further`);
      await expectFigures(s, want, 'after dragging a vertex');
      await s.page.getByTestId('zone-done').click();
    }],
    ['reload: the zone is kept in zone-list; delete it and undo the deletion', async () => {
      assert(zoneId, 'no zone was drawn');
      await openZones(s, home);
      const row = s.page.locator(`[data-testid=zone-list] [data-zone-id="${zoneId}"]`);
      await row.waitFor({ timeout: 10_000 });
      await row.getByTestId('zone-delete').click();
      await row.waitFor({ state: 'detached' });
      // Said, with its undo; focus on the list's heading (the button went with its row).
      const said = s.page.locator('[data-testid=zone-message][data-code=deleted]');
      await said.waitFor({ timeout: 5_000 });
      const focused = await s.page.evaluate(() => document.activeElement?.tagName);
      assert(focused === 'H3', `focus after the delete is on ${String(focused)}, not the zone list's heading`);
      // Another change (a zone added) is now what 撤销 takes back: the deletion's notice goes.
      await s.page.evaluate((id) => {
        const st = (window as Win).__store!.getState();
        st.addZone(st.zones.find((z) => z.id === id)?.geometry ?? JSON.parse(JSON.stringify(st.zoneHistory.past.at(-1)!.find((z) => z.id === id)!.geometry)), 'e2e-other');
      }, zoneId);
      await said.waitFor({ state: 'detached', timeout: 5_000 });
      await s.page.getByTestId('zone-undo').click();
      await s.page.getByTestId('zone-undo').click();
      await row.waitFor({ timeout: 5_000 });
      const kept = await s.page.evaluate(() => (window as Win).__store!.getState().zones.map((z) => z.id));
      assert(kept.length === 1 && kept[0] === zoneId, `after undo the zones are ${JSON.stringify(kept)}`);
      await s.page.getByTestId('zone-stats').waitFor({ timeout: 15_000 });
    }],
    ['with snapping on, a click 6 px from a parcel corner puts the vertex on the corner', async () => {
      await s.page.getByTestId('zone-snapping').check();
      await s.page.evaluate(() => new Promise<void>((res) => {
        const m = (window as Win).__map!;
        const b = (window as Win).__store!.getState().dataset!.parcelBounds;
        m.once('idle', () => res());
        m.jumpTo({ center: [(b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2], zoom: 16 }); // parcels large, corners apart
      }));
      const corner = await s.page.evaluate(() => {
        const m = (window as Win).__map!;
        for (const f of m.queryRenderedFeatures({ layers: ['parcels-fill'] })) {
          if (f.geometry.type !== 'Polygon') continue;
          const p = f.geometry.coordinates[0]![0]!;
          const q = m.project(p as [number, number]);
          if (q.x > 150 && q.x < 450 && q.y > 150 && q.y < 450) return { ll: p, x: q.x, y: q.y };
        }
        return null;
      });
      assert(corner, 'no parcel corner in view to snap to');
      const box = (await s.page.getByTestId('map').boundingBox())!;
      const before = await s.page.evaluate(() => (window as Win).__store!.getState().zones.length);
      await s.page.getByTestId('draw-zone').click();
      const pts = [[corner.x + 5, corner.y + 3], [corner.x + 160, corner.y + 25], [corner.x + 90, corner.y + 170], [corner.x + 5, corner.y + 3]];
      for (const [x, y] of pts) {
        await s.page.mouse.move(box.x + x!, box.y + y!, { steps: 4 });
        await s.page.mouse.click(box.x + x!, box.y + y!);
        await s.page.waitForTimeout(150);
      }
      await s.page.waitForFunction((n) => (window as Win).__store!.getState().zones.length === n + 1, before, { timeout: 10_000 });
      const ring = (await keptRing()).at(-1)!.geometry.coordinates[0]!;
      const d = Math.hypot(ring[0]![0]! - corner.ll[0]!, ring[0]![1]! - corner.ll[1]!);
      assert(d < 1e-7, `the first vertex ${JSON.stringify(ring[0])} is ${d}° from the parcel corner ${JSON.stringify(corner.ll)}`);
    }],
    ['a GIS tool\'s zipped Shapefile of zones (GBK names, EPSG:4549 .prj) is imported with its names; a .dbf alone is refused and changes nothing', async () => {
      const zip = readFileSync(new URL('../fixtures/zones/zones-shp.zip', import.meta.url));
      const before = await s.page.evaluate(() => (window as Win).__store!.getState().zones.length);
      await s.page.getByTestId('zone-import').setInputFiles({ name: '片区.zip', mimeType: 'application/zip', buffer: zip });
      await s.page.waitForFunction((n) => (window as Win).__store!.getState().zones.length === n + 4, before, { timeout: 10_000 });
      const names = await s.page.evaluate(() => (window as Win).__store!.getState().zones.slice(-4).map((z) => z.name).sort());
      assert(JSON.stringify(names) === JSON.stringify(['南白象两块', '娄桥工业区连片', '梧田老工业区', '经开区东片'].sort()), `imported names ${JSON.stringify(names)}`);
      await s.page.locator('[data-testid=zone-message][data-code=imported]').waitFor({ timeout: 5_000 });
      const shownNames = await s.page.locator('[data-testid=zone-list] input.zone-name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      assert(shownNames.includes('梧田老工业区'), `the zone list shows ${JSON.stringify(shownNames)}`);
      // The parts of a Shapefile picked without its .shp: named, nothing imported.
      const entries = unzipSync(new Uint8Array(zip));
      const dbf = Buffer.from(entries[Object.keys(entries).find((k) => k.endsWith('.dbf'))!]!);
      await s.page.getByTestId('zone-import').setInputFiles({ name: '片区.dbf', mimeType: 'application/octet-stream', buffer: dbf });
      const alert = s.page.locator('[data-testid=zone-message][data-code=import-failed]');
      await alert.waitFor({ timeout: 5_000 });
      const text = await alert.innerText();
      assert(/\.shp/.test(text) && /片区/.test(text), `the refusal does not name the missing .shp: ${text}`);
      const after = await s.page.evaluate(() => (window as Win).__store!.getState().zones.length);
      assert(after === before + 4, `a refused file changed the zones: ${after} (was ${before + 4})`);
    }],
    ['a zone file with a hole is imported, shown on the map read-only (dashed) and not offered for editing', async () => {
      const b = await s.page.evaluate(() => Array.from((window as Win).__store!.getState().dataset!.parcelBounds.slice(0, 4)));
      const [cx, cy] = [(b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2];
      const sq = (r: number) => [[cx - r, cy - r], [cx + r, cy - r], [cx + r, cy + r], [cx - r, cy + r], [cx - r, cy - r]];
      const file = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '环形片区' }, geometry: { type: 'Polygon', coordinates: [sq(0.01), sq(0.002).reverse()] } }] };
      await s.page.getByTestId('zone-import').setInputFiles({ name: 'ring.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
      await s.page.waitForFunction(() => (window as Win).__store!.getState().zones.some((z) => z.name === '环形片区'), undefined, { timeout: 10_000 });
      const shown = await s.page.evaluate(() => new Promise<{ layer: boolean; features: number }>((res) => {
        const m = (window as Win).__map!;
        const z = (window as Win).__store!.getState().zones.find((x) => x.name === '环形片区')!;
        m.once('idle', () => res({ layer: !!m.getLayer('zones-static-line'), features: m.querySourceFeatures('zones-static').filter((f) => f.id === z.id || f.properties?.colour).length }));
        m.triggerRepaint();
      }));
      assert(shown.layer && shown.features > 0, `the zone with a hole is not on the map: ${JSON.stringify(shown)}`);
      await s.page.evaluate(() => { const st = (window as Win).__store!.getState(); st.setActiveZone(st.zones.find((x) => x.name === '环形片区')!.id); });
      assert(await s.page.getByTestId('zone-edit').isDisabled(), 'edit is offered for a zone the drawing tool cannot edit');
    }],
  ];
}
