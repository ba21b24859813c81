/**
 * Leaving a drawing tool with a shape half drawn, on terra-draw itself (a stand-in map adapter, taps as a
 * tablet gives them: no mouse moves between, no Enter key, the first corner never tapped again).
 */
import { describe, expect, it } from 'vitest';
import { TerraDraw, TerraDrawPolygonMode, TerraDrawRectangleMode, ValidateNotSelfIntersecting, type TerraDrawMouseEvent } from 'terra-draw';
import type { Polygon } from 'geojson';
import { discard, finishOrDiscard, unfinishedShape } from './leave-drawing';

type Validation = NonNullable<ConstructorParameters<typeof TerraDrawPolygonMode>[0]>['validation'];
/** The map adapter terra-draw takes (its type is not exported by name). */
type Adapter = ConstructorParameters<typeof TerraDraw>[0]['adapter'];
type Callbacks = Parameters<Adapter['register']>[0];

function setup(validation?: Validation) {
  let cb: Callbacks | null = null;
  const scale = 100000; // 1 px = 1e-5°
  const adapter: Adapter = {
    project: (lng, lat) => ({ x: lng * scale, y: -lat * scale }),
    unproject: (x, y) => ({ lng: x / scale, lat: -y / scale }),
    setCursor: () => {},
    getLngLatFromEvent: () => null,
    setDoubleClickToZoom: () => {},
    getMapEventElement: () => ({}) as HTMLElement,
    register: (c) => { cb = c; },
    unregister: () => {},
    render: () => {},
    clear: () => {},
    getCoordinatePrecision: () => 9,
  };
  const modes = { polygon: new TerraDrawPolygonMode({ validation }), rectangle: new TerraDrawRectangleMode({ validation }) };
  let n = 0;
  const draw = new TerraDraw({ adapter, modes: [modes.polygon, modes.rectangle], idStrategy: { getId: () => `z${++n}`, isValidId: (id) => typeof id === 'string' } });
  draw.start();
  draw.setMode('polygon');
  const finished: { id: string; action: string }[] = [];
  draw.on('finish', (id, ctx) => finished.push({ id: String(id), action: ctx.action }));
  const tap = (lng: number, lat: number) => {
    const e: TerraDrawMouseEvent = { lng, lat, containerX: lng * scale, containerY: -lat * scale, button: 'left', heldKeys: [], isContextMenu: false };
    cb!.onClick(e);
  };
  const move = (lng: number, lat: number) => {
    const e: TerraDrawMouseEvent = { lng, lat, containerX: lng * scale, containerY: -lat * scale, button: 'left', heldKeys: [], isContextMenu: false };
    cb!.onMouseMove(e);
  };
  return { draw, modes, finished, tap, move };
}

const onlyOnFinish: Validation = (feature, { updateType }) => (updateType === 'finish' ? ValidateNotSelfIntersecting(feature) : { valid: true });

describe('leaving a drawing tool (完成 on a tablet)', () => {
  it('a shape of 4 tapped corners is finished as drawn, through terra-draw\'s own finish (the zone list\'s path)', () => {
    const { draw, modes, finished, tap } = setup(onlyOnFinish);
    tap(120.6, 27.9); tap(120.61, 27.9); tap(120.61, 27.91); tap(120.6, 27.91);
    expect(unfinishedShape(draw)?.corners).toHaveLength(4);
    expect(finishOrDiscard(draw, modes)).toBe('finished');
    expect(finished).toEqual([{ id: 'z1', action: 'draw' }]);
    const ring = (draw.getSnapshotFeature('z1')!.geometry as Polygon).coordinates[0]!;
    expect(ring).toHaveLength(5); // 4 corners + the closing position: no guide point left in
    expect(new Set(ring.slice(0, 4).map((p) => p.join()))).toEqual(new Set(['120.6,27.9', '120.61,27.9', '120.61,27.91', '120.6,27.91']));
    draw.setMode('static'); // what Done does next: the finished shape stays
    expect(draw.getSnapshotFeature('z1')).toBeDefined();
  });

  it('(why) terra-draw\'s own mode switch deletes the unfinished shape', () => {
    const { draw, tap } = setup();
    tap(120.6, 27.9); tap(120.61, 27.9); tap(120.61, 27.91); tap(120.6, 27.91);
    draw.setMode('static');
    expect(draw.getSnapshot().filter((f) => f.geometry.type === 'Polygon')).toEqual([]);
  });

  it('3 corners are enough', () => {
    const { draw, modes, finished, tap } = setup();
    tap(120.6, 27.9); tap(120.61, 27.9); tap(120.61, 27.91);
    expect(finishOrDiscard(draw, modes)).toBe('finished');
    expect(finished).toHaveLength(1);
  });

  it('fewer than 3 corners are discarded', () => {
    const { draw, modes, finished, tap } = setup();
    tap(120.6, 27.9); tap(120.61, 27.9);
    expect(finishOrDiscard(draw, modes)).toBe('discarded');
    expect(finished).toEqual([]);
    expect(draw.getSnapshot().filter((f) => f.geometry.type === 'Polygon')).toEqual([]);
  });

  it('an outline the validation refuses is not finished and not thrown away: it is still being drawn', () => {
    const { draw, modes, finished, tap } = setup(onlyOnFinish);
    tap(120.6, 27.9); tap(120.61, 27.91); tap(120.61, 27.9); tap(120.6, 27.91); // a bow-tie
    expect(finishOrDiscard(draw, modes)).toBe('refused');
    expect(finished).toEqual([]);
    expect(unfinishedShape(draw)?.corners).toHaveLength(4);
  });

  it('a rectangle with only its first click (the others follow the pointer to the button) is discarded, not stretched to the map edge', () => {
    const { draw, modes, finished, tap, move } = setup();
    draw.setMode('rectangle');
    tap(120.6, 27.9);
    move(120.7, 27.95); // the pointer on its way out of the map
    expect(unfinishedShape(draw)).not.toBeNull();
    expect(finishOrDiscard(draw, modes)).toBe('discarded');
    expect(finished).toEqual([]);
  });

  it('nothing being drawn: nothing happens; cancel (取消) discards a shape of any size', () => {
    const { draw, modes, finished, tap } = setup();
    expect(finishOrDiscard(draw, modes)).toBe('none');
    tap(120.6, 27.9); tap(120.61, 27.9); tap(120.61, 27.91); tap(120.6, 27.91);
    expect(discard(draw)).toBe(true);
    expect(unfinishedShape(draw)).toBeNull();
    expect(draw.getSnapshot().filter((f) => f.geometry.type === 'Polygon')).toEqual([]);
    expect(finished).toEqual([]);
  });
});
