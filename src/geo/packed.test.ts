import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { packPolygons, ringStart, signedArea, transferableCopy } from './packed';

const sq = (x: number, y: number, s: number, cw = false): number[][] => {
  const r = [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
  return cw ? r.reverse() : r;
};

describe('packPolygons', () => {
  it('drops closing vertices and orients shells CCW and holes CW whatever the input', () => {
    const g: Polygon = { type: 'Polygon', coordinates: [sq(0, 0, 10, true), sq(2, 2, 2, false)] };
    const p = packPolygons([g]);
    expect(Array.from(p.ringEnd)).toEqual([4, 8]);
    expect(signedArea(p.xy, 0, 4)).toBe(100);
    expect(signedArea(p.xy, ringStart(p, 1), 8)).toBe(-4);
    expect(p.area[0]).toBe(96);
    expect(Array.from(p.box)).toEqual([0, 0, 10, 10]);
  });

  it('packs broken features empty, records why, and keeps the others aligned', () => {
    const ok: Polygon = { type: 'Polygon', coordinates: [sq(0, 0, 1)] };
    const unclosed: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] };
    const nan: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [NaN, 0], [1, 1], [0, 0]]] };
    const p = packPolygons([unclosed, ok, nan, null, ok]);
    expect(p.count).toBe(5);
    expect([...p.problems.entries()]).toEqual([[0, 'unclosed'], [2, 'non-finite'], [3, 'empty']]);
    expect(Array.from(p.area)).toEqual([0, 1, 0, 0, 1]);
    expect(Array.from(p.featureEnd)).toEqual([0, 1, 1, 1, 2]);
    expect(p.box[0]).toBe(Infinity);
  });
});

describe('transferableCopy', () => {
  it('copies every array into a buffer of its exact size that can be moved, leaving the packing whole', () => {
    const g: Polygon = { type: 'Polygon', coordinates: [sq(0, 0, 10), sq(2, 2, 2, true)] };
    const p = packPolygons([g, null, { type: 'Polygon', coordinates: [sq(20, 0, 5)] }]);
    const { copy, transfer } = transferableCopy(p);
    for (const k of ['xy', 'ringEnd', 'ringBox', 'featureEnd', 'box', 'area'] as const) {
      expect(Array.from(copy[k]), k).toEqual(Array.from(p[k]));
      expect(copy[k].buffer, k).not.toBe(p[k].buffer);
      expect(copy[k].buffer.byteLength, k).toBe(p[k].byteLength);
    }
    // Packing reserves room for each ring's closing vertex: the original arrays are views on bigger buffers.
    expect(p.xy.buffer.byteLength).toBeGreaterThan(p.xy.byteLength);
    const moved = structuredClone(copy, { transfer });
    expect(copy.xy.length).toBe(0); // detached: moved, not copied
    expect(Array.from(moved.xy)).toEqual(Array.from(p.xy));
    expect([...moved.problems]).toEqual([[1, 'empty']]);
    expect(p.xy.length).toBe(24); // the packing itself is untouched: 3 rings of 4 vertices
  });
});
