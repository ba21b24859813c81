/**
 * Creating the MapLibre map and pointing its sources at the dataset (small layers as GeoJSON, parcels
 * and buildings as vector tiles from the analysis worker). MapLibre 6 is ESM-only:
 * its worker must be given to `setWorkerUrl` before the first `new Map()`, or nothing renders.
 */
import { Map as MapLibreMap, NavigationControl, prewarm, ScaleControl, setWorkerUrl, type GeoJSONSource } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import type { DatasetOutline, LoadedDataset } from '../worker/protocol';
import { useAppStore } from '../state/store';
import { buildStyle, LAYERS, LOCAL_IDEOGRAPH_FONTS, MAP_BACKGROUND, SOURCES, TILED_SOURCES, veilUrl } from './style';
import { endWarmUpWhenDrawn, WARM_UP_KEY, withWarmUp } from './warm-up';
import { reportMapError } from './data-source';
import { askTiles, watchTilesSettled } from './tiled-sources';
import { endPaintHolds, holdPaintWhenAsked } from './paint-hold';
import { endGpuPace, paceStartUp } from './gpu-pace';
import { overlayPadding } from './overlay-padding';
import { picturePoint, type PicturePoint } from './picture-pick';

setWorkerUrl(workerUrl);
// MapLibre's worker starts loading now, as this chunk runs, not after the map's WebGL set-up (which
// comes first in `new Map` and takes a long task on software WebGL): the style then loads sooner.
if (typeof Worker !== 'undefined') prewarm();

export type { MapLibreMap };

export interface MapCallbacks {
  /** Whether map clicks belong to something else now (a zone being drawn), not to parcel selection. */
  capturesClicks(): boolean;
  /** A parcel (by fid) was clicked, or null when the click hit no parcel. */
  onParcelClick(fid: number | null): void;
  /**
   * The parcel the parcel picture draws at a point, asked of the worker (null: none): where the picture
   * is shown, below PICTURE_MAX_ZOOM, no parcel tile is loaded to pick from (picture.ts showPicture).
   */
  pickInPicture(at: PicturePoint): Promise<number | null>;
}

/** The map last created (the printable report captures it). */
let lastMap: MapLibreMap | null = null;

/** A picture of the map for the printable report, and its scale (metres per CSS pixel at the centre). */
export interface MapCapture {
  dataUrl: string;
  width: number;
  height: number;
  metresPerPixel: number;
}

/**
 * Draws the map once more and reads the canvas inside that frame's 'render' event, while the drawing
 * buffer still holds it (so no preserveDrawingBuffer, which would slow every frame). Null without a map.
 */
export function captureMap(): Promise<MapCapture | null> {
  const map = lastMap;
  if (!map) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 5000);
    map.once('render', () => {
      clearTimeout(timer);
      const canvas = map.getCanvas();
      const lat = map.getCenter().lat;
      const metresPerPixel = (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom());
      try {
        resolve({ dataUrl: onGround(canvas).toDataURL('image/png'), width: canvas.clientWidth, height: canvas.clientHeight, metresPerPixel });
      } catch {
        resolve(null);
      }
    });
    endPaintHolds(map); // a held frame draws nothing to read
    endGpuPace(map, 'picture');
    map.triggerRepaint();
  });
}

/** The map's pixels over its ground (MAP_BACKGROUND is the container's CSS, not in the canvas). */
function onGround(canvas: HTMLCanvasElement): HTMLCanvasElement {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return canvas;
  ctx.fillStyle = MAP_BACKGROUND;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  return out;
}

