/**
 * The map data path (issue 10): parcels and buildings reach MapLibre as vector tiles cut in the analysis
 * worker (tenglong:// protocol), never as GeoJSON on the page; tile feature ids are fids and the tiles carry
 * the engine's codes of that fid; the status bar says while the map draws.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Route } from 'playwright-core';
import { CODE_PROPERTY, unpackCode } from '../../src/map/parcel-codes';
import { NO_DATASET_KEY, VEIL_SOURCE, veilUrl } from '../../src/map/style';
import { encodeUrlState } from '../../src/state/url';
import { assert, type Session, type TestFn } from './harness';

interface StoreHook {
  getState(): {
    dataset: { parcelBounds: Float64Array; parcels: { attributes: { parcelId: string } }[]; display: Record<string, { features: unknown[] }>; tiles?: { key: string; layers: string[] } } | null;
    analysis: { columns: { classIndex: Int8Array } } | null;
  };
}
type Win = Window & { __map?: MapLibreMap; __store?: StoreHook; __gpuPace?: () => { putOff: number; quiet: number; forced: number; why: string } | null };

export function perfTests(s: Session, baseUrl: string, measured: Record<string, unknown>): [string, TestFn][] {
  return [
    ['the district outline is drawn while the parcels still download, at a link\'s view, and their dataset keeps the camera the user moved', async () => {
      // The parcel file is held back (the worker's fetch of it waits here) until the outline is on the map.
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      const hold = async (route: Route) => {
        await held;
        await route.continue();
      };
      await s.context.route('**/data/ouhai/parcels.fgb', hold);
      try {
        // A link's view (zoom 11.5 over the district's middle) is where the outline opens.
        await s.page.goto(`${baseUrl}${encodeUrlState('?e2e=1', { view: { lon: 120.6, lat: 27.98, zoom: 11.5 } })}`);
        await s.page.waitForFunction(() => {
          const map = (window as Win).__map;
          return map?.loaded() === true && map.queryRenderedFeatures({ layers: ['boundary-line'] }).length > 0 && map.queryRenderedFeatures({ layers: ['towns-label'] }).length > 0;
        }, undefined, { timeout: 60_000, polling: 100 });
        const before = await s.page.evaluate(() => ({
          dataset: (window as Win).__store!.getState().dataset !== null,
          loaded: performance.getEntriesByName('tenglong:data-loaded').length,
          canvas: (window as Win).__map!.getCanvas().style.visibility,
          center: (window as Win).__map!.getCenter().toArray(),
          zoom: (window as Win).__map!.getZoom(),
        }));
        assert(!before.dataset && before.loaded === 0, 'the parcels were in before the outline was drawn (the test holds them back)');
        assert(before.canvas !== 'hidden', 'the map canvas is still hidden with the outline on it');
        assert(Math.abs(before.center[0]! - 120.6) < 1e-4 && Math.abs(before.center[1]! - 27.98) < 1e-4 && Math.abs(before.zoom - 11.5) < 1e-6, `the outline is not at the link's view: ${JSON.stringify(before)}`);
        // The user looks around meanwhile.
        await s.page.evaluate(() => (window as Win).__map!.jumpTo({ center: [120.62, 27.95], zoom: 12.5 }));
      } finally {
        release();
        await s.context.unroute('**/data/ouhai/parcels.fgb', hold);
      }
      await s.page.waitForFunction(() => performance.getEntriesByName('tenglong:data-shown').length > 0, undefined, { timeout: 60_000 });
      const after = await s.page.evaluate(() => {
        const map = (window as Win).__map!;
        const d = (window as Win).__store!.getState().dataset!;
        return { center: map.getCenter().toArray(), zoom: map.getZoom(), outlined: (d as unknown as { displayOfOutline?: boolean }).displayOfOutline === true, boundary: d.display.boundary?.features.length ?? 0 };
      });
      assert(after.outlined && after.boundary > 0, `the dataset's small layers are not its outline's (${JSON.stringify(after)})`);
      assert(Math.abs(after.center[0]! - 120.62) < 1e-6 && Math.abs(after.center[1]! - 27.95) < 1e-6 && Math.abs(after.zoom - 12.5) < 1e-6, `the parcels' arrival moved the camera to ${JSON.stringify(after)}`);
    }],
    ['parcels are drawn from the worker\'s vector tiles, with ids = fids, and the page holds no parcel geometry', async () => {
      await s.page.goto(`${baseUrl}?e2e=1`);
      await s.page.waitForSelector('[data-testid=analysis-status][data-state=ready]', { timeout: 60_000 });
      await s.page.waitForFunction(() => performance.getEntriesByName('tenglong:first-idle').length > 0, undefined, { timeout: 60_000 });
      // The analysis' tiles (a new generation of the URL) may still be coming in after the first idle on a
      // slow machine: read the map's parcel tiles once it has every one of them again (in the same task: a
      // new generation asked for between two reads would empty the source in between). Read as it is if that
      // never comes (it then fails below).
      const read = (whenLoaded: boolean) => {
        const w = window as Win;
        const map = w.__map!;
        if (whenLoaded && !(map.isSourceLoaded('parcels') && map.querySourceFeatures('parcels', { sourceLayer: 'parcels' }).length > 0)) return null;
        const d = w.__store!.getState().dataset!;
        const src = map.getStyle().sources['parcels'] as { type: string; tiles?: string[] };
        const feats = map.querySourceFeatures('parcels', { sourceLayer: 'parcels' });
        const ids = feats.map((f) => f.id);
        return {
          type: src.type,
          tiles: src.tiles ?? [],
          key: d.tiles?.key ?? null,
          layers: d.tiles?.layers ?? [],
          displayKeys: Object.keys(d.display),
          count: d.parcels.length,
          n: feats.length,
          badIds: ids.filter((id) => typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= d.parcels.length).length,
          distinct: new Set(ids).size,
          loaded: map.isSourceLoaded('parcels'),
          askedAgain: performance.getEntriesByName('tenglong:parcels-tiles-again').length,
          analysisTiles: performance.getEntriesByName('tenglong:paint-analysis-done').length,
        };
      };
      const r = await s.page.waitForFunction(read, true, { timeout: 20_000, polling: 100 }).then((h) => h.jsonValue(), () => s.page.evaluate(read, false));
      assert(r !== null, 'no parcel tiles');
      assert(r.type === 'vector', `parcels source is ${r.type}, not vector tiles`);
      // `<key>@<n>`: each analysis shown asks for the tiles again under a new generation n.
      const named = r.tiles.length === 1 && (r.tiles[0]!.startsWith(`tenglong://${r.key}/parcels/`) || new RegExp(`^tenglong://${r.key}@\\d+/parcels/`).test(r.tiles[0]!));
      assert(r.key !== null && named, `tile URL ${r.tiles[0]} does not name the dataset's tiles (${r.key})`);
      assert(r.layers.includes('parcels') && r.layers.includes('buildings'), `tiled layers: ${r.layers.join(', ')}`);
      assert(!r.displayKeys.includes('parcels') && !r.displayKeys.includes('buildings'), `the page holds GeoJSON of ${r.displayKeys.join(', ')}`);
      assert(r.n > 0 && r.badIds === 0, `${r.n} tile features, ${r.badIds} with an id that is not a fid (${JSON.stringify({ url: r.tiles[0], loaded: r.loaded, askedAgain: r.askedAgain, analysisTiles: r.analysisTiles })})`);
      // Nearly every parcel is in the district view's tiles (the tiny ones may be simplified away; a parcel
      // across a tile edge is there twice).
      assert(r.distinct >= 0.95 * r.count, `only ${r.distinct} of ${r.count} parcels in the loaded tiles`);
      measured.tileParcels = r.distinct;
    }],

    ['the veil\'s and the picture\'s shader programs are linked before any filter or import, and the warm-up layers are gone', async () => {
      // map/warm-up.ts: invisible layers link them in the first frames, then are removed (still on the page above).
      const r = await s.page.evaluate(({ hidden, veil }) => {
        const map = (window as Win).__map!;
        const style = map.getStyle();
        // MapLibre's program cache, by shader variant key (a private field).
        const cache = map.painter.programCache as unknown as { programs: Record<string, unknown> };
        return {
          programs: Object.keys(cache.programs),
          leftLayers: style.layers.filter((l) => l.id.startsWith('warm-up')).map((l) => l.id),
          leftSources: Object.keys(style.sources).filter((id) => id.startsWith('warm-up')),
          // The veil is hidden while its source names the URL with no tiles (map/paint.ts).
          veiled: (map.getSource(veil) as unknown as { tiles: string[] }).tiles[0] !== hidden,
        };
      }, { hidden: veilUrl(NO_DATASET_KEY, 0), veil: VEIL_SOURCE });
      assert(!r.veiled, 'a filter veil is shown already: the raster program would be linked by it, not by the warm-up');
      for (const name of ['raster/', 'colorRelief/']) {
        assert(r.programs.some((k) => k.startsWith(name)), `no ${name} program linked at start-up (linked: ${r.programs.join(' ')})`);
      }
      assert(r.leftLayers.length === 0 && r.leftSources.length === 0, `warm-up left on the map: ${[...r.leftLayers, ...r.leftSources].join(', ')}`);
    }],

    ['the start-up puts off the map\'s frames while the GPU process is behind, and stops when the dataset is shown', async () => {
      // map/gpu-pace.ts: a frame paints once the map context's fences have passed (or at the wait's limit);
      // on this software WebGL the warm-up's and the outline's frames are put off, often until the dataset comes.
      const r = await s.page.evaluate(() => (window as Win).__gpuPace?.() ?? null);
      assert(r !== null, 'the start-up pacing has not ended (or never began)');
      measured.gpuPace = r;
      assert(r.why === 'dataset', `pacing ended by ${r.why}, not by the dataset being shown`);
      assert(r.putOff > 0, 'no frame was put off: nothing was paced');
    }],

    ['a rendered parcel carries the engine\'s class of the fid its tile id names', async () => {
      // At zoom 14 over the first parcel (the district's fit leaves its middle wherever the panels allow).
      await s.page.evaluate(() => {
        const b = (window as Win).__store!.getState().dataset!.parcelBounds;
        (window as Win).__map!.jumpTo({ center: [(b[0]! + b[2]!) / 2, (b[1]! + b[3]!) / 2], zoom: 14 });
      });
      await s.page.evaluate(() => new Promise<void>((resolve) => {
        const map = (window as Win).__map!;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }));
      const seen = await s.page.evaluate((code) => {
        const w = window as Win;
        const cls = w.__store!.getState().analysis!.columns.classIndex;
        return w.__map!.queryRenderedFeatures({ layers: ['parcels-fill'] }).slice(0, 300)
          .map((f) => ({ id: f.id as number, code: f.properties[code] as number | undefined, want: cls[f.id as number]! }));
      }, CODE_PROPERTY);
      assert(seen.length > 0, 'no parcel rendered at zoom 14');
      // The class the worker baked into the tile (packed code) is the engine's for that fid.
      const bad = seen.filter((f) => unpackCode(f.code, 'cls') !== f.want).map((f) => `${f.id}: map ${unpackCode(f.code, 'cls')}, engine ${f.want}`);
      assert(bad.length === 0, `tile codes differ from the engine: ${bad.slice(0, 5).join('; ')}`);
    }],

    ['buildings come as tiles from zoom 15 and the status bar says when the map is drawing', async () => {
      // What the map said and the status bar showed, recorded in the page as it happens (polling for the
      // status element could miss a short drawing period between two polls).
      await s.page.evaluate(() => {
        const store = (window as Win).__store!;
        // spanned: still drawing a frame after it began, so the page has rendered the status by then.
        const rec = { on: null as number | null, off: null as number | null, shown: false, spanned: false };
        (window as Win & { __drawing?: typeof rec }).__drawing = rec;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid=map-status]')) rec.shown = true;
        }).observe(document.body, { childList: true, subtree: true });
        if (store.getState().mapDrawing) [rec.on, rec.shown, rec.spanned] = [performance.now(), document.querySelector('[data-testid=map-status]') !== null, true];
        store.subscribe((st, prev) => {
          if (st.mapDrawing && !prev.mapDrawing && rec.on === null) {
            rec.on = performance.now();
            requestAnimationFrame(() => setTimeout(() => { if (store.getState().mapDrawing) rec.spanned = true; }, 0));
          }
          if (!st.mapDrawing && prev.mapDrawing && rec.on !== null && rec.off === null) rec.off = performance.now();
        });
      });
      // Onto a parcel (buildings stand on parcels): the one nearest the view's centre.
      await s.page.evaluate(() => {
        const w = window as Win;
        const b = w.__store!.getState().dataset!.parcelBounds;
        const c = w.__map!.getCenter();
        let best = 0;
        let bestD = Infinity;
        for (let o = 0; o + 3 < b.length; o += 4) {
          const d = Math.hypot((b[o]! + b[o + 2]!) / 2 - c.lng, (b[o + 1]! + b[o + 3]!) / 2 - c.lat);
          if (d < bestD) [best, bestD] = [o, d];
        }
        w.__map!.jumpTo({ center: [(b[best]! + b[best + 2]!) / 2, (b[best + 1]! + b[best + 3]!) / 2], zoom: 16.5 });
      });
      await s.page.evaluate(() => new Promise<void>((resolve) => {
        const map = (window as Win).__map!;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }));
      const n = await s.page.evaluate(() => (window as Win).__map!.queryRenderedFeatures({ layers: ['buildings-fill'] }).length);
      assert(n > 0, 'no building drawn at zoom 16.5');
      const d = await s.page.evaluate(() => (window as Win & { __drawing?: { on: number | null; off: number | null; shown: boolean; spanned: boolean } }).__drawing!);
      assert(d.on !== null, 'the map never said it was drawing while it fetched the new view\'s tiles');
      // Shown whenever the drawing was still going on a frame after it began (the page had rendered by then).
      assert(d.shown || !d.spanned, `map-status never appeared while the map fetched tiles (${((d.off ?? NaN) - d.on).toFixed(0)} ms)`);
      assert((await s.page.getByTestId('map-status').count()) === 0, 'map-status still shown after the map went idle');
    }],
  ];
}
