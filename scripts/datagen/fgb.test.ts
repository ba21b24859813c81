import { describe, expect, it } from 'vitest';
import type { Feature, Geometry } from 'geojson';
import { geojson } from 'flatgeobuf';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { readFgb, writeFgb, type ColumnSpec, type Props } from './fgb';

const columns: ColumnSpec[] = [
  { name: 'id', kind: 'string' }, { name: 'n', kind: 'int' }, { name: 'x', kind: 'double' }, { name: 'ok', kind: 'bool' }, { name: 'note', kind: 'string' },
];
const square = (x: number): Geometry => ({ type: 'Polygon', coordinates: [[[x, 0], [x + 10, 0], [x + 10, 10], [x, 10], [x, 0]]] });
const features: Feature<Geometry, Props>[] = [
  // First feature full of nulls: flatgeobuf's own serialize would make every column a String here.
  { type: 'Feature', properties: { id: 'a', n: null, x: null, ok: null, note: null }, geometry: square(0) },
  { type: 'Feature', properties: { id: 'b', n: 2022, x: 1.5, ok: true, note: '温州市瓯海鞋业有限公司' }, geometry: square(20) },
  { type: 'Feature', properties: { id: 'c', n: -3, x: 0.1 + 0.2, ok: false, note: '' }, geometry: {
    type: 'MultiPolygon', coordinates: [[[[0, 20], [5, 20], [5, 25], [0, 20]]], [[[10, 20], [15, 20], [15, 25], [10, 20]]]] } },
];

describe('writeFgb', () => {
  it('round-trips values, types, nulls and mixed Polygon/MultiPolygon', async () => {
    const fc = await readFgb(writeFgb('t', features, columns, 4549));
    expect(fc.features).toHaveLength(3);
    fc.features.forEach((f, i) => {
      const want = features[i]!;
      for (const c of columns) expect(f.properties?.[c.name] ?? null, `${i}.${c.name}`).toStrictEqual(want.properties[c.name]);
      expect(f.geometry).toEqual(want.geometry);
    });
  });
  it('writes the CRS and the column types into the header', async () => {
    let meta: { crs: { code: number } | null; columns: { name: string; type: number }[] | null } | undefined;
    const it = geojson.deserialize(writeFgb('t', features, columns, 4549), { headerMetaFn: (h) => { meta = h as never; } });
    for await (const _ of it) { /* drain */ }
    expect(meta?.crs?.code).toBe(4549);
    expect(meta?.columns?.map((c) => c.type)).toEqual([ColumnType.String, ColumnType.Int, ColumnType.Double, ColumnType.Bool, ColumnType.String]);
  });
  it('refuses a value of the wrong kind instead of writing it as text', () => {
    const bad: Feature<Geometry, Props>[] = [{ type: 'Feature', properties: { id: 'a', n: 1.5, x: 1, ok: true, note: null }, geometry: square(0) }];
    expect(() => writeFgb('t', bad, columns, 4549)).toThrow(/column n/);
  });
});
