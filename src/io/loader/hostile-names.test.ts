/** Names from a user's files that are also Object.prototype's keys are names like any other, end to end. */
import { describe, expect, it } from 'vitest';
import { analysisRequest } from '../../analysis/request';
import { runAnalysis } from '../../analysis/run';
import { normaliseCpg } from '../formats/shapefile/encoding';
import { inputFromBytes } from '../source';
import { assemble, evaluate, loadFiles, readInputs } from './index';

const square = (x: number, y: number, side: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]] });
const fc = (rows: { id: string; town: string; x: number }[]) => new TextEncoder().encode(JSON.stringify({
  type: 'FeatureCollection',
  features: rows.map((r) => ({ type: 'Feature', properties: { DKBH: r.id, SSJD: r.town, SS: 50, YDXZ: '工业用地' }, geometry: square(r.x, 3090000, 100) })),
}));

describe('hostile names (__proto__, constructor, toString)', () => {
  it('a layer file named constructor.geojson or __proto__.geojson loads as parcels', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const read = await readInputs([inputFromBytes(`${name}.geojson`, fc([{ id: 'H-1', town: '潘桥街道', x: 560000 }]))]);
      const { report, evaluations } = evaluate(read, {}, {});
      expect(report.layers.map((l) => l.role)).toEqual(['parcels']);
      expect(assemble(evaluations).parcels).toHaveLength(1);
    }
  });

  it('towns named __proto__, constructor and toString get their own figures, and Object.prototype is untouched', async () => {
    const loaded = await loadFiles([inputFromBytes('parcels.geojson', fc([
      { id: 'H-1', town: '__proto__', x: 560000 },
      { id: 'H-2', town: 'constructor', x: 560200 },
      { id: 'H-3', town: 'toString', x: 560400 },
      { id: 'H-4', town: 'toString', x: 560600 },
    ]))], { 'parcels.geojson': 'parcels' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const out = runAnalysis(loaded.layers, analysisRequest({ evaluationDate: '2023-12-31' }));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const byTown = out.run.summary.byTown;
    for (const town of ['__proto__', 'constructor', 'toString']) expect(Object.hasOwn(byTown, town)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(byTown, 'toString')?.value.parcels).toBe(2);
    expect(Object.getOwnPropertyDescriptor(byTown, '__proto__')?.value.parcels).toBe(1);
    expect(({} as Record<string, unknown>).parcels).toBeUndefined();
  });

  it('a .cpg saying constructor names no encoding', () => {
    expect(normaliseCpg('constructor')).toBeUndefined();
    expect(normaliseCpg('__proto__')).toBeUndefined();
    expect(normaliseCpg('936')).toBe('gb18030');
  });
});
