/**
 * The map container: creates the MapLibre map once and mirrors the store into it — dataset (sources),
 * analysis (the parcel tiles asked for again: the worker bakes its codes into them, paint.ts), filter
 * veil (raster tiles the worker draws from the mask), colouring and layers (constant paint) and selection
 * (feature-state and a marker).
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../state/store';
import { useT } from '../state/selectors';
import { drawCapturesClicks, setDrawMap } from './draw/map-ref';
import { createMap, flyToParcel, pickParcel, showDataset, showOutline, type MapLibreMap } from './createMap';
import type { PicturePoint } from './picture-pick';
import { veilTilesInView } from './veil-ahead';
import { registerTileProtocol } from './data-source';
import { otherParcelsOf } from '../state/enterprise-parcels';
import type { DatasetOutline, PictureColoursRequest, VeilMaskRequest } from '../worker/protocol';
import { clearParcelState, ParcelPainter, showColourMode, showLayers, showSelection } from './paint';
import { askTiles } from './tiled-sources';
import { endGpuPace, gpuPaceRecord } from './gpu-pace';
import { ParcelPicture, showPicture } from './picture';
import { PICTURE_MIN_PARCELS, PICTURE_SOURCE } from './style';
import { PicturePalette } from './picture-colours';
import { applyMapLocale, mapLocale } from './locale';
import { translator } from '../i18n';

declare global {
  interface Window {
    /** The MapLibre map, exposed for browser tests when the URL has `?e2e=1`. */
    __map?: MapLibreMap;
    /** Browser tests (`?e2e=1`): the parcel picture on or off whatever the dataset's size (null: by size). */
    __setPicture?: (on: boolean | null) => void;
    /** Browser tests (`?e2e=1`): the parcel a click at (x, y) of the map's canvas picks (createMap.ts pickParcel). */
    __pickParcel?: (x: number, y: number) => Promise<number | null>;
    /** Browser tests (`?e2e=1`): what the start-up's pacing did (gpu-pace.ts), once it has ended. */
    __gpuPace?: () => ReturnType<typeof gpuPaceRecord>;
  }
}

/** The parcel the worker's picture of the dataset shown draws at a point (null: none, or no dataset, or another dataset by the answer). */
async function pickInPicture(at: PicturePoint): Promise<number | null> {
  const { client, dataset } = useAppStore.getState();
  const key = dataset?.tiles?.key;
  if (!client || !key) return null;
  // Never a rejection: a click or the hover (one question at a time) waits on it.
  const r = await client.request('picture-pick', { key, ...at }).catch(() => null);
  return r?.ok && useAppStore.getState().dataset?.tiles?.key === key ? r.value : null;
}

/** Performance mark set when the map first goes idle with the dataset drawn. */
export const FIRST_IDLE_MARK = 'tenglong:first-idle';

