import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { endPaintHolds, HOLD_MS, holdPaint, holdPaintWhenAsked, lastFrameHeld } from './paint-hold';
import { askTiles } from './tiled-sources';
import { endWarmUpWhenDrawn, withWarmUp } from './warm-up';
import { buildStyle } from './style';

/**
 * A map with a painter that counts its frames, wrapped by holdPaintWhenAsked as createMap does; `frame()` runs
 * one as MapLibre's does (the painter, then the 'render' event). `state` sets what the map reports: camera moving, everything loaded, each source loaded.
 */
function fakeMap() {
  const painted: number[] = [];
  const state = { moving: false, loaded: false, sourceLoaded: true, repaints: 0 };
  const handlers: Record<string, Set<(e: unknown) => void>> = {};
  const sources = new Set<string>(['parcels', 'buildings']);
  const layers = new Set<string>();
  const painter = { render: () => void painted.push(painted.length) };
  const map = {
    painter,
    isMoving: () => state.moving,
    loaded: () => state.loaded,
    isSourceLoaded: () => state.sourceLoaded,
    triggerRepaint: () => void state.repaints++,
    getSource: (id: string) => (sources.has(id) ? { setTiles: () => undefined } : undefined),
    getLayer: (id: string) => (layers.has(id) ? {} : undefined),
    removeLayer: (id: string) => void layers.delete(id),
    removeSource: (id: string) => void sources.delete(id),
    on: (type: string, fn: (e: unknown) => void) => void (handlers[type] ??= new Set()).add(fn),
    off: (type: string, fn: (e: unknown) => void) => void handlers[type]?.delete(fn),
  };
  const fire = (type: string, e: unknown = {}) => [...(handlers[type] ?? [])].forEach((fn) => fn(e));
  const frame = () => {
    map.painter.render();
    fire('render');
  };
  holdPaintWhenAsked(map as unknown as MapLibreMap);
  return { map: map as unknown as MapLibreMap, painted, state, fire, frame, sources, layers };
}

