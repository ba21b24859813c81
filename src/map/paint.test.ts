import { describe, expect, it } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { COLOUR_MODES, RECLAIM_CATEGORIES, ALL_LAYERS_ON } from './bands';
import { CHUNK, inChunks, ParcelPainter, parcelCentre, parcelState, showColourMode, showLayers, selectionPoints, showSelection, type Schedule } from './paint';
import { PARCEL_TARGET } from './parcel-target';
import { FAST_MODES, LAYERS, modeLayerId, PARCEL_OPACITY, SELECTION_SOURCE, TOGGLE_LAYERS } from './style';
import { fakeColumns, setRule } from './test-columns.test-helper';
import { RECLAIM_KINDS } from '../worker/protocol';

interface Call { fn: string; args: unknown[] }
/** A map that records the calls paint.ts makes. */
function fakeMap() {
  const calls: Call[] = [];
  const states = new Map<number, Record<string, unknown>>();
  const record = (fn: string) => (...args: unknown[]) => void calls.push({ fn, args });
  const map = {
    setFeatureState: (target: { id: number; source: string; sourceLayer?: string }, state: Record<string, unknown>) => {
      calls.push({ fn: 'setFeatureState', args: [target, state] });
      states.set(target.id, { ...states.get(target.id), ...state });
    },
    setPaintProperty: record('setPaintProperty'),
    setLayoutProperty: record('setLayoutProperty'),
    getLayer: () => ({}),
    getSource: (id: string) => ({ setData: (data: unknown) => calls.push({ fn: 'setData', args: [id, data] }) }),
    removeFeatureState: record('removeFeatureState'),
  };
  return { map: map as unknown as MapLibreMap, calls, states };
}

/** A frame scheduler run by hand: `frame()` runs what was scheduled. */
function manualFrames() {
  let queue: (() => void)[] = [];
  const schedule: Schedule = (fn) => {
    queue.push(fn);
    return () => (queue = queue.filter((f) => f !== fn));
  };
  const frame = () => {
    const q = queue;
    queue = [];
    q.forEach((f) => f());
    return q.length;
  };
  const drain = () => {
    let frames = 0;
    while (frame() > 0) frames++;
    return frames;
  };
  return { schedule, frame, drain };
}

describe('parcel feature-state', () => {
  it('carries every colouring key, with no data as null', () => {
    const c = fakeColumns(2);
    c.taxPerMu[0] = 12.5;
    c.classIndex[0] = 3;
    c.reclaimKind[0] = RECLAIM_KINDS.indexOf('idle');
    c.idleStage[0] = 1;
    setRule(c, 0, 'floor-area', 'met');
    expect(parcelState(c, 0)).toEqual({ taxPerMu: 12.5, valuePerMu: null, cls: 3, computed: false, rc: RECLAIM_CATEGORIES.find((x) => x.key === 'idle-1')!.code, pol: 2, lp: 1, fa: 0, dm: 1 });
  });

  it('writes the analysis in chunks, one per frame, through PARCEL_TARGET', () => {
    const chunk = 100;
    const n = chunk * 2 + 10;
    const { map, calls, states } = fakeMap();
    const frames = manualFrames();
    const painter = new ParcelPainter(map, n, frames.schedule, chunk);
    let done = false;
    painter.writeAnalysis(fakeColumns(n), () => (done = true));
    expect(calls).toHaveLength(chunk); // the first chunk at once
    expect(painter.busy).toBe(true);
    expect(frames.drain()).toBe(2);
    expect(done).toBe(true);
    expect(painter.busy).toBe(false);
    expect(states.size).toBe(n);
    const target = calls[0]!.args[0] as Record<string, unknown>;
    expect(target).toEqual({ ...PARCEL_TARGET, id: 0 });
  });

  it('a newer analysis replaces one still being written', () => {
    const n = 300;
    const { map, states } = fakeMap();
    const frames = manualFrames();
    const painter = new ParcelPainter(map, n, frames.schedule, 100);
    const first = fakeColumns(n);
    first.taxPerMu.fill(1);
    const second = fakeColumns(n);
    second.taxPerMu.fill(2);
    painter.writeAnalysis(first);
    painter.writeAnalysis(second);
    frames.drain();
    for (let fid = 0; fid < n; fid++) expect(states.get(fid)!['taxPerMu']).toBe(2);
  });

  it('veils only the parcels whose filter membership changed, diffing against what the map holds', () => {
    const n = 10;
    const { map, calls, states } = fakeMap();
    const frames = manualFrames();
    const painter = new ParcelPainter(map, n, frames.schedule);
    painter.writeFilter(null);
    expect(calls).toHaveLength(0); // nothing veiled, nothing to write
    const mask = new Uint8Array(n).fill(1);
    mask[2] = 0;
    mask[7] = 0;
    painter.writeFilter(mask);
    frames.drain();
    expect(calls.map((c) => (c.args[0] as { id: number }).id)).toEqual([2, 7]);
    expect(states.get(2)).toEqual({ out: true });
    calls.length = 0;
    const next = new Uint8Array(n).fill(1);
    next[7] = 0;
    next[8] = 0;
    painter.writeFilter(next);
    frames.drain();
    expect(calls.map((c) => [(c.args[0] as { id: number }).id, (c.args[1] as { out: boolean }).out])).toEqual([[2, false], [8, true]]);
    calls.length = 0;
    painter.writeFilter(null);
    frames.drain();
    expect(calls.map((c) => (c.args[0] as { id: number }).id)).toEqual([7, 8]);
    expect([...states.values()].every((s) => s['out'] === false)).toBe(true);
  });

  it('writes disposal codes only where they changed', () => {
    const { map, calls } = fakeMap();
    const frames = manualFrames();
    const painter = new ParcelPainter(map, 4, frames.schedule);
    painter.writeDisposal(Int8Array.from([0, 1, 0, 3]));
    frames.drain();
    expect(calls.map((c) => c.args[1])).toEqual([{ ds: 1 }, { ds: 3 }]);
    calls.length = 0;
    painter.writeDisposal(Int8Array.from([0, 2, 0, 3]));
    frames.drain();
    expect(calls.map((c) => [(c.args[0] as { id: number }).id, c.args[1]])).toEqual([[1, { ds: 2 }]]);
  });

  it('writes 100k parcels in one chunk (per-frame cost dominates)', () => {
    expect(CHUNK).toBeGreaterThanOrEqual(100_000);
  });

  it('runs chunks until done and stops when cancelled', () => {
    const frames = manualFrames();
    const seen: [number, number][] = [];
    const stop = inChunks(25, (a, b) => void seen.push([a, b]), undefined, frames.schedule, 10);
    frames.frame();
    stop();
    frames.drain();
    expect(seen).toEqual([[0, 10], [10, 20]]);
  });
});

