/**
 * Checks a disposal ledger read from a file or a saved request, as the loader checks a layer: every
 * entry that cannot be used is left out AND reported — grouped by problem, with a count and the first
 * examples — never silently dropped and never counted. An entry dated after the evaluation date has not
 * happened yet at that date (policy-rules.md, "Reclaimable area": achieved land counts from its
 * completion date), so a completion dated 2099 is not achieved today.
 */
import { formatIsoDate, parseIsoDate } from './dates';
import { DISPOSAL_ACTIONS, DISPOSAL_STATUSES, type DisposalAction, type DisposalStatus, type LedgerEntry } from './ledger';

export type LedgerProblemCode =
  | 'not-a-list'
  | 'not-an-entry'
  | 'parcel-id-type'
  | 'unknown-parcel'
  | 'unknown-action'
  | 'unknown-status'
  | 'invalid-date'
  | 'future-date'
  | 'note-type';

export interface LedgerExample {
  /** 0-based position in the ledger (messages show it 1-based, `#1`). */
  index: number;
  /** The entry's parcelId when it is text. */
  parcelId?: string;
  /** The offending value, shortened, as JSON. */
  value: string;
}

export interface LedgerProblem {
  code: LedgerProblemCode;
  /** Entries left out for this problem (each entry is counted under its first problem only). */
  count: number;
  /** The first few entries with the problem. */
  examples: LedgerExample[];
  /** One line naming the problem, the count, examples and what is allowed. */
  message: { zh: string; en: string };
}

export interface LedgerCheck {
  /** The usable entries, rebuilt with only the known fields. */
  valid: LedgerEntry[];
  /** In LedgerProblemCode order; empty when every entry is usable. */
  problems: LedgerProblem[];
}

const MAX_EXAMPLES = 3;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const CODES: readonly LedgerProblemCode[] = ['not-a-list', 'not-an-entry', 'parcel-id-type', 'unknown-parcel', 'unknown-action', 'unknown-status', 'invalid-date', 'future-date', 'note-type'];

