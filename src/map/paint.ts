/**
 * Painting the parcels from the engine's columns. Every parcel gets its figures and category codes as
 * feature-state once per analysis (`parcelState`); each colouring is its own fill layer with a FIXED
 * expression over that state (style.ts); a filter change writes `out` only for the parcels whose
 * membership changed; the disposal code `ds` follows the ledger, written only where it changed.
 *
 * Measured at 100k parcels (headless Chromium, SwiftShader, 2 busy cores): MapLibre re-evaluates EVERY
 * feature-state-dependent layer of a bucket for each changed feature, and re-uploads those layers' paint
 * buffers in the frame that applies the change. With all nine colour layers built and switched by a
 * constant opacity (a repaint, no reload), writing the analysis took 83 s in 4k chunks (13 s in one task)
 * and a 50 % filter 6 s; with only the shown layer built (visibility), 6.6 s and 2 s, but then every
 * colouring change reloads the parcel tiles and re-applies all feature-state (7–11 s to idle). So: the
 * three main colourings (style.ts FAST_MODES: 亩均税收, class, 可腾出) are always built and switched by
 * opacity; the others are built only while shown. Chunks are large (CHUNK) because each frame that
 * applies feature-state pays the buffer upload again: at 100k the analysis is written in one task.
 * Always `{ ...PARCEL_TARGET, id: fid }`: the data path decides where parcel state lives.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { ParcelColumns } from '../worker/protocol';
import { COLOUR_MODES, type ColourMode, type MapLayerToggle, type MapLayerVisibility } from './bands';
import { policyCode, reclaimCode, ruleStatusOf } from './parcel-codes';
import { PARCEL_TARGET } from './parcel-target';
import { BUILDINGS_OPACITY, isFastMode, LAYERS, modeLayerId, PARCEL_OPACITY, SELECTION_SOURCE, TOGGLE_LAYERS } from './style';

/**
 * Parcels per chunk of feature-state writes (one chunk per frame). Each frame that applies feature-state
 * pays a cost that barely depends on the chunk (measured at 100k: 100k in one task, next frame 1.1 s;
 * in 20k chunks, 6.2 s over five frames of up to 1.9 s), so a write is one chunk up to this size.
 */
export const CHUNK = 200_000;

export type ParcelState = Record<string, number | boolean | null>;

const num = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Everything the colour layers read for parcel `fid` (keys as in style.ts). */
export function parcelState(c: ParcelColumns, fid: number): ParcelState {
  return {
    taxPerMu: num(c.taxPerMu[fid]!),
    valuePerMu: num(c.valuePerMu[fid]!),
    cls: c.classIndex[fid]!,
    computed: c.classComputed[fid] === 1,
    rc: reclaimCode(c, fid),
    pol: policyCode(c, fid),
    lp: ruleStatusOf(c, fid, 'land-price'),
    fa: ruleStatusOf(c, fid, 'floor-area'),
    dm: ruleStatusOf(c, fid, 'dormitory'),
  };
}

/** Schedules `fn` for the next frame; returns a function that cancels it. */
export type Schedule = (fn: () => void) => () => void;
export const nextFrame: Schedule = (fn) => {
  const id = requestAnimationFrame(fn);
  return () => cancelAnimationFrame(id);
};

/**
 * Runs `step(from, to)` over [0, n) in chunks of `chunk`, the first at once and then one per frame; calls
 * `done` after the last. Returns a function that stops it (the steps already run stay done).
 */
export function inChunks(n: number, step: (from: number, to: number) => void, done?: () => void, schedule: Schedule = nextFrame, chunk = CHUNK): () => void {
  let cancelled = false;
  let cancelNext: (() => void) | null = null;
  const run = (from: number) => {
    cancelNext = null;
    if (cancelled) return;
    const to = Math.min(n, from + chunk);
    step(from, to);
    if (to < n) cancelNext = schedule(() => run(to));
    else done?.();
  };
  run(0);
  return () => {
    cancelled = true;
    cancelNext?.();
  };
}

/**
 * The parcel feature-state of one dataset on one map: the analysis figures, the filter veil and the
 * disposal codes, each written in chunks; a newer write of the same kind replaces one in progress.
 * `shownOut` / `shownDisposal` are what the map holds, so a diff is always against the map.
 */
export class ParcelPainter {
  private readonly shownOut: Uint8Array;
  private readonly shownDisposal: Int8Array;
  private readonly cancels: Record<'analysis' | 'filter' | 'disposal', (() => void) | null> = { analysis: null, filter: null, disposal: null };

  constructor(private readonly map: MapLibreMap, readonly count: number, private readonly schedule: Schedule = nextFrame, private readonly chunk = CHUNK) {
    this.shownOut = new Uint8Array(count);
    this.shownDisposal = new Int8Array(count);
  }

  private set(fid: number, state: ParcelState): void {
    this.map.setFeatureState({ ...PARCEL_TARGET, id: fid }, state);
  }

  private start(kind: 'analysis' | 'filter' | 'disposal', n: number, step: (from: number, to: number) => void, done?: () => void): void {
    this.cancels[kind]?.();
    this.cancels[kind] = inChunks(n, step, () => {
      this.cancels[kind] = null;
      done?.();
    }, this.schedule, this.chunk);
  }

  /** Writes the analysis figures and codes of every parcel. */
  writeAnalysis(columns: ParcelColumns, done?: () => void): void {
    const n = Math.min(this.count, columns.taxPerMu.length);
    this.start('analysis', n, (from, to) => {
      for (let fid = from; fid < to; fid++) this.set(fid, parcelState(columns, fid));
    }, done);
  }

