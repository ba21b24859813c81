import { describe, expect, it } from 'vitest';
import { fakeDataset } from './fake-dataset.test-helper';
import { keptSelection } from './selectionSlice';

describe('the selection across a dataset swapped in', () => {
  it('follows the parcel by its id to its new place, and is dropped where the parcel is not there', () => {
    const before = fakeDataset(4); // P0..P3
    const after = { ...fakeDataset(3), parcels: ['P3', 'P1', 'P9'].map((id, fid) => ({ ...fakeDataset(1).parcels[0]!, fid, attributes: { parcelId: id } })) };
    expect(keptSelection({ dataset: before, selectedFid: 3 }, after)).toBe(0);
    expect(keptSelection({ dataset: before, selectedFid: 1 }, after)).toBe(1);
    expect(keptSelection({ dataset: before, selectedFid: 2 }, after)).toBeNull();
    expect(keptSelection({ dataset: before, selectedFid: null }, after)).toBeNull();
    expect(keptSelection({ dataset: null, selectedFid: 0 }, after)).toBeNull();
  });
});