function shown(v: unknown): string {
  if (v === undefined) return 'missing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** The wording of each problem after "N entries": Chinese, English for one entry, English for several. */
function wording(code: LedgerProblemCode, date: string): { zh: string; one: string; many: string } {
  const actions = DISPOSAL_ACTIONS.join(' / ');
  const statuses = DISPOSAL_STATUSES.join(' / ');
  const have = (rest: string) => ({ one: `has ${rest}`, many: `have ${rest}` });
  switch (code) {
    case 'not-a-list': return { zh: '台账不是记录数组 (JSON 数组)，未使用任何记录', one: 'the ledger is not a list (JSON array) of entries; no entry is used', many: '' };
    case 'not-an-entry': return { zh: '不是 {parcelId, action, status, date, note} 对象', one: 'is not an object {parcelId, action, status, date, note}', many: 'are not objects {parcelId, action, status, date, note}' };
    case 'parcel-id-type': return { zh: '的 parcelId 不是文本 (地块编号须加引号)', ...have('a parcelId that is not text (write the 地块编号 in quotes)') };
    case 'unknown-parcel': return { zh: '的地块不在地块图层中', one: 'names a parcel that is not in the parcel layer', many: 'name a parcel that is not in the parcel layer' };
    case 'unknown-action': return { zh: `的处置方式不是 ${actions} 之一`, ...have(`an action that is not one of ${actions}`) };
    case 'unknown-status': return { zh: `的状态不是 ${statuses} 之一`, ...have(`a status that is not one of ${statuses}`) };
    case 'invalid-date': return { zh: '的 date 不是 YYYY-MM-DD 格式的真实日期', ...have('a date that is not a calendar date written YYYY-MM-DD') };
    case 'future-date': return { zh: `的日期晚于评价日 ${date} (在评价日尚未发生)`, one: `is dated after the evaluation date ${date} (not yet happened at that date)`, many: `are dated after the evaluation date ${date} (not yet happened at that date)` };
    case 'note-type': return { zh: '的 note 不是文本', ...have('a note that is not text') };
  }
}

function problemOf(code: LedgerProblemCode, count: number, examples: LedgerExample[], date: string): LedgerProblem {
  const w = wording(code, date);
  if (code === 'not-a-list') return { code, count, examples, message: { zh: `${w.zh}。`, en: `${w.one}.` } };
  const ex = examples.map((e) => `#${e.index + 1}${e.parcelId !== undefined && shown(e.parcelId) !== e.value ? ` (${e.parcelId})` : ''}: ${e.value}`).join('; ');
  return {
    code, count, examples,
    message: {
      zh: `${count} 条台账记录${w.zh}，已剔除 (例: ${ex})。`,
      en: `${count} ledger ${count === 1 ? `entry ${w.one}` : `entries ${w.many}`}; left out (e.g. ${ex}).`,
    },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The entry's first problem (with the offending value), or the usable entry. */
function checkEntry(raw: unknown, parcelIds: ReadonlySet<string>, evaluationDay: string | null): { code: LedgerProblemCode; value: unknown } | LedgerEntry {
  if (!isRecord(raw)) return { code: 'not-an-entry', value: raw };
  const { parcelId, action, status, date, note } = raw;
  if (typeof parcelId !== 'string') return { code: 'parcel-id-type', value: parcelId };
  if (!parcelIds.has(parcelId)) return { code: 'unknown-parcel', value: parcelId };
  if (!(DISPOSAL_ACTIONS as readonly unknown[]).includes(action)) return { code: 'unknown-action', value: action };
  if (!(DISPOSAL_STATUSES as readonly unknown[]).includes(status)) return { code: 'unknown-status', value: status };
  const dated = date !== undefined && date !== null;
  if (dated && (typeof date !== 'string' || !ISO_DAY.test(date) || parseIsoDate(date) === null)) return { code: 'invalid-date', value: date };
  // A completion after the evaluation date cannot have happened yet (a 2099 已完成 would count as freed today);
  // a pending action with a later date is a plan, and stays.
  if (dated && status === '已完成' && evaluationDay !== null && (date as string) > evaluationDay) return { code: 'future-date', value: date };
  if (note !== undefined && note !== null && typeof note !== 'string') return { code: 'note-type', value: note };
  const entry: LedgerEntry = { parcelId, action: action as DisposalAction, status: status as DisposalStatus };
  if (dated) entry.date = date as string;
  if (typeof note === 'string') entry.note = note;
  return entry;
}

/**
 * Splits `entries` into the usable ledger and its problems. `parcelIds` holds the loaded parcels' ids (or at
 * least those of them the entries name: only `has` is asked);
 * `evaluationDate` is `YYYY-MM-DD` (completions dated after it are left out). A `null` date or note counts
 * as absent. Pure; never throws on any JSON value.
 */
export function checkLedger(entries: unknown, parcelIds: ReadonlySet<string>, evaluationDate: string): LedgerCheck {
  const day = parseIsoDate(evaluationDate);
  const evaluationDay = day === null ? null : formatIsoDate(day);
  const shownDate = evaluationDay ?? evaluationDate;
  if (!Array.isArray(entries)) return { valid: [], problems: [problemOf('not-a-list', 1, [{ index: 0, value: shown(entries) }], shownDate)] };
  const valid: LedgerEntry[] = [];
  const found = new Map<LedgerProblemCode, { count: number; examples: LedgerExample[] }>();
  entries.forEach((raw: unknown, index) => {
    const r = checkEntry(raw, parcelIds, evaluationDay);
    if (!('code' in r)) { valid.push(r); return; }
    const group = found.get(r.code) ?? { count: 0, examples: [] };
    found.set(r.code, group);
    group.count++;
    if (group.examples.length < MAX_EXAMPLES) {
      const id = isRecord(raw) && typeof raw['parcelId'] === 'string' ? raw['parcelId'] : undefined;
      group.examples.push(id === undefined ? { index, value: shown(r.value) } : { index, parcelId: id, value: shown(r.value) });
    }
  });
  const problems = CODES.flatMap((code) => {
    const g = found.get(code);
    return g ? [problemOf(code, g.count, g.examples, shownDate)] : [];
  });
  return { valid, problems };
}