describe('switching without reloading', () => {
  it('changes the colouring without any expression: main colourings by constant opacity, the others by visibility', () => {
    for (const mode of COLOUR_MODES) {
      const { map, calls } = fakeMap();
      showColourMode(map, mode);
      expect(calls.every((c) => typeof c.args[2] === 'number' || c.args[1] === 'visibility')).toBe(true);
      for (const m of COLOUR_MODES) {
        const call = calls.find((c) => c.args[0] === modeLayerId(m))!;
        if (FAST_MODES.includes(m)) expect(call.args).toEqual([modeLayerId(m), 'fill-opacity', m === mode ? PARCEL_OPACITY : 0]);
        else expect(call.args).toEqual([modeLayerId(m), 'visibility', m === mode ? 'visible' : 'none']);
      }
      const computed = calls.find((c) => c.args[0] === LAYERS.parcelsComputed)!;
      expect(computed.args).toEqual([LAYERS.parcelsComputed, 'line-layer-opacity', mode === 'class' ? 1 : 0]);
    }
  });

  it('switches buildings by constant opacity and the small layers by visibility', () => {
    const { map, calls } = fakeMap();
    showLayers(map, { ...ALL_LAYERS_ON, buildings: false, 'blocklines-2': false });
    const building = calls.find((c) => c.args[0] === 'buildings-fill')!;
    expect(building.fn).toBe('setPaintProperty');
    expect(building.args).toEqual(['buildings-fill', 'fill-opacity', 0]);
    for (const id of TOGGLE_LAYERS['blocklines-2']) expect(calls.find((c) => c.args[0] === id)!.args).toEqual([id, 'visibility', 'none']);
    for (const id of TOGGLE_LAYERS.parks) expect(calls.find((c) => c.args[0] === id)!.args).toEqual([id, 'visibility', 'visible']);
  });

  it('moves the selection outline and puts the marker at the parcel box centre', () => {
    const { map, calls } = fakeMap();
    const bounds = Float64Array.from([0, 0, 1, 1, 120.5, 27.9, 120.7, 28.1]);
    showSelection(map, 0, 1, bounds);
    expect(calls.filter((c) => c.fn === 'setFeatureState').map((c) => c.args)).toEqual([[{ ...PARCEL_TARGET, id: 0 }, { selected: false }], [{ ...PARCEL_TARGET, id: 1 }, { selected: true }]]);
    const data = calls.find((c) => c.fn === 'setData')!.args;
    expect(data[0]).toBe(SELECTION_SOURCE);
    const [lon, lat] = (data[1] as { features: { geometry: { coordinates: number[] } }[] }).features[0]!.geometry.coordinates;
    expect(lon).toBeCloseTo(120.6, 9);
    expect(lat).toBeCloseTo(28, 9);
    expect(parcelCentre(Float64Array.from([NaN, NaN, NaN, NaN]), 0)).toBeNull();
    expect(parcelCentre(bounds, 5)).toBeNull();
    calls.length = 0;
    showSelection(map, 1, null, bounds);
    expect((calls.find((c) => c.fn === 'setData')!.args[1] as { features: unknown[] }).features).toEqual([]);
  });

  it("rings the enterprise's other parcels beside the selected one, and none without a selection", () => {
    const bounds = Float64Array.from([0, 0, 2, 2, 10, 10, 12, 12, NaN, NaN, NaN, NaN]);
    const points = selectionPoints(bounds, 0, [1, 2]);
    expect(points.features.map((f) => [f.properties!['kind'], f.geometry.coordinates])).toEqual([['selected', [1, 1]], ['sibling', [11, 11]]]);
    expect(selectionPoints(bounds, null, [1]).features).toEqual([]);
  });
});