export function createMap(container: HTMLElement, callbacks: MapCallbacks, locale?: Record<string, string>): MapLibreMap {
  // The ground is CSS under the (transparent) canvas: no background layer, one shader program fewer.
  container.style.background = MAP_BACKGROUND;
  const center: [number, number] = [120.62, 27.98];
  const map = new MapLibreMap({
    container,
    // With invisible layers that link the parcels' shader programs before the data comes (warm-up.ts).
    style: withWarmUp(buildStyle(), center, veilUrl(WARM_UP_KEY, 0)),
    center,
    zoom: 10.5,
    localIdeographFontFamily: LOCAL_IDEOGRAPH_FONTS,
    attributionControl: false,
    ...(locale ? { locale } : {}),
    // No label fade-in: on software WebGL every extra frame costs, and 'idle' waits for the fade.
    fadeDuration: 0,
    // The style is built in code and validated by style.test.ts; validating it again at start-up is a
    // ~100-200 ms main-thread task before the first frame.
    validateStyle: false,
    dragRotate: false,
    pitchWithRotate: false,
  });
  lastMap = map;
  // Nothing to see until a dataset is shown (every source is empty, the ground is the container's CSS):
  // a hidden canvas keeps the page still meanwhile, so MapLibre's first frames are not composited and
  // read back by the browser one by one (each a full-page pass on software WebGL). showOutline or showDataset reveals it.
  map.getCanvas().style.visibility = 'hidden';
  openCanvas2d();
  skipSky(map);
  holdPaintWhenAsked(map);
  paceStartUp(map);
  endWarmUpWhenDrawn(map);
  // A restored context gets a new painter.
  map.on('webglcontextrestored', () => {
    endGpuPace(map, 'context lost'); // its fences were the lost context's
    skipSky(map);
    holdPaintWhenAsked(map);
  });
  map.on('error', reportMapError);
  watchTilesSettled(map);
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'top-left'); // bottom corners hold the legend and the panel
  // The pick may wait for the worker: whether a click selects is decided when it happens (a drawing ends its
  // capture 50 ms after the click that closes a shape), and only the latest click's answer is used.
  let clicks = 0;
  const onPicked = (pick: Promise<number | null>, use: (fid: number | null) => void) => {
    const click = ++clicks;
    void pick.then((fid) => click === clicks && use(fid));
  };
  map.on('click', (e) => {
    // Shift-click adds the parcel to the active shortlist (issue 9) instead of selecting it (below).
    if (e.originalEvent.shiftKey || callbacks.capturesClicks()) return;
    onPicked(pickParcel(map, e.point.x, e.point.y, callbacks), (fid) => callbacks.onParcelClick(fid));
  });
  // MapLibre's box zoom takes shift + mouse down and swallows the click; a shift-click without a drag
  // ends as 'boxzoomcancel', whose mouse-up says where.
  map.on('boxzoomcancel', (ev: { originalEvent?: Event }) => {
    const e = ev.originalEvent;
    if (!(e instanceof MouseEvent) || !e.shiftKey) return;
    const r = map.getCanvas().getBoundingClientRect();
    onPicked(pickParcel(map, e.clientX - r.left, e.clientY - r.top, callbacks), (fid) => {
      if (fid !== null) useAppStore.getState().addToShortlist([fid]);
    });
  });
  map.on('mouseenter', LAYERS.parcelsFill, () => (map.getCanvas().style.cursor = 'pointer'));
  map.on('mouseleave', LAYERS.parcelsFill, () => (map.getCanvas().style.cursor = ''));
  hoverInPicture(map, callbacks);
  return map;
}

/**
 * Below the picture's zoom (no parcel tile, so no mouseenter on the picking layer) the pointer cursor over a
 * parcel comes from the worker's pick: one question at a time, the latest position asked next.
 */
function hoverInPicture(map: MapLibreMap, callbacks: Pick<MapCallbacks, 'pickInPicture'>): void {
  let asking = false;
  let next: { x: number; y: number } | null = null;
  const ask = (at: { x: number; y: number }) => {
    asking = true;
    void pickParcel(map, at.x, at.y, callbacks).then((fid) => {
      asking = false;
      if (belowPicking(map)) map.getCanvas().style.cursor = fid === null ? '' : 'pointer';
      const again = next;
      next = null;
      if (again) ask(again);
    });
  };
  map.on('mousemove', (e) => {
    if (!belowPicking(map)) return;
    if (asking) next = e.point;
    else ask(e.point);
  });
}

/**
 * MapLibre draws the labels' glyphs (local fonts, TinySDF) into a 2D OffscreenCanvas when the first labels
 * come, just after the dataset is shown, and the page's first 2D canvas opens Chromium's shared GPU context:
 * a synchronous wait on the GPU process, measured 0.25-0.5 s there while that process was busy drawing
 * frames (and every tile answer waits behind it). Opened here instead, in the task that has just waited
 * for the map's own WebGL context, it costs a few ms; the context is the page's from then on.
 */
function openCanvas2d(): void {
  if (typeof OffscreenCanvas === 'undefined') return;
  const ctx = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
  ctx?.fillRect(0, 0, 1, 1);
  ctx?.getImageData(0, 0, 1, 1);
}

/**
 * MapLibre 6 draws the sky every frame whatever the style says (`data.sky` is always set; with no `sky`
 * in the style its colours are transparent). This flat map never shows a horizon, so the sky pass draws
 * nothing visible, yet its program is compiled in the first frame: a 0.5-1.3 s part of that task on
 * software WebGL. The painter's draw table is its own copy here, so other maps are untouched.
 */
function skipSky(map: MapLibreMap): void {
  const painter = map.painter;
  painter.drawFunctions = { ...painter.drawFunctions, sky: () => undefined };
}

/** Pixels around a click that still pick a parcel: at district zoom most parcels are smaller than a pixel. */
const PICK_TOLERANCE_PX = 4;

/** Whether the map is below the picking layer's zoom (where the parcel picture is shown, no parcel tile is loaded). */
const belowPicking = (map: MapLibreMap): boolean => map.getZoom() < (map.getLayer(LAYERS.parcelsFill)?.minzoom ?? 0);

