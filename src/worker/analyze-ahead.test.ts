/** The default first analysis made ahead of the page's request is used once, and only for that request. */
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { analysisRequest } from '../analysis/request';
import type { AnalysisLayers } from '../analysis/run';
import type { ParcelAttributes } from '../domain/parcel';
import { analyseAhead, analyze, columnsAhead } from './analyze';

const rect = (x: number, y: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + 100, y], [x + 100, y + 100], [x, y + 100], [x, y]]] });
const layers = (): AnalysisLayers => ({
  parcels: [
    { geometry: rect(560000, 3095000), attributes: { parcelId: 'P1', enterprise: 'A', tax: 1500, addedValue: 6000, scale: 'above' } as ParcelAttributes },
    { geometry: rect(560200, 3095000), attributes: { parcelId: 'P2', enterprise: 'B', tax: 30, addedValue: 200, scale: 'above' } as ParcelAttributes },
  ],
});

describe('analysis made ahead', () => {
  it('answers the same request (keys in any order) once, with the same results as a fresh run', () => {
    const l = layers();
    const request = analysisRequest({ evaluationDate: '2022-12-31', ledger: [{ parcelId: 'P2', action: '整体腾退', status: '已完成', date: '2021-05-01' }] });
    const early = analyseAhead(l, request);
    if (!early.ok) throw new Error('the run failed');
    const reordered = { ledger: request.ledger, evaluationDate: request.evaluationDate, version: request.version, kind: request.kind };
    const made = columnsAhead(early.run); // as the run ahead's tile codes take them
    const first = analyze(l, reordered);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.run).toBe(early.run);
    expect(first.value.view.columns).toBe(made.columns);
    const second = analyze(l, request);
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.run).not.toBe(early.run);
    expect(second.value.view.columns).toEqual(first.value.view.columns);
    expect(second.value.view.summary).toEqual(first.value.view.summary);
  });

  it('is not used for another request or other layers', () => {
    const l = layers();
    const early = analyseAhead(l, analysisRequest({ evaluationDate: '2022-12-31' }));
    const other = analyze(l, analysisRequest({ evaluationDate: '2021-12-31' }));
    expect(other.ok && other.value.run).not.toBe(early.ok && early.run);
    const again = analyseAhead(l, analysisRequest({ evaluationDate: '2022-12-31' }));
    const elsewhere = analyze(layers(), analysisRequest({ evaluationDate: '2022-12-31' }));
    expect(elsewhere.ok && elsewhere.value.run).not.toBe(again.ok && again.run);
  });
});
