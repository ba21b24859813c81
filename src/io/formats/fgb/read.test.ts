import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { geojson } from 'flatgeobuf';
import { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js';
import type { Feature } from 'geojson';
import { ReadCancelled, TICK_EVERY, type SourceLayer } from '../../source';
import { fixture, FIXTURE_DIR } from '../fixtures.test-helpers';
import { FlatFeatureDecoder } from './flat-decode';
import { ColumnType, GeometryType, readHeader } from './header';
import { treeBytes, treeLevels } from './packed-rtree';
import { readFlatGeobufSource } from './read';
import { gridFeatures, GRID_COLUMNS, writeTestFgb, type TestColumn } from './write.test-helpers';

async function layerOf(bytes: Uint8Array, name = 'x.fgb'): Promise<SourceLayer> {
  const r = await readFlatGeobufSource(bytes, name);
  if (!r.ok) throw new Error(`${r.error.problem} ${r.error.fix}`);
  expect(r.layers).toHaveLength(1);
  return r.layers[0]!;
}

/** What flatgeobuf's own reader makes of the file, absent values as missing keys. */
async function libraryRead(bytes: Uint8Array): Promise<Feature[]> {
  const out: Feature[] = [];
  for await (const f of geojson.deserialize(bytes)) out.push(f as Feature);
  return out;
}
const withoutNulls = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null));

describe('packed R-tree size', () => {
  it('equals flatgeobuf calcTreeSize for 1–600 items and node sizes 2–64, and refuses 0 items or node size < 2 without looping', () => {
    for (const nodeSize of [2, 3, 7, 16, 64]) {
      for (let n = 1; n <= 600; n++) expect(treeBytes(n, nodeSize)).toBe(calcTreeSize(n, nodeSize));
    }
    expect(treeBytes(100_000, 16)).toBe(calcTreeSize(100_000, 16));
    expect(treeBytes(0, 16)).toBeNull(); // calcTreeSize(0, 16) never returns
    expect(treeBytes(5, 1)).toBeNull();
    expect(treeBytes(5, 0)).toBe(0);
    expect(treeLevels(1, 16)).toEqual([{ start: 1, end: 2 }, { start: 0, end: 1 }]);
  });
});

