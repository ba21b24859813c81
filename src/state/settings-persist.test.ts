import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { fakeDataset } from './fake-dataset.test-helper';
import { getRecord, putRecord, resetWorkDbForTests } from './persist/idb';
import { settingsKey, startSettingsPersistence, usableSettings, type SavedSettings } from './settings-persist';
import { createAppStore } from './store';

const settle = () => new Promise((r) => setTimeout(r, 30));

function storeWith() {
  const store = createAppStore();
  const reanalyse = vi.fn(async () => {});
  store.setState({ reanalyse });
  return { store, reanalyse };
}

describe('settings kept across reloads', () => {
  it('says when the browser will not keep them (IndexedDB refused), keeps trying, and clears the message once a save goes through', async () => {
    const real = globalThis.indexedDB;
    const refusing = { open: () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); } } as unknown as IDBFactory;
    globalThis.indexedDB = refusing;
    resetWorkDbForTests();
    try {
      const a = storeWith();
      const stop = startSettingsPersistence(a.store);
      a.store.setState({ dataset: fakeDataset(2, 'hash-refused') });
      await vi.waitFor(() => expect(a.store.getState().saveProblems.settings).toMatch(/denied/));
      // The browser lets the page store again: the next change is saved, and the message goes.
      globalThis.indexedDB = real;
      resetWorkDbForTests();
      a.store.getState().setRules({ lowEfficiency: { taxPerMuBelow: 11 } });
      await vi.waitFor(async () => expect((await getRecord<SavedSettings>('settings', settingsKey('hash-refused')))?.value.rules).toEqual({ lowEfficiency: { taxPerMuBelow: 11 } }));
      expect(a.store.getState().saveProblems.settings).toBeUndefined();
      stop();
    } finally {
      globalThis.indexedDB = real;
      resetWorkDbForTests();
    }
  });

  it('saves changes under the dataset and puts them back on the next load', async () => {
    const a = storeWith();
    const stop = startSettingsPersistence(a.store);
    a.store.setState({ dataset: fakeDataset(2, 'hash-a') });
    await settle();
    a.store.getState().setRules({ lowEfficiency: { taxPerMuBelow: 20 } });
    a.store.getState().setEvaluationDate('2021-12-31');
    await settle();
    await vi.waitFor(async () => {
      const rec = await getRecord<SavedSettings>('settings', settingsKey('hash-a'));
      expect(rec?.value).toEqual({ rules: { lowEfficiency: { taxPerMuBelow: 20 } }, evaluationDate: '2021-12-31' });
    });
    stop();

    // A "reload": a fresh store, the same dataset.
    const b = storeWith();
    const stopB = startSettingsPersistence(b.store);
    b.store.setState({ dataset: fakeDataset(2, 'hash-a') });
    await vi.waitFor(() => expect(b.store.getState().rules).toEqual({ lowEfficiency: { taxPerMuBelow: 20 } }));
    expect(b.store.getState().evaluationDate).toBe('2021-12-31');
    expect(b.reanalyse).toHaveBeenCalledTimes(1);
    // Another dataset has its own settings (none).
    b.store.setState({ dataset: fakeDataset(2, 'hash-b') });
    await settle();
    expect(b.store.getState().rules).toEqual({ lowEfficiency: { taxPerMuBelow: 20 } }); // nothing saved for b: left as is
    stopB();
  });

  it('writes on top of another tab’s newer record instead of failing', async () => {
    const a = storeWith();
    const stop = startSettingsPersistence(a.store);
    a.store.setState({ dataset: fakeDataset(2, 'hash-c') });
    await settle();
    a.store.getState().setRules({ energy: { maxIntensity: 0.6 } });
    await vi.waitFor(async () => expect((await getRecord('settings', settingsKey('hash-c')))?.version).toBe(1));
    // Another tab writes version 2.
    await putRecord('settings', settingsKey('hash-c'), { rules: { energy: { maxIntensity: 0.7 } }, evaluationDate: null }, 1);
    a.store.getState().setRules({ energy: { maxIntensity: 0.8 } });
    await vi.waitFor(async () => {
      const rec = await getRecord<SavedSettings>('settings', settingsKey('hash-c'));
      expect(rec).toMatchObject({ version: 3, value: { rules: { energy: { maxIntensity: 0.8 } } } });
    });
    stop();
  });

  it('leaves out a saved setting the engine no longer takes, keeping the others; drops a record that is not settings', () => {
    expect(usableSettings({ rules: { lowEfficiency: { taxPerMuBelow: -1 } }, evaluationDate: null })).toEqual({ rules: null, evaluationDate: null });
    expect(usableSettings({ rules: { idle: { notStartedYears: 1.5, feeRate: 0.3 }, renamed: { x: 1 }, lowEfficiency: { taxPerMuBelow: 10 } }, evaluationDate: '2023-12-31' }))
      .toEqual({ rules: { idle: { feeRate: 0.3 }, lowEfficiency: { taxPerMuBelow: 10 } }, evaluationDate: '2023-12-31' });
    expect(usableSettings({ rules: { version: 99 }, evaluationDate: null })).toEqual({ rules: null, evaluationDate: null });
    // A date that is not one, or a year saved while being typed, goes on its own; the rules stay.
    expect(usableSettings({ rules: null, evaluationDate: '2021-02-30' })).toEqual({ rules: null, evaluationDate: null });
    expect(usableSettings({ rules: { idle: { feeRate: 0.3 } }, evaluationDate: '0202-12-31' })).toEqual({ rules: { idle: { feeRate: 0.3 } }, evaluationDate: null });
    expect(usableSettings('x')).toBeNull();
    expect(usableSettings({ rules: { idle: { feeRate: 0.3 } }, evaluationDate: '2023-12-31' })).toEqual({ rules: { idle: { feeRate: 0.3 } }, evaluationDate: '2023-12-31' });
  });
});
