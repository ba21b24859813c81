import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { deleteRecord, getRecord, listRecords, putRecord } from './idb';

describe('saved work store', () => {
  it('writes a new record at version 1 and reads it back', async () => {
    const put = await putRecord('ledger', 'a/1', { n: 1 }, 0);
    expect(put.ok && put.record.version).toBe(1);
    expect((await getRecord<{ n: number }>('ledger', 'a/1'))?.value.n).toBe(1);
  });

  it('refuses a write based on a stale version and returns the current record', async () => {
    await putRecord('zones', 'k', 'first', 0);
    const second = await putRecord('zones', 'k', 'second', 1);
    expect(second.ok).toBe(true);
    const stale = await putRecord('zones', 'k', 'stale', 1);
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.current?.value).toBe('second');
    expect((await getRecord<string>('zones', 'k'))?.value).toBe('second');
  });

  it('lists by key prefix and deletes', async () => {
    await putRecord('shortlists', 'd1/x', 1, 0);
    await putRecord('shortlists', 'd1/y', 2, 0);
    await putRecord('shortlists', 'd2/z', 3, 0);
    expect((await listRecords('shortlists', 'd1/')).map((r) => r.key).sort()).toEqual(['d1/x', 'd1/y']);
    await deleteRecord('shortlists', 'd1/x');
    expect(await getRecord('shortlists', 'd1/x')).toBeUndefined();
  });
});