describe('holding the paint while asked tiles come in', () => {
  let now = 0;
  beforeEach(() => {
    now = 1000;
    vi.useFakeTimers();
    vi.spyOn(performance, 'now').mockImplementation(() => now);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('paints every frame when nothing is held', () => {
    const m = fakeMap();
    m.frame();
    m.frame();
    expect(m.painted).toHaveLength(2);
    expect(lastFrameHeld(m.map)).toBe(false);
  });

  it('paints nothing while a hold is open, then asks for a frame and paints once it is released', () => {
    const m = fakeMap();
    const release = holdPaint(m.map);
    m.frame();
    m.frame();
    expect(m.painted).toHaveLength(0);
    expect(lastFrameHeld(m.map)).toBe(true);
    release();
    expect(m.state.repaints).toBe(1);
    m.frame();
    expect(m.painted).toHaveLength(1);
    expect(lastFrameHeld(m.map)).toBe(false);
    release(); // again: nothing more
    expect(m.state.repaints).toBe(1);
  });

  it('waits for every open hold', () => {
    const m = fakeMap();
    const a = holdPaint(m.map);
    const b = holdPaint(m.map);
    a();
    m.frame();
    expect(m.painted).toHaveLength(0);
    b();
    m.frame();
    expect(m.painted).toHaveLength(1);
  });

  it('paints while the camera moves (the user pans or zooms), and when everything is in', () => {
    const m = fakeMap();
    holdPaint(m.map);
    m.state.moving = true;
    m.frame();
    expect(m.painted).toHaveLength(1);
    m.state.moving = false;
    m.frame();
    expect(m.painted).toHaveLength(1);
    // Everything loaded though the hold was not released (a tile left without its event): painted, and the hold dropped.
    m.state.loaded = true;
    m.frame();
    m.state.loaded = false;
    m.frame();
    expect(m.painted).toHaveLength(3);
  });

  it('ends every hold at the user\'s hand on the map, a camera moved (a jump, an ease\'s last step) or a resize', () => {
    for (const type of ['mousedown', 'mousemove', 'touchstart', 'wheel', 'move', 'resize']) {
      const m = fakeMap();
      holdPaint(m.map);
      holdPaint(m.map);
      m.frame();
      expect(m.painted).toHaveLength(0);
      m.fire(type);
      expect(m.state.repaints).toBe(1);
      m.frame();
      expect(m.painted).toHaveLength(1);
    }
  });

  it('asks for no frame at the cap when the hold ended before it (everything loaded, or the user\'s hand)', () => {
    for (const end of ['loaded', 'mousedown'] as const) {
      const m = fakeMap();
      const release = holdPaint(m.map);
      if (end === 'loaded') {
        m.state.loaded = true;
        m.frame();
      } else m.fire(end);
      const before = m.state.repaints;
      release();
      vi.advanceTimersByTime(HOLD_MS);
      expect(m.state.repaints).toBe(before);
    }
  });

  it('ends every hold when asked (a picture of the map is about to be taken)', () => {
    const m = fakeMap();
    holdPaint(m.map);
    endPaintHolds(m.map);
    expect(m.state.repaints).toBe(1);
    m.frame();
    expect(m.painted).toHaveLength(1);
  });

  it('counts the cap from the first of the holds open together: holds asked again and again never freeze the map', () => {
    const m = fakeMap();
    const first = holdPaint(m.map);
    now += HOLD_MS - 100;
    holdPaint(m.map); // opened while one is open: the same cap
    first();
    now += 99;
    m.frame();
    expect(m.painted).toHaveLength(0);
    now += 1;
    m.frame();
    expect(m.painted).toHaveLength(1);
    // Opened after the others ended: a cap of its own.
    holdPaint(m.map);
    now += HOLD_MS - 1;
    m.frame();
    expect(m.painted).toHaveLength(1);
  });

  it('the cap\'s timer ends the holds itself, whatever the clock says in the next frame', () => {
    const m = fakeMap();
    holdPaint(m.map);
    vi.advanceTimersByTime(HOLD_MS); // performance.now() not moved
    expect(m.state.repaints).toBe(1);
    m.frame();
    expect(m.painted).toHaveLength(1);
  });

  it('wraps a painter once (MapLibre also says a context was restored when only its workers restarted)', () => {
    const m = fakeMap();
    const render = (m.map.painter as unknown as { render: unknown }).render;
    holdPaintWhenAsked(m.map);
    expect((m.map.painter as unknown as { render: unknown }).render).toBe(render);
  });

  it('holds no longer than HOLD_MS, and asks for a frame then', () => {
    const m = fakeMap();
    holdPaint(m.map);
    now += HOLD_MS - 1;
    m.frame();
    expect(m.painted).toHaveLength(0);
    now += 1;
    vi.advanceTimersByTime(HOLD_MS);
    expect(m.state.repaints).toBe(1);
    m.frame();
    expect(m.painted).toHaveLength(1);
  });

  it('wraps the painter of a restored context too', () => {
    const m = fakeMap();
    const painted: string[] = [];
    (m.map as unknown as { painter: { render: () => void } }).painter = { render: () => void painted.push('new painter') };
    holdPaintWhenAsked(m.map);
    const release = holdPaint(m.map);
    m.frame();
    expect(painted).toEqual([]);
    release();
    m.frame();
    expect(painted).toEqual(['new painter']);
  });

  it('askTiles holds the paint until every tile of its URL is in', () => {
    const m = fakeMap();
    m.state.sourceLoaded = false;
    const stop = askTiles(m.map, 'parcels', 'k', undefined, true);
    m.frame();
    m.fire('sourcedata', { sourceId: 'parcels', tile: {} }); // one tile in, others still loading
    m.frame();
    expect(m.painted).toHaveLength(0);
    m.state.sourceLoaded = true;
    m.fire('sourcedata', { sourceId: 'parcels', tile: {} });
    m.frame();
    expect(m.painted).toHaveLength(1);
    stop();
  });

  it('a newer asking of the same source takes over the hold; stopping it releases the paint', () => {
    const m = fakeMap();
    m.state.sourceLoaded = false;
    askTiles(m.map, 'parcels', 'old', undefined, true);
    const stop = askTiles(m.map, 'parcels', 'new', undefined, true);
    m.frame();
    expect(m.painted).toHaveLength(0);
    stop();
    m.frame();
    expect(m.painted).toHaveLength(1);
  });

  it('askTiles holds nothing unless told (an analysis\' tiles asked again: the colouring may change meanwhile)', () => {
    const m = fakeMap();
    m.state.sourceLoaded = false;
    const stop = askTiles(m.map, 'parcels', 'k');
    m.frame();
    expect(m.painted).toHaveLength(1);
    stop();
  });

  it('the warm-up layers stay until a frame has really drawn them', () => {
    const m = fakeMap();
    const style = withWarmUp(buildStyle(), [120.6, 28], 'tenglong://warm-up/veil/{z}/{x}/{y}');
    for (const l of style.layers.filter((l) => l.id.startsWith('warm-up-'))) {
      m.layers.add(l.id);
      m.sources.add((l as { source: string }).source);
    }
    endWarmUpWhenDrawn(m.map);
    const release = holdPaint(m.map);
    m.frame();
    expect([...m.layers].filter((id) => id.startsWith('warm-up-'))).toHaveLength(2);
    release();
    m.frame();
    expect([...m.layers].filter((id) => id.startsWith('warm-up-'))).toHaveLength(0);
  });
});
