/**
 * Hands the MapLibre map to the drawing module without importing it (or terra-draw) up front: MapView
 * registers the map here; the lazily loaded draw controller picks it up. While a drawing or editing
 * mode is on, map clicks belong to the drawing, not to parcel selection.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

let current: MapLibreMap | null = null;
const waiting = new Set<(m: MapLibreMap) => void>();
let capturing = false;

export function setDrawMap(map: MapLibreMap | null): void {
  current = map;
  if (map) for (const w of waiting) w(map);
  if (map) waiting.clear();
}

/** Resolves with the map once MapView has created it and it has loaded. */
export function drawMap(): Promise<MapLibreMap> {
  return current ? Promise.resolve(current) : new Promise((resolve) => waiting.add(resolve));
}

export const drawCapturesClicks = (): boolean => capturing;
export function setDrawCapturesClicks(on: boolean): void {
  capturing = on;
}
