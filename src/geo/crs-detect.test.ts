import { describe, expect, it } from 'vitest';
import { classifyBbox, geometryBbox, parseDeclaredCrs, type Bbox } from './crs-detect';

const box = (minX: number, minY: number, maxX: number, maxY: number): Bbox => ({ minX, minY, maxX, maxY });
const GK = box(560_000, 3_100_000, 560_100, 3_100_100);
const GK40 = box(40_560_000, 3_100_000, 40_560_100, 3_100_100);
const LONLAT = box(120.61, 28.01, 120.62, 28.02);

describe('parseDeclaredCrs', () => {
  it.each([
    ['urn:ogc:def:crs:EPSG::4549', 'EPSG:4549'],
    ['EPSG:4528', 'EPSG:4528'],
    ['epsg:4490', 'EPSG:4490'],
    ['urn:ogc:def:crs:EPSG:6.6:4490', 'EPSG:4490'],
    ['http://www.opengis.net/def/crs/EPSG/0/4549', 'EPSG:4549'],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326'],
    [4326, 'EPSG:4326'],
  ])('%s → %s', (text, crs) => {
    expect(parseDeclaredCrs(text)).toEqual({ supported: true, crs });
  });
  it('names unsupported codes as EPSG:n and keeps other text as written', () => {
    expect(parseDeclaredCrs('urn:ogc:def:crs:EPSG::2385')).toEqual({ supported: true, crs: 'EPSG:2385' });
    expect(parseDeclaredCrs('urn:ogc:def:crs:EPSG::32651')).toEqual({ supported: false, name: 'EPSG:32651' });
    expect(parseDeclaredCrs('Xian_1980_3_Degree_GK_CM_120E')).toEqual({ supported: false, name: 'Xian_1980_3_Degree_GK_CM_120E' });
  });
});

describe('classifyBbox', () => {
  it('recognises each window and each swapped window', () => {
    expect(classifyBbox(GK)).toBe('EPSG:4549');
    expect(classifyBbox(GK40)).toBe('EPSG:4528');
    expect(classifyBbox(LONLAT)).toBe('geographic');
    expect(classifyBbox(box(3_100_000, 560_000, 3_100_100, 560_100))).toBe('swapped-4549');
    expect(classifyBbox(box(3_100_000, 40_560_000, 3_100_100, 40_560_100))).toBe('swapped-4528');
    expect(classifyBbox(box(28.01, 120.61, 28.02, 120.62))).toBe('swapped-geographic');
    expect(classifyBbox(box(116.3, 39.9, 116.31, 39.91))).toBe('elsewhere');
  });
  it('uses the stated district ranges with a 2 km edge margin', () => {
    expect(classifyBbox(box(531_000, 3_100_000, 531_100, 3_100_100))).toBe('EPSG:4549');
    expect(classifyBbox(box(529_000, 3_100_000, 529_100, 3_100_100))).toBe('elsewhere');
    expect(classifyBbox(box(560_000, 3_113_000, 560_100, 3_113_100))).toBe('elsewhere');
  });
});

describe('geometryBbox', () => {
  it('covers every part of a multipolygon', () => {
    expect(
      geometryBbox({
        type: 'MultiPolygon',
        coordinates: [
          [[[1, 2], [3, 2], [3, 4], [1, 2]]],
          [[[-5, 7], [0, 7], [0, 9], [-5, 7]]],
        ],
      }),
    ).toEqual(box(-5, 2, 3, 9));
  });
});