  /** Veils the parcels outside `mask` (1 = in; null = no filter: none veiled), writing only the changes. */
  writeFilter(mask: Uint8Array | null, done?: () => void): void {
    const changed = diffFids(this.count, (fid) => this.shownOut[fid]!, (fid) => (mask !== null && mask[fid] === 0 ? 1 : 0));
    this.start('filter', changed.length, (from, to) => {
      for (let i = from; i < to; i++) {
        const fid = changed[i]!;
        const out = this.shownOut[fid] === 0;
        this.shownOut[fid] = out ? 1 : 0;
        this.set(fid, { out });
      }
    }, done);
  }

  /** Shows each parcel's disposal code (parcel-codes.ts disposalCodes), writing only the changes. */
  writeDisposal(codes: Int8Array, done?: () => void): void {
    const changed = diffFids(this.count, (fid) => this.shownDisposal[fid]!, (fid) => codes[fid] ?? 0);
    this.start('disposal', changed.length, (from, to) => {
      for (let i = from; i < to; i++) {
        const fid = changed[i]!;
        const ds = codes[fid] ?? 0;
        this.shownDisposal[fid] = ds;
        this.set(fid, { ds });
      }
    }, done);
  }

  /** Whether a chunked write is still in progress. */
  get busy(): boolean {
    return Object.values(this.cancels).some((c) => c !== null);
  }

  /** Stops every write in progress. */
  stop(): void {
    for (const kind of ['analysis', 'filter', 'disposal'] as const) {
      this.cancels[kind]?.();
      this.cancels[kind] = null;
    }
  }
}

/** The fids whose value differs between `shown` and `wanted`, ascending. */
export function diffFids(n: number, shown: (fid: number) => number, wanted: (fid: number) => number): Int32Array {
  const out = new Int32Array(n);
  let k = 0;
  for (let fid = 0; fid < n; fid++) if (shown(fid) !== wanted(fid)) out[k++] = fid;
  return out.subarray(0, k);
}

/**
 * Shows colouring `mode` without changing any expression: the FAST_MODES layers by a constant opacity
 * (a repaint), the others by visibility (only the shown one is built; see the header).
 */
export function showColourMode(map: MapLibreMap, mode: ColourMode): void {
  for (const m of COLOUR_MODES) {
    const id = modeLayerId(m);
    if (isFastMode(m)) map.setPaintProperty(id, 'fill-opacity', m === mode ? PARCEL_OPACITY : 0);
    else map.setLayoutProperty(id, 'visibility', m === mode ? 'visible' : 'none');
  }
  map.setPaintProperty(LAYERS.parcelsComputed, 'line-layer-opacity', mode === 'class' ? 1 : 0);
}

/**
 * Switches the reference layers. Small sources (block lines, parks, 镇街) by visibility — a reload of a
 * few hundred features; buildings (hundreds of thousands) by constant opacity, which never re-tiles.
 */
export function showLayers(map: MapLibreMap, visible: MapLayerVisibility): void {
  for (const [toggle, ids] of Object.entries(TOGGLE_LAYERS) as [MapLayerToggle, readonly string[]][]) {
    const on = visible[toggle];
    for (const id of ids) {
      if (!map.getLayer(id)) continue;
      if (toggle === 'buildings') map.setPaintProperty(id, 'fill-opacity', on ? BUILDINGS_OPACITY : 0);
      else map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    }
  }
}

/** The centre of parcel `fid`'s box, or null when it has none. */
export function parcelCentre(parcelBounds: Float64Array, fid: number): [number, number] | null {
  const o = fid * 4;
  if (fid < 0 || o + 3 >= parcelBounds.length) return null;
  const [w, s, e, n] = [parcelBounds[o]!, parcelBounds[o + 1]!, parcelBounds[o + 2]!, parcelBounds[o + 3]!];
  if (![w, s, e, n].every(Number.isFinite)) return null;
  return [(w + e) / 2, (s + n) / 2];
}

/** The selection's marker points: the parcel itself, then its enterprise's other parcels (`kind: 'sibling'`). */
export function selectionPoints(parcelBounds: Float64Array, selected: number | null, siblings: readonly number[]): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  const add = (fid: number, kind: 'selected' | 'sibling') => {
    const centre = parcelCentre(parcelBounds, fid);
    if (centre) features.push({ type: 'Feature', id: fid, properties: { fid, kind }, geometry: { type: 'Point', coordinates: centre } });
  };
  if (selected !== null) {
    add(selected, 'selected');
    for (const fid of siblings) add(fid, 'sibling');
  }
  return { type: 'FeatureCollection', features };
}

/**
 * Moves the selection: feature-state `selected` (the outline), the marker at the parcel's centre and a
 * smaller ring on each other parcel of the same enterprise (the card lists them). Points in a tiny
 * GeoJSON source: no per-parcel state, no tile reload.
 */
export function showSelection(map: MapLibreMap, previous: number | null, next: number | null, parcelBounds: Float64Array, siblings: readonly number[] = []): void {
  if (previous !== null) map.setFeatureState({ ...PARCEL_TARGET, id: previous }, { selected: false });
  if (next !== null) map.setFeatureState({ ...PARCEL_TARGET, id: next }, { selected: true });
  map.getSource<GeoJSONSource>(SELECTION_SOURCE)?.setData(selectionPoints(parcelBounds, next, siblings));
}

/** Forgets every parcel's feature-state (a new dataset: its fids mean other parcels). */
export function clearParcelState(map: MapLibreMap): void {
  map.removeFeatureState({ ...PARCEL_TARGET });
}