/**
 * The parcel (fid) under the point, else one within PICK_TOLERANCE_PX of it (tiny parcels stay clickable);
 * null when none. From the parcel tiles where their picking layer is drawn, else from the parcel picture.
 */
export function pickParcel(map: MapLibreMap, x: number, y: number, callbacks: Pick<MapCallbacks, 'pickInPicture'>): Promise<number | null> {
  const inPicture = () => {
    const at = map.unproject([x, y]);
    return callbacks.pickInPicture(picturePoint(at.lng, at.lat, map.getZoom(), map.getPixelRatio() > 1 ? 2 : 1, PICK_TOLERANCE_PX));
  };
  if (belowPicking(map)) return inPicture();
  const t = PICK_TOLERANCE_PX;
  const hit = map.queryRenderedFeatures([x, y], { layers: [LAYERS.parcelsFill] })[0]
    ?? map.queryRenderedFeatures([[x - t, y - t], [x + t, y + t]], { layers: [LAYERS.parcelsFill] })[0];
  if (typeof hit?.id === 'number') return Promise.resolve(hit.id);
  // Just zoomed in past the picture: its parcel tiles are still coming (no lower-zoom ones to stand in).
  if (map.getLayoutProperty(LAYERS.parcelsPicture, 'visibility') === 'visible' && !map.isSourceLoaded('parcels')) return inPicture();
  return Promise.resolve(null);
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The data each map's GeoJSON sources were last given: the same object is not given again. */
const sourceData = new WeakMap<MapLibreMap, Map<string, unknown>>();

/**
 * Shows the small layers (outline, 镇街, parks, block lines, labels) in their GeoJSON sources, fitted to
 * `bounds` unless `keepCamera`. A source already holding that very object is left alone (MapLibre's worker
 * would parse and tile it again).
 */
function showSmallLayers(map: MapLibreMap, small: Pick<LoadedDataset, 'display' | 'townLabels' | 'bounds'>, keepCamera: boolean): void {
  if (!keepCamera) {
    // Move first, so the sources load the final view only.
    const [w, s, e, n] = small.bounds;
    const box: [[number, number], [number, number]] = [[w, s], [e, n]];
    map.fitBounds(box, { padding: overlayPadding(map, box, 24), animate: false });
  }
  map.getCanvas().style.visibility = '';
  const given = sourceData.get(map) ?? new Map<string, unknown>();
  sourceData.set(map, given);
  for (const id of SOURCES) {
    if (TILED_SOURCES.has(id)) continue;
    const data = (id === 'town-labels' ? small.townLabels : small.display[id as 'boundary' | 'towns' | 'parks' | 'blocklines']) ?? EMPTY;
    if (given.get(id) === data) continue;
    given.set(id, data);
    map.getSource<GeoJSONSource>(id)?.setData(data);
  }
}

/** Shows a load's district outline while its parcels are still coming (worker/protocol.ts DatasetOutline). */
export function showOutline(map: MapLibreMap, outline: DatasetOutline): void {
  showSmallLayers(map, outline, false);
}

/**
 * Shows a dataset: fits the district (unless `keepCamera`: its outline was fitted already, and the user
 * may have moved since), puts the small layers into their GeoJSON sources and points the tiled sources
 * (parcels, buildings) at this dataset's tiles in the analysis worker (map/data-source.ts), asked once more
 * if a tile of no dataset may have been kept (tiled-sources.ts). No parcel geometry passes through the
 * page. Buildings are drawn from zoom 15, so MapLibre asks for their tiles (and the worker indexes them)
 * only there.
 */
export function showDataset(map: MapLibreMap, dataset: LoadedDataset, keepCamera = false): void {
  showSmallLayers(map, dataset, keepCamera);
  // The dataset shows in one frame once all its tiles are in; what was on screen stays meanwhile (paint-hold.ts).
  for (const id of TILED_SOURCES) askTiles(map, id, dataset.tiles && (dataset.tiles.layers as string[]).includes(id) ? dataset.tiles.key : null, undefined, true);
}

/** Brings parcel `fid` into view: near enough to see its shape, never closer than zoom 17. */
export function flyToParcel(map: MapLibreMap, parcelBounds: Float64Array, fid: number): void {
  const o = fid * 4;
  if (o + 3 >= parcelBounds.length || !Number.isFinite(parcelBounds[o]!)) return;
  const box: [[number, number], [number, number]] = [[parcelBounds[o]!, parcelBounds[o + 1]!], [parcelBounds[o + 2]!, parcelBounds[o + 3]!]];
  // Clear of the parcel's card (a parcel is small: any room left will do).
  map.fitBounds(box, { padding: overlayPadding(map, box, 80, 0), maxZoom: 17, duration: 600 });
}