describe('readFlatGeobufSource', () => {
  const gdalFiles = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.fgb') && !['not-really.fgb', 'truncated.fgb'].includes(f));

  it.each(gdalFiles)('%s (GDAL-made, indexed): the same features and values as flatgeobuf reads', async (name) => {
    const bytes = fixture(name);
    const layer = await layerOf(bytes, `dir/${name}`);
    const lib = await libraryRead(bytes);
    expect(layer.features.map((f) => f.geometry)).toEqual(lib.map((f) => f.geometry));
    expect(layer.features.map((f) => withoutNulls(f.properties))).toEqual(lib.map((f) => f.properties));
    expect(layer).toMatchObject({ name: name.replace('.fgb', ''), format: 'flatgeobuf', files: [`dir/${name}`], encoding: null, geometryKind: 'polygon', warnings: [] });
  });

  it('declares the header CRS; an unread code keeps its text; no CRS is null', async () => {
    expect((await layerOf(fixture('parcels-4528.fgb'))).declaredCrs).toEqual({ crs: 'EPSG:4528', text: 'EPSG:4528', source: 'fgb-header' });
    expect((await layerOf(fixture('parcels-nocrs-4549.fgb'))).declaredCrs).toBeNull();
    const square = gridFeatures(1, 1);
    expect((await layerOf(writeTestFgb(square, { epsg: 32651 }))).declaredCrs).toEqual({ crs: null, text: 'EPSG:32651', source: 'fgb-header' });
    expect((await layerOf(writeTestFgb(square, { epsg: 2385 }))).declaredCrs).toEqual({ crs: 'EPSG:2385', text: 'EPSG:2385', source: 'fgb-header' });
    expect((await layerOf(writeTestFgb(square))).declaredCrs).toBeNull();
  });

  it('decodes every FlatGeobuf column type; absent values are null; fields are typed from the header', async () => {
    const columns: TestColumn[] = [
      ['byte', ColumnType.Byte], ['ubyte', ColumnType.UByte], ['bool', ColumnType.Bool], ['short', ColumnType.Short],
      ['ushort', ColumnType.UShort], ['int', ColumnType.Int], ['uint', ColumnType.UInt], ['long', ColumnType.Long],
      ['ulong', ColumnType.ULong], ['float', ColumnType.Float], ['double', ColumnType.Double], ['string', ColumnType.String],
      ['json', ColumnType.Json], ['datetime', ColumnType.DateTime], ['binary', ColumnType.Binary], ['空', ColumnType.String],
    ].map(([name, type]) => ({ name: name as string, type: type as ColumnType }));
    const values = {
      byte: -5, ubyte: 250, bool: true, short: -30_000, ushort: 65_000, int: -2_000_000_000, uint: 4_000_000_000,
      long: -(2n ** 40n), ulong: 2n ** 63n + 1n, float: 1.2, double: 0.1 + 0.2, string: '温州市瓯海区 "x"\n€𝄞',
      json: { a: [1, '二'] }, datetime: '2021-12-17T08:30:00Z', binary: new Uint8Array([0, 255, 7]),
    };
    const layer = await layerOf(writeTestFgb([{ geometry: { type: 'Point', coordinates: [560000, 3100000] }, properties: values }], { columns }));
    expect(layer.features[0]!.properties).toEqual({
      byte: -5, ubyte: 250, bool: true, short: -30_000, ushort: 65_000, int: -2_000_000_000, uint: 4_000_000_000,
      long: -(2 ** 40), ulong: '9223372036854775809', float: 1.2, double: 0.1 + 0.2, string: '温州市瓯海区 "x"\n€𝄞',
      json: { a: [1, '二'] }, datetime: '2021-12-17T08:30:00Z', binary: new Uint8Array([0, 255, 7]), 空: null,
    });
    expect(layer.fields.map((f) => f.type)).toEqual([
      'integer', 'integer', 'boolean', 'integer', 'integer', 'integer', 'integer', 'integer', 'integer', 'number', 'number', 'string', 'unknown', 'date', 'unknown', 'string',
    ]);
    expect(layer.geometryKind).toBe('point');
  });

  it('keeps a polygon layer flat with every ring as flatgeobuf reads it, short rings and long (value by value, and in one block)', async () => {
    const ring = (n: number, cx: number, r: number): number[][] => {
      const out = Array.from({ length: n }, (_, k) => [cx + r * Math.cos((2 * Math.PI * k) / n), 3_100_000 + r * Math.sin((2 * Math.PI * k) / n)]);
      return [...out, out[0]!];
    };
    // Rings of 4 to 200 vertices: the copy changes method at 32 vertices (64 values).
    const sizes = [3, 4, 30, 31, 32, 33, 34, 64, 200];
    const fc = {
      type: 'FeatureCollection' as const,
      features: sizes.map((n, i) => ({
        type: 'Feature' as const, properties: { i },
        geometry: (i % 2 ? { type: 'Polygon', coordinates: [ring(n, 560_000 + 1000 * i, 300), ring(Math.max(3, n >> 2), 560_000 + 1000 * i, 50).reverse()] }
          : { type: 'MultiPolygon', coordinates: [[ring(n, 560_000 + 1000 * i, 300)], [ring(n + 1, 560_500 + 1000 * i, 100)]] }) as Feature['geometry'],
      })),
    };
    const bytes = geojson.serialize(fc, 4549);
    const layer = await layerOf(bytes);
    expect(layer.flat).toBeDefined();
    expect(layer.features.map((f) => f.geometry)).toEqual((await libraryRead(bytes)).map((f) => f.geometry));

    // The arrays are sized by a first pass over the features (presize), not grown: each is the array first
    // made, at its final length. The same decoding without that pass gives the same polygons.
    const header = readHeader(bytes, 'x.fgb');
    if (!header.ok) throw new Error('header');
    const decode = (presize: boolean) => {
      const d = new FlatFeatureDecoder(bytes, header.header);
      if (presize) d.presize(header.header.featuresOffset);
      const made = { ...(d as unknown as Record<'xyOut' | 'ringEnd' | 'partEnd' | 'featureEnd', { data: unknown }>) };
      const first = [made.xyOut.data, made.ringEnd.data, made.partEnd.data, made.featureEnd.data];
      let at = header.header.featuresOffset;
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      while (at < bytes.length) {
        const size = view.getUint32(at, true);
        d.decodeFlat(at + 4, at + 4 + size);
        at += 4 + size;
      }
      const flat = d.finish();
      return { flat, first };
    };
    const sized = decode(true);
    const final = [sized.flat.xy, sized.flat.ringEnd, sized.flat.partEnd, sized.flat.featureEnd];
    for (let i = 0; i < final.length; i++) expect(final[i]).toBe(sized.first[i]);
    expect(sized.flat).toEqual(decode(false).flat);
    expect(sized.flat).toEqual(layer.flat);
  });

  it('sizes a layer with features without geometry, and gives up on a feature the flat form does not take', async () => {
    const sq = [[560000, 3100000], [560010, 3100000], [560010, 3100010], [560000, 3100000]];
    const polygon = { type: 'Polygon', coordinates: [sq] } as never;
    // Header type Unknown (the features differ): each feature's own type is read, as the decoding reads it.
    const bytes = writeTestFgb([{ geometry: polygon, properties: {} }, { geometry: null, properties: {} }, { geometry: polygon, properties: {} }]);
    const header = readHeader(bytes, 'x.fgb');
    if (!header.ok) throw new Error('header');
    expect(header.header.geometryType).toBe(GeometryType.Unknown);
    const layer = await layerOf(bytes);
    expect(layer.flat!.count).toBe(3);
    expect(layer.features.map((f) => f.geometry)).toEqual([{ type: 'Polygon', coordinates: [sq] }, null, { type: 'Polygon', coordinates: [sq] }]);
    expect(layer.flat!.xy.length).toBe(2 * 2 * sq.length);
    // A point among polygons: the first pass leaves the arrays as they were (the read then goes GeoJSON).
    const mixed = writeTestFgb([{ geometry: polygon, properties: {} }, { geometry: { type: 'Point', coordinates: [560000, 3100000] } as never, properties: {} }]);
    const mixedHeader = readHeader(mixed, 'x.fgb');
    if (!mixedHeader.ok) throw new Error('header');
    const d = new FlatFeatureDecoder(mixed, mixedHeader.header);
    const before = (d as unknown as { xyOut: { data: Float64Array } }).xyOut.data;
    d.presize(mixedHeader.header.featuresOffset);
    expect((d as unknown as { xyOut: { data: Float64Array } }).xyOut.data).toBe(before);
    expect((await layerOf(mixed)).flat).toBeUndefined();
  });

  it('leaves the arrays to grow when the first pass meets a damaged feature, and the decoding then says what is wrong', async () => {
    const sq = [[560000, 3100000], [560010, 3100000], [560010, 3100010], [560000, 3100000]];
    const fc = { type: 'FeatureCollection' as const, features: [0, 1, 2].map((i) => ({ type: 'Feature' as const, properties: { i }, geometry: { type: 'Polygon' as const, coordinates: [sq] } })) };
    const bytes = geojson.serialize(fc, 4549).slice();
    const header = readHeader(bytes, 'x.fgb');
    if (!header.ok) throw new Error('header');
    // The second feature's size prefix claims more bytes than the file holds.
    const view = new DataView(bytes.buffer);
    const first = view.getUint32(header.header.featuresOffset, true);
    view.setUint32(header.header.featuresOffset + 4 + first, 1_000_000, true);
    const d = new FlatFeatureDecoder(bytes, header.header);
    const before = (d as unknown as { xyOut: { data: Float64Array } }).xyOut.data;
    d.presize(header.header.featuresOffset);
    expect((d as unknown as { xyOut: { data: Float64Array } }).xyOut.data).toBe(before);
    const r = await readFlatGeobufSource(bytes, 'x.fgb');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.problem).toMatch(/Feature #2 claims to be 1,000,000 bytes long/);
  });

  it('reads every geometry type (per-feature types, holes, Z, empty and missing geometry) as flatgeobuf does', async () => {
    const sq = [[560000, 3100000], [560010, 3100000], [560010, 3100010], [560000, 3100000]];
    const hole = [[560002, 3100002], [560004, 3100002], [560004, 3100004], [560002, 3100002]];
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Point', coordinates: [560000, 3100000] },
        { type: 'Point', coordinates: [560000, 3100000, 12.5] },
        { type: 'LineString', coordinates: sq },
        { type: 'Polygon', coordinates: [sq, hole] },
        { type: 'MultiPoint', coordinates: sq },
        { type: 'MultiLineString', coordinates: [sq, hole] },
        { type: 'MultiPolygon', coordinates: [[sq, hole], [hole]] },
        { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'Polygon', coordinates: [sq] }] },
      ].map((geometry, i) => ({ type: 'Feature' as const, properties: { i }, geometry: geometry as Feature['geometry'] })),
    };
    const bytes = geojson.serialize(fc, 4549);
    const layer = await layerOf(bytes);
    expect(layer.features.map((f) => f.geometry)).toEqual((await libraryRead(bytes)).map((f) => f.geometry));
    expect(layer.features.map((f) => f.geometry)).toEqual(fc.features.map((f) => f.geometry));
    expect(layer.geometryKind).toBe('mixed');
    const nulls = await layerOf(writeTestFgb([{ geometry: null, properties: {} }, { geometry: { type: 'Point', coordinates: [] } as never }]));
    expect(nulls.features.map((f) => f.geometry)).toEqual([null, null]);
    expect(nulls.geometryKind).toBe('none');
  });

  it('a header-only file (GDAL\'s empty layer) is an empty layer; a streamed file with count 0 and no index is read to its end', async () => {
    expect((await layerOf(writeTestFgb([], { indexNodeSize: 16, epsg: 4549 }))).features).toEqual([]);
    expect((await layerOf(writeTestFgb(gridFeatures(3, 2), { featuresCount: 0, columns: GRID_COLUMNS }))).features).toHaveLength(6);
  });

  it('reads an indexed file written with node size 2 (deep tree) in index order', async () => {
    const layer = await layerOf(writeTestFgb(gridFeatures(20, 10), { indexNodeSize: 2, columns: GRID_COLUMNS }));
    expect(new Set(layer.features.map((f) => f.properties.id)).size).toBe(200);
  });

  it('calls tick every TICK_EVERY features with a growing fraction, and a cancel thrown by tick ends the read', async () => {
    const bytes = writeTestFgb(gridFeatures(100, 90), { columns: GRID_COLUMNS });
    const fractions: number[] = [];
    const r = await readFlatGeobufSource(bytes, 'g.fgb', { tick: async (f) => void fractions.push(f) });
    expect(r.ok && r.layers[0]!.features.length).toBe(9000);
    expect(fractions).toHaveLength(Math.floor(8999 / TICK_EVERY));
    expect(fractions[0]).toBeGreaterThan(0.4);
    expect(fractions[1]).toBeGreaterThan(fractions[0]!);
    expect(fractions[1]).toBeLessThan(1);
    await expect(readFlatGeobufSource(bytes, 'g.fgb', { tick: async () => { throw new ReadCancelled(); } })).rejects.toBeInstanceOf(ReadCancelled);
  });

  it('an unsupported geometry type (CircularString) is an error naming the feature, with a conversion fix', async () => {
    const bytes = writeTestFgb([{ geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] } }], { geometryType: 8 });
    const r = await readFlatGeobufSource(bytes, 'c.fgb');
    expect(r).toMatchObject({ ok: false, error: { file: 'c.fgb', feature: { index: 0 } } });
    if (!r.ok) {
      expect(r.error.problem).toMatch(/Feature #1 has a CircularString geometry/);
      expect(r.error.fix).toMatch(/CONVERT_TO_LINEAR/);
    }
  });

  it('never throws, hangs or returns a shorter layer for 3,000 random corruptions of a GDAL-made file', async () => {
    const good = fixture('parcels-4549.fgb');
    let seed = 7;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = good.slice(0, i % 3 === 0 ? random(good.length) : good.length);
      for (let k = 0; k < 1 + random(4); k++) if (bytes.length > 0) bytes[random(bytes.length)] = random(256);
      const r = await readFlatGeobufSource(bytes, 'fuzz.fgb');
      if (!r.ok) {
        errors++;
        expect(r.error.problem.length).toBeGreaterThan(10);
        expect(r.error.fix.length).toBeGreaterThan(10);
      } else {
        // Whatever survives must still hold the promised number of features.
        expect(r.layers[0]!.features).toHaveLength(3);
      }
    }
    expect(errors).toBeGreaterThan(1000);
  });
});
