import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { encodeRawTile } from './tile-encode';
import { rect, shown, tileAt } from './tiles.test-helper';
import { toDisplay } from '../geo/projection';

/** Parcels of all sizes, some with holes, some across tile edges; a few big ones so tiles get long messages. */
function parcels(): Feature<Geometry, null>[] {
  const out: Feature<Geometry, null>[] = [];
  for (let i = 0; i < 400; i++) {
    const x = 560000 + (i % 20) * 137, y = 3095000 + Math.floor(i / 20) * 151;
    out.push(shown(rect(x, y, 40 + (i % 7) * 30, 35 + (i % 5) * 25)));
  }
  const holed = rect(563000, 3098000, 900, 700);
  holed.coordinates.push([[563100, 3098100], [563100, 3098300], [563300, 3098300], [563300, 3098100], [563100, 3098100]]);
  out.push(shown(holed));
  out.push({ type: 'Feature', properties: null, geometry: toDisplay({ type: 'MultiPolygon', coordinates: [rect(561000, 3099000, 300, 300).coordinates, rect(562000, 3099500, 80, 80).coordinates] }) });
  return out;
}

const index = new GeoJSONVT({ type: 'FeatureCollection', features: parcels() } as FeatureCollection, { maxZoom: 16, indexMaxZoom: 0, indexMaxPoints: 0, tolerance: 1, extent: 4096, buffer: 64, generateId: true });
const [lon, lat] = toDisplay(rect(561000, 3096000, 1, 1)).coordinates[0]![0]! as [number, number];

/** Every property kind vt-pbf writes: small and large integers, negatives, fractions, texts, flags, null, objects. */
const tagsOf = (f: { id?: unknown }): Record<string, unknown> => {
  const id = typeof f.id === 'number' ? f.id : 0;
  return { c: id % 3 === 0 ? 2 ** 31 - 1 - id : id % 17, n: -id, r: id / 8, s: `地块-${id % 4}`, b: id % 2 === 0, z: null, o: id % 5 === 0 ? { a: [id] } : 'x', u: undefined };
};

describe('vector tiles written from the raw cut', () => {
  for (const z of [10, 12, 14, 16]) {
    it(`are vt-pbf's bytes, byte for byte, at zoom ${z} (with every kind of property, and with none)`, () => {
      const [x, y] = tileAt(lon, lat, z);
      let compared = 0;
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          const raw = index.getTileRaw(z, x + dx, y + dy);
          const legacy = index.getTile(z, x + dx, y + dy);
          if (!raw || !legacy) continue;
          const plain = encodeRawTile('parcels', raw, 4096, (f) => (f.tags ?? null) as Record<string, unknown> | null);
          expect(plain).toEqual(fromGeojsonVt({ parcels: legacy }, { version: 2, extent: 4096 }));
          const tagged = encodeRawTile('parcels', raw, 4096, tagsOf);
          const withTags = { ...legacy, features: legacy.features.map((f) => ({ ...f, tags: tagsOf(f) })) };
          expect(tagged).toEqual(fromGeojsonVt({ parcels: withTags } as never, { version: 2, extent: 4096 }));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});
