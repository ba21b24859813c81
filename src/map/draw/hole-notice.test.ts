import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import type { SavedZone } from '../../io/zones-file';
import { holeNotice } from './hole-notice';

const sq = (x: number, r: number) => [[x - r, 27.9 - r], [x + r, 27.9 - r], [x + r, 27.9 + r], [x - r, 27.9 + r], [x - r, 27.9 - r]];
const simple = (id: string): SavedZone => ({ id, name: id, colour: '', geometry: { type: 'Polygon', coordinates: [sq(120.6, 0.01)] } as Polygon });
const holed = (id: string): SavedZone => ({ id, name: id, colour: '', geometry: { type: 'Polygon', coordinates: [sq(120.6, 0.01), sq(120.6, 0.002).reverse()] } as Polygon });
const parts = (id: string): SavedZone => ({ id, name: id, colour: '', geometry: { type: 'MultiPolygon', coordinates: [[sq(120.6, 0.01)], [sq(120.7, 0.01)]] } as MultiPolygon });

describe('the "cannot be edited on the map" notice', () => {
  it('comes once per such zone: not again on a rename, an undo, or after it was dismissed', () => {
    const warned = new Set<string>();
    expect(holeNotice([simple('a')], warned, null)).toBe(false);
    expect(holeNotice([simple('a'), holed('b')], warned, null)).toBe(true);
    // The planner dismissed it, then renamed a zone, undid a step: the same zones again.
    expect(holeNotice([simple('a'), { ...holed('b'), name: '新名' }], warned, null)).toBe(false);
    expect(holeNotice([holed('b')], warned, null)).toBe(false);
    expect(holeNotice([holed('b'), parts('c')], warned, null)).toBe(true); // a new one
  });

  it('never replaces another message (the dropped-saved one on reload, a refused outline)', () => {
    const warned = new Set<string>();
    expect(holeNotice([holed('b')], warned, { code: 'dropped-saved', count: 1 })).toBe(false);
    expect(holeNotice([holed('b')], warned, null)).toBe(false); // its moment has passed
  });
});
