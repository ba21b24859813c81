/**
 * Room kept clear, when the map fits a box, of what is drawn over it: the app's panels marked
 * `data-map-overlay` (the legend at the bottom left, a parcel's card at the right) and MapLibre's controls.
 * An overlay that could be cleared only by drawing the box below `minShare` of its size is left over it
 * (the district behind a legend on a narrow screen: better drawn large, partly hidden; the user can fold
 * the legend away).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

type Side = 'top' | 'bottom' | 'left' | 'right';

/** Pixels kept clear on each side (MapLibre's Padding, every side given). */
export type Padding = Record<Side, number>;

/**
 * The padding to fit a box `box` pixels wide and high (at any one zoom: only its shape counts) into
 * `map` (a rectangle on screen), `base` on every side and more beside the `overlays` that cover part of it.
 * Every way of clearing them is tried (a side each, or not cleared; a few overlays at most): the most
 * overlays cleared with the box still drawn at `minShare` of its size without any, then the largest.
 */
export function fitPadding(map: Rect, overlays: readonly Rect[], box: { width: number; height: number }, base: number, minShare = 0.5): Padding {
  const plain: Padding = { top: base, bottom: base, left: base, right: base };
  const scale = (p: Padding) =>
    Math.min((map.right - map.left - p.left - p.right) / Math.max(box.width, 1e-9), (map.bottom - map.top - p.top - p.bottom) / Math.max(box.height, 1e-9));
  const covering = overlays.filter((o) => o.right > map.left && o.left < map.right && o.bottom > map.top && o.top < map.bottom && o.right > o.left && o.bottom > o.top).slice(0, MAX_OVERLAYS);
  // Clearing a side for an overlay: the map's edge up to the overlay's far edge, and a margin (at most
  // OVERLAY_MARGIN: a parcel's 80 px all round would leave no room beside its card on a narrow map).
  const margin = Math.min(base, OVERLAY_MARGIN);
  const rooms = covering.map((o): Padding => ({ left: o.right - map.left + margin, right: map.right - o.left + margin, top: o.bottom - map.top + margin, bottom: map.bottom - o.top + margin }));
  const floor = scale(plain) * minShare;
  let best = plain;
  let bestCleared = 0;
  let bestScale = scale(plain);
  const choices = [null, 'left', 'right', 'top', 'bottom'] as const;
  for (let code = 0; code < choices.length ** rooms.length; code++) {
    const pad = { ...plain };
    let cleared = 0;
    for (let i = 0, c = code; i < rooms.length; i++, c = Math.floor(c / choices.length)) {
      const side = choices[c % choices.length]!;
      if (side === null) continue;
      pad[side] = Math.max(pad[side], rooms[i]![side]);
      cleared++;
    }
    const s = scale(pad);
    if (!(s > 0) || s < floor) continue;
    if (cleared > bestCleared || (cleared === bestCleared && s > bestScale)) [best, bestCleared, bestScale] = [pad, cleared, s];
  }
  return best;
}

/** Overlays past this many are not cleared (5^n ways are tried; the app's panels come first). */
const MAX_OVERLAYS = 6;

/** The most kept between an overlay and the box fitted beside it. */
const OVERLAY_MARGIN = 24;

/**
 * `r` as high as it may grow: a panel held to the bottom of the window (`windowHeight`) with a max-height
 * (the phone's card, a bottom sheet) grows upwards as its content comes, after the map has moved.
 */
export function grownExtent(r: Rect, maxHeight: number, windowHeight: number): Rect {
  const atBottom = r.bottom >= windowHeight - 1;
  return atBottom && Number.isFinite(maxHeight) ? { ...r, top: Math.min(r.top, r.bottom - maxHeight) } : r;
}

function extentOf(el: HTMLElement): Rect {
  const { left, top, right, bottom } = el.getBoundingClientRect();
  // NaN for none; viewport units come as px.
  return grownExtent({ left, top, right, bottom }, parseFloat(getComputedStyle(el).maxHeight), window.innerHeight);
}

const CONTROL_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'].map((c) => `.maplibregl-ctrl-${c}`).join(', ');

/** `fitPadding` for `bounds` ([[w, s], [e, n]] in lon/lat) on `map`, the overlays read from the page. */
export function overlayPadding(map: MapLibreMap, bounds: [[number, number], [number, number]], base: number, minShare?: number): Padding {
  const container = map.getContainer().getBoundingClientRect();
  // The app's panels, then MapLibre's own controls (zoom buttons, scale) in the map's corners.
  const elements = [...document.querySelectorAll<HTMLElement>('[data-map-overlay]'), ...map.getContainer().querySelectorAll<HTMLElement>(CONTROL_CORNERS)];
  const overlays = elements.map(extentOf);
  const a = map.project(bounds[0]);
  const b = map.project(bounds[1]);
  return fitPadding(container, overlays, { width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) }, base, minShare);
}