export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const shownSelection = useRef<number | null>(null);
  /** The parcel picture's palette, one per map (picture.ts). */
  const [palette] = useState(() => new PicturePalette());
  const dataset = useAppStore((s) => s.dataset);
  const outline = useAppStore((s) => s.outline);
  /** The outline on the map while no dataset is (its dataset, when it comes, keeps the camera fitted to it). */
  const shownOutline = useRef<DatasetOutline | null>(null);
  const selectedFid = useAppStore((s) => s.selectedFid);
  const analysis = useAppStore((s) => s.analysis);
  const analysisFailed = useAppStore((s) => s.analysisStatus === 'error');
  const colourMode = useAppStore((s) => s.colourMode);
  const mapLayers = useAppStore((s) => s.mapLayers);
  const mapFilter = useAppStore((s) => s.mapFilter);
  const [painter, setPainter] = useState<ParcelPainter | null>(null);
  const [picture, setPicture] = useState<ParcelPicture | null>(null);
  const [pictureForced, setPictureForced] = useState<boolean | null>(null);
  const focus = useAppStore((s) => s.focus);
  const t = useT();

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    // A map is coming: a dataset load waits (a few seconds at most) for its first tiles before analysing.
    useAppStore.getState().setMapAttached(true);
    let m: MapLibreMap | null = null;
    // Created in the first frame's animation callbacks, not in the task that rendered the page (App.tsx
    // mountApp): the two together made one long task. Before that frame is drawn, so the map's WebGL context
    // is not kept waiting while the GPU process draws it.
    const frame = requestAnimationFrame(() => (m = attachMap(el)));
    return () => {
      cancelAnimationFrame(frame);
      useAppStore.getState().setMapAttached(false);
      if (!m) return;
      setMap(null);
      setDrawMap(null);
      m.remove();
    };
  }, []);

  /** Creates the map in `el` and wires it to the store. */
  function attachMap(el: HTMLElement): MapLibreMap {
    // Parcel and building tiles come from the worker that holds the loaded dataset.
    registerTileProtocol(() => useAppStore.getState().client);
    const callbacks = { capturesClicks: drawCapturesClicks, onParcelClick: (fid: number | null) => useAppStore.getState().selectParcel(fid), pickInPicture };
    const m = createMap(el, callbacks, mapLocale(translator(useAppStore.getState().lang)));
    if (new URLSearchParams(window.location.search).has('e2e')) {
      window.__map = m;
      window.__setPicture = setPictureForced;
      window.__pickParcel = (x, y) => pickParcel(m, x, y, callbacks);
      window.__gpuPace = () => gpuPaceRecord(m);
    }
    m.once('load', () => {
      performance.mark('tenglong:map-load');
      setDrawMap(m); // zones: the drawing module (loaded on demand) finds the map here
      setMap(m);
    });
    // The visible area, for reading a remote FlatGeobuf by the view's box.
    m.on('moveend', () => {
      const b = m.getBounds();
      useAppStore.getState().setViewBounds([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], m.getZoom());
    });
    return m;
  }

  // MapLibre's own words follow a language switch (they were given at creation: mapLocale).
  useEffect(() => {
    if (map) applyMapLocale(map, t);
  }, [map, t]);

  useEffect(() => {
    if (!map || !outline || dataset) return;
    showOutline(map, outline);
    shownOutline.current = outline;
  }, [map, outline, dataset]);

  useEffect(() => {
    if (!map || !dataset) return;
    const { setMapDrawing } = useAppStore.getState();
    // The status bar says the map is drawing from the moment tiles are asked for until the map is idle.
    // (Below zoom 13 a large dataset's parcels are the picture's tiles: no parcel tile is asked for there.)
    const drawing = (e: { sourceId?: string }) => void ((e.sourceId === 'parcels' || e.sourceId === 'buildings' || e.sourceId === PICTURE_SOURCE) && setMapDrawing(true));
    const idle = () => setMapDrawing(false);
    // The parcels' tiles are all in (parsed by MapLibre's worker): the analysis may start, before the draw.
    const loaded = (e: { sourceId?: string; tile?: unknown }) => {
      if ((e.sourceId === 'parcels' || e.sourceId === 'buildings') && e.tile && map.isSourceLoaded('parcels') && map.isSourceLoaded('buildings')) setMapDrawing(false);
    };
    map.on('sourcedataloading', drawing);
    map.on('sourcedata', loaded);
    map.on('idle', idle);
    setMapDrawing(true);
    // Browsing a remote file by view (state/streamSlice.ts): each new set keeps the user's camera.
    const camera = useAppStore.getState().streamState === 'off' ? null : { center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() };
    // Fitted to the district already when its outline came first (the user may have moved since).
    const outlined = dataset.displayOfOutline === true && shownOutline.current?.display === dataset.display;
    shownOutline.current = null;
    showDataset(map, dataset, outlined);
    if (camera) map.jumpTo(camera);
    performance.mark('tenglong:data-shown');
    // The start-up's pacing ends here: the dataset's frames link little, and paced they came ~0.15 s later (gpu-pace.ts).
    endGpuPace(map, 'dataset');
    map.once('idle', () => {
      if (performance.getEntriesByName(FIRST_IDLE_MARK).length === 0) performance.mark(FIRST_IDLE_MARK);
    });
    return () => {
      map.off('sourcedataloading', drawing);
      map.off('sourcedata', loaded);
      map.off('idle', idle);
    };
  }, [map, dataset]);

  // The filter veil (paint.ts): one painter per dataset on the map; its fids mean these parcels.
  useEffect(() => {
    if (!map || !dataset) return;
    clearParcelState(map);
    shownSelection.current = null;
    // The veil's mask goes to the worker that serves this dataset's tiles (the one the protocol asks).
    const sendMask = (req: VeilMaskRequest) => useAppStore.getState().client?.request('veil-mask', req);
    const p = new ParcelPainter(map, dataset.parcels.length, dataset.tiles?.key ?? null, sendMask);
    setPainter(p);
    // The parcel picture (district zoom, large datasets) is drawn by the same worker. Switched here, in the
    // commit that shows the dataset: before MapLibre parses its first tile with the colour layers' zooms.
    const sendColours = (req: PictureColoursRequest) => void useAppStore.getState().client?.request('picture-colours', req);
    const pic = new ParcelPicture(map, dataset.parcels.length, dataset.tiles?.key ?? null, sendColours, palette);
    showPicture(map, dataset.parcels.length >= PICTURE_MIN_PARCELS);
    setPicture(pic);
    // Each view the map settles on: the worker makes its veil tiles' id rasters while idle (veil-ahead.ts).
    let aheadSent = '';
    const sendAhead = () => {
      const key = dataset.tiles?.key;
      const b = map.getBounds();
      const tiles = veilTilesInView([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], map.getZoom());
      const ratio = map.getPixelRatio() > 1 ? 2 : 1; // as MapLibre fills the URL's {ratio} (@2x above 1)
      const sent = `${key}:${ratio}:${tiles.join(';')}`;
      if (!key || sent === aheadSent) return;
      aheadSent = sent;
      void useAppStore.getState().client?.request('veil-ahead', { key, tiles, ratio });
    };
    map.on('idle', sendAhead);
    return () => {
      map.off('idle', sendAhead);
      p.stop();
      setPainter(null);
      pic.stop();
      setPicture(null);
    };
  }, [map, dataset, palette]);

  // The parcel picture: the analysis' codes (all grey before it) drawn as keys by the worker...
  const [pictureOn, setPictureOn] = useState(false);
  useEffect(() => {
    if (!picture || !dataset) return;
    const on = pictureForced ?? dataset.parcels.length >= PICTURE_MIN_PARCELS;
    showPicture(picture.map, on);
    setPictureOn(on);
    if (!on) return;
    // The worker has every parcel's code (its tiles'): the palette needs only the distinct ones (all 0, grey,
    // before an analysis). Packing 100k parcels' codes here took a 0.4-0.8 s task near the end of start-up.
    // The picture of the dataset shown (in the commit that switches datasets this effect still holds the old one).
    if (picture.tilesKey !== (dataset.tiles?.key ?? null)) return;
    const current = analysis && analysis.columns.taxPerMu.length === picture.count ? analysis.colourCodes ?? null : null;
    // A dataset the worker analyses ahead gets no picture tile before that analysis is done (the worker holds
    // the requests): a grey picture asked for meanwhile was drawn only to be drawn again in colour at once, a
    // second pass over every parcel (~0.3 s of the worker's CPU at 100k). It waits for the analysis, unless that failed.
    if (analysis === null && dataset.analysedAhead && !analysisFailed) return;
    performance.mark('tenglong:paint-picture-start');
    picture.show(current, useAppStore.getState().colourMode, () => performance.mark('tenglong:paint-picture-done'));
  }, [picture, dataset, analysis, pictureForced, analysisFailed]);

  // ...and shown in the colouring chosen: a new colour ramp on the GPU, no tile drawn again (picture.ts).
  useEffect(() => {
    if (!picture || !pictureOn) return;
    picture.setMode(colourMode);
  }, [picture, pictureOn, colourMode]);

  useEffect(() => {
    // Columns of another dataset (a load still analysing) are never drawn on this one. The worker
    // already holds this run's codes (or a newer run's): it set them before answering.
    if (!painter || !analysis || !dataset?.tiles || analysis.columns.taxPerMu.length !== painter.count) return;
    performance.mark('tenglong:paint-analysis-start');
    // Every tile the map has came with this analysis' codes (the worker's run ahead of the page's ask).
    if (analysis.tilesCurrent) return void performance.mark('tenglong:paint-analysis-done');
    // The parcel tiles again under a new URL: the worker encodes them with this analysis' codes.
    return askTiles(painter.map, 'parcels', dataset.tiles.key, () => performance.mark('tenglong:paint-analysis-done'));
  }, [painter, dataset, analysis]);

  // The filter's result: the panels show it once the veil is on the map (state/filterSlice.ts).
  useEffect(() => {
    if (!painter) return;
    useAppStore.setState({ mapFilterGate: true });
    return () => useAppStore.setState({ mapFilterGate: false });
  }, [painter]);

  useEffect(() => {
    if (!painter) return;
    performance.mark('tenglong:paint-filter-start');
    const { mask, seq } = mapFilter;
    painter.writeFilter(mask?.length === painter.count ? mask : null, () => {
      performance.mark('tenglong:paint-filter-done');
      useAppStore.getState().filterOnMap(seq);
    });
  }, [painter, mapFilter]);

  useEffect(() => {
    if (map) showColourMode(map, colourMode);
  }, [map, colourMode]);

  useEffect(() => {
    if (map) showLayers(map, mapLayers);
  }, [map, mapLayers]);

  useEffect(() => {
    if (!map || !dataset || !painter) return;
    const siblings = selectedFid === null ? [] : otherParcelsOf(dataset.parcels, selectedFid);
    showSelection(map, shownSelection.current, selectedFid, dataset.parcelBounds, siblings);
    shownSelection.current = selectedFid;
  }, [map, dataset, painter, selectedFid]);

  // A link's view (state/url-sync.ts): applied once the outline or the dataset is shown, after its fit-to-district
  // (the dataset of an outline shown keeps the camera, so the view holds).
  const initialView = useAppStore((s) => s.initialView);
  useEffect(() => {
    if (!map || !(dataset || outline) || !initialView) return;
    map.jumpTo({ center: [initialView.lon, initialView.lat], zoom: initialView.zoom });
    useAppStore.getState().setInitialView(null);
  }, [map, dataset, outline, initialView]);

  useEffect(() => {
    if (!map || !dataset || !focus) return;
    flyToParcel(map, dataset.parcelBounds, focus.fid);
  }, [map, dataset, focus]);

  return <div ref={container} className="map" data-testid="map" role="region" aria-label={t('mapLabel')} />;
}
