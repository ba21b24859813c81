/**
 * The user's work belongs to a dataset by its identity (a hash over the files), so next month's version of
 * the same files starts with none: no disposal ledger, no lists, default rules. When a dataset has no saved
 * work of its own, the most recently saved work of another dataset that shares parcels with it is offered
 * (`findCarryOver`) and, if the user takes it, copied over by 地块编号 (`carryOver`): the ledger in one
 * transaction (replaceLedger), the lists (ids the new data lacks left out and counted), the rules as set.
 * (Zones belong to no dataset: state/zonesSlice.ts.)
 */
import type { LedgerEntry } from '../domain/ledger';
import { effectiveLedger } from './ledger-persist';
import { fidMapOf, resolveIds } from './parcel-ids';
import { listRecords, type SavedRecord } from './persist/idb';
import { readLocal, writeLocal } from './persist/local';
import { usableSettings, type SavedSettings } from './settings-persist';
import type { SavedShortlists } from './shortlist-persist';
import type { AppState } from './store';

export interface CarryOverOffer {
  /** The other dataset's identity hash. */
  from: string;
  /** When its work was last saved (ISO). */
  savedAt: string;
  /** Its ledger records, and how many of their parcels the loaded data holds. */
  ledger: number;
  ledgerHere: number;
  lists: number;
  rules: boolean;
}

const hashOfKey = (key: string): string => key.slice(0, Math.max(0, key.indexOf('/')));

/** Records of every store, grouped by the dataset hash their key starts with. */
async function savedWorkByDataset(): Promise<Map<string, { ledger: SavedRecord<LedgerEntry | null>[]; lists?: SavedRecord<SavedShortlists>; rules?: SavedRecord<SavedSettings> }>> {
  const [ledger, lists, rules] = await Promise.all([
    listRecords<LedgerEntry | null>('ledger'), listRecords<SavedShortlists>('shortlists'), listRecords<SavedSettings>('settings'),
  ]);
  const out = new Map<string, { ledger: SavedRecord<LedgerEntry | null>[]; lists?: SavedRecord<SavedShortlists>; rules?: SavedRecord<SavedSettings> }>();
  const of = (h: string) => out.get(h) ?? (out.set(h, { ledger: [] }), out.get(h)!);
  for (const r of ledger) if (hashOfKey(r.key)) of(hashOfKey(r.key)).ledger.push(r);
  for (const r of lists) if (r.key.endsWith('/lists') && Array.isArray(r.value?.lists) && r.value.lists.length > 0) of(hashOfKey(r.key)).lists = r;
  for (const r of rules) if (r.key.endsWith('/rules') && usableSettings(r.value)) of(hashOfKey(r.key)).rules = r;
  return out;
}

/**
 * What could be carried over into dataset `hash` (parcel ids `parcelIds`): null when it has saved work of
 * its own, or no other dataset's work names any of its parcels (rules alone are offered only with them).
 */
export async function findCarryOver(hash: string, parcelIds: ReadonlySet<string>): Promise<CarryOverOffer | null> {
  const all = await savedWorkByDataset();
  if (all.has(hash)) return null;
  let best: CarryOverOffer | null = null;
  for (const [from, work] of all) {
    const ledgerHere = work.ledger.filter((r) => parcelIds.has(r.key.slice(from.length + 1))).length;
    const listed = (work.lists?.value.lists ?? []).filter((l) => Array.isArray(l.parcelIds) && l.parcelIds.some((id) => parcelIds.has(id)));
    if (ledgerHere === 0 && listed.length === 0) continue;
    const savedAt = [...work.ledger, ...(work.lists ? [work.lists] : []), ...(work.rules ? [work.rules] : [])].reduce((m, r) => (r.savedAt > m ? r.savedAt : m), '');
    if (best && best.savedAt >= savedAt) continue;
    best = { from, savedAt, ledger: work.ledger.length, ledgerHere, lists: listed.length, rules: work.rules !== undefined };
  }
  return best;
}

/**
 * Copies the offered work into the loaded dataset; returns how many ledger records (saved, or held in this page
 * only when the browser refused) and lists came over. What the user did here since the offer stands: a parcel
 * recorded here keeps its record, rules changed here are kept.
 */
export async function carryOver(get: () => AppState, offer: CarryOverOffer): Promise<{ ledger: number; notKept: number; lists: number; missing: number }> {
  const all = await savedWorkByDataset();
  const work = all.get(offer.from);
  const s = get();
  if (!work || !s.dataset) return { ledger: 0, notKept: 0, lists: 0, missing: 0 };
  const parcels = s.dataset.parcels;
  const here = fidMapOf(parcels);
  const recordedHere = new Set(Object.keys(s.ledgerSaved));
  // The ledger in force, with the other dataset's records on the parcels these data hold and that have none here.
  const records = new Map(
    work.ledger
      .map((r) => [r.key.slice(offer.from.length + 1), r.value] as const)
      .filter(([id]) => here.has(id) && !recordedHere.has(id)),
  );
  const current = effectiveLedger(s.dataset.ledger ?? null, s.ledgerSaved);
  const entries = [...current.filter((e) => !records.has(e.parcelId)), ...[...records.values()].filter((e): e is LedgerEntry => e !== null)];
  const r = records.size > 0 ? await get().replaceLedger(entries) : { written: 0, notKept: 0 };
  let missing = 0;
  const lists = (work.lists?.value.lists ?? []).map((l) => {
    const { fids, missing: lacking } = resolveIds(Array.isArray(l.parcelIds) ? l.parcelIds : [], parcels);
    missing += lacking.length;
    return { name: l.name, fids };
  });
  const added = lists.length > 0 ? get().importShortlists(lists).added : 0;
  const rules = work.rules ? usableSettings(work.rules.value) : null;
  if (rules && get().rules === null && get().evaluationDate === null) {
    get().setRules(rules.rules);
    get().setEvaluationDate(rules.evaluationDate);
    await get().reanalyse();
  }
  return { ledger: r.written, notKept: r.notKept, lists: added, missing };
}

const DECLINED = 'tenglong:carry-over-declined';

/** The datasets whose offer the user turned down (not asked again). */
function declined(): string[] {
  const was = readLocal(DECLINED);
  return Array.isArray(was) ? was.filter((x): x is string => typeof x === 'string') : [];
}

export const declinedCarryOver = (hash: string): boolean => declined().includes(hash);

/** (No localStorage: asked again next time.) */
export function declineCarryOver(hash: string): void {
  writeLocal(DECLINED, [...declined().slice(-49), hash]);
}
