/**
 * The map container: creates the MapLibre map once and mirrors the store into it — dataset (sources),
 * analysis (feature-state), colouring mode (paint) and selection (feature-state).
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../state/store';
import { useT } from '../state/selectors';
import { createMap, flyToParcel, setColourMode, setSelectedParcel, showAnalysis, showDataset, type MapLibreMap } from './createMap';
import { registerTileProtocol } from './data-source';

declare global {
  interface Window {
    /** The MapLibre map, exposed for browser tests when the URL has `?e2e=1`. */
    __map?: MapLibreMap;
  }
}

/** Performance mark set when the map first goes idle with the dataset drawn. */
export const FIRST_IDLE_MARK = 'tenglong:first-idle';

export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const shownSelection = useRef<number | null>(null);
  const dataset = useAppStore((s) => s.dataset);
  const selectedFid = useAppStore((s) => s.selectedFid);
  const analysis = useAppStore((s) => s.analysis);
  const colourMode = useAppStore((s) => s.colourMode);
  const focus = useAppStore((s) => s.focus);
  const t = useT();

  useEffect(() => {
    if (!container.current) return;
    // Parcel and building tiles come from the worker that holds the loaded dataset.
    registerTileProtocol(() => useAppStore.getState().client);
    const m = createMap(container.current, { onParcelClick: (fid) => useAppStore.getState().selectParcel(fid) });
    if (new URLSearchParams(window.location.search).has('e2e')) window.__map = m;
    m.once('load', () => {
      performance.mark('tenglong:map-load');
      setMap(m);
    });
    // The visible area, for reading a remote FlatGeobuf by the view's box.
    m.on('moveend', () => {
      const b = m.getBounds();
      useAppStore.getState().setViewBounds([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
    });
    return () => {
      setMap(null);
      m.remove();
    };
  }, []);

  useEffect(() => {
    if (!map || !dataset) return;
    shownSelection.current = null;
    showDataset(map, dataset);
    performance.mark('tenglong:data-shown');
    map.once('idle', () => {
      if (performance.getEntriesByName(FIRST_IDLE_MARK).length === 0) performance.mark(FIRST_IDLE_MARK);
    });
  }, [map, dataset]);

  useEffect(() => {
    // Columns of another dataset (a load still analysing) are never drawn on this one.
    if (!map || !dataset || !analysis || analysis.columns.taxPerMu.length !== dataset.parcels.length) return;
    showAnalysis(map, analysis.columns);
  }, [map, dataset, analysis]);

  useEffect(() => {
    if (map) setColourMode(map, colourMode);
  }, [map, colourMode]);

  useEffect(() => {
    if (!map || !dataset) return;
    setSelectedParcel(map, shownSelection.current, selectedFid);
    shownSelection.current = selectedFid;
  }, [map, dataset, selectedFid]);

  useEffect(() => {
    if (!map || !dataset || !focus) return;
    flyToParcel(map, dataset.parcelBounds, focus.fid);
  }, [map, dataset, focus]);

  return <div ref={container} className="map" data-testid="map" role="region" aria-label={t('mapLabel')} />;
}
