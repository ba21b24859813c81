/**
 * The disposal-ledger file: what the app exports and reads back. JSON (`tenglong-ledger`, version 1: the
 * dataset identity it was kept for and the entries) for keeping and moving the ledger; CSV (UTF-8 with a
 * BOM, 地块编号,处置方式,状态,日期,备注) for Excel users, read back too (also when Excel saved it in GBK).
 * Reading never throws: a file that cannot be used is a message naming the problem and the fix; entries
 * that cannot be used are listed by problem (domain/ledger-check) and left out, never silently dropped.
 * Pure: no DOM, no storage.
 */
import { checkLedger, type LedgerExample, type LedgerProblem } from '../domain/ledger-check';
import type { LedgerEntry } from '../domain/ledger';
import { csvRows, decodeText as decode, unguard } from './text-table';
import { toCsv } from './export/csv';
import type { DatasetIdentity } from './loader/report';

export const LEDGER_FORMAT = 'tenglong-ledger';
export const LEDGER_FORMAT_VERSION = 1;

export interface LedgerFileDoc {
  format: typeof LEDGER_FORMAT;
  version: number;
  /** The dataset the ledger was kept for (its parcel ids are that dataset's). */
  dataset: DatasetIdentity | null;
  exportedAt: string;
  entries: LedgerEntry[];
}

type Bilingual = { zh: string; en: string };

/** A problem with some entries: the engine's ledger problems, plus a parcel named twice in one file. */
export type LedgerFileProblem = LedgerProblem | { code: 'duplicate-parcel'; count: number; examples: LedgerExample[]; message: Bilingual };

export interface ParsedLedgerFile {
  kind: 'json' | 'csv';
  /** From a JSON file of this format; null for CSV or a bare JSON array. */
  dataset: DatasetIdentity | null;
  /** The usable entries, one per parcel. */
  entries: LedgerEntry[];
  problems: LedgerFileProblem[];
  /** Entries in the file (usable or not). */
  total: number;
}

export type LedgerFileResult = { ok: true; file: ParsedLedgerFile } | { ok: false; message: Bilingual };

/** Sorted by parcel id, so the same ledger always gives the same file. */
const sorted = (entries: readonly LedgerEntry[]): LedgerEntry[] => [...entries].sort((a, b) => (a.parcelId < b.parcelId ? -1 : a.parcelId > b.parcelId ? 1 : 0));

const clean = (e: LedgerEntry): LedgerEntry => ({
  parcelId: e.parcelId, action: e.action, status: e.status,
  ...(e.date ? { date: e.date } : {}),
  ...(e.note ? { note: e.note } : {}),
});

export function serialiseLedgerJson(entries: readonly LedgerEntry[], dataset: DatasetIdentity | null, exportedAt: string): string {
  const doc: LedgerFileDoc = { format: LEDGER_FORMAT, version: LEDGER_FORMAT_VERSION, dataset, exportedAt, entries: sorted(entries).map(clean) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export const CSV_COLUMNS_ZH = ['地块编号', '处置方式', '状态', '日期', '备注'] as const;
const CSV_COLUMNS_EN = ['parcelId', 'action', 'status', 'date', 'note'] as const;

export function serialiseLedgerCsv(entries: readonly LedgerEntry[]): string {
  return toCsv(CSV_COLUMNS_ZH, sorted(entries).map((e) => [e.parcelId, e.action, e.status, e.date ?? '', e.note ?? '']));
}

const FIX = { zh: '请选择本应用导出的台账文件（.json 或 .csv）', en: 'choose a ledger file exported by this app (.json or .csv)' };
const fail = (zh: string, en: string): LedgerFileResult => ({ ok: false, message: { zh: `${zh}：${FIX.zh}。`, en: `${en}: ${FIX.en}.` } });

/** Reads a ledger file's bytes; `parcelIds` are the loaded parcels' ids (others are listed as unknown). */
export function parseLedgerFile(bytes: Uint8Array, fileName: string, parcelIds: ReadonlySet<string>): LedgerFileResult {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (ext === 'xlsx' || ext === 'xls') return fail(`无法直接读取 Excel 工作簿（.${ext}）：请在 Excel 中“另存为 CSV UTF-8”后再导入`, `an Excel workbook (.${ext}) cannot be read directly: in Excel, "Save As" CSV UTF-8 and import that`);
  const text = decode(bytes);
  if (text === null) return fail(`“${fileName}”不是文本文件`, `"${fileName}" is not a text file`);
  if (text.trim() === '') return fail(`“${fileName}”是空文件`, `"${fileName}" is empty`);
  const looksJson = ext === 'json' || (ext !== 'csv' && /^\s*[[{]/.test(text));
  return looksJson ? parseJson(text, fileName, parcelIds) : parseCsv(text, fileName, parcelIds);
}

function parseJson(text: string, fileName: string, parcelIds: ReadonlySet<string>): LedgerFileResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return fail(`“${fileName}”不是有效的 JSON（${why}），文件可能被截断或改坏`, `"${fileName}" is not valid JSON (${why}); the file may be cut short or edited by hand`);
  }
  if (Array.isArray(doc)) return checked('json', null, doc, parcelIds);
  if (typeof doc !== 'object' || doc === null) return fail(`“${fileName}”中没有台账记录`, `"${fileName}" holds no ledger entries`);
  const d = doc as Record<string, unknown>;
  if (d['format'] !== LEDGER_FORMAT || !Array.isArray(d['entries']))
    return fail(`“${fileName}”不是处置台账文件（缺少 format: "${LEDGER_FORMAT}" 和 entries 数组）`, `"${fileName}" is not a disposal-ledger file (no format: "${LEDGER_FORMAT}" with an entries array)`);
  const version = d['version'];
  if (typeof version !== 'number' || version > LEDGER_FORMAT_VERSION)
    return { ok: false, message: { zh: `台账文件的格式版本 ${String(version)} 比本应用支持的 ${LEDGER_FORMAT_VERSION} 新：请使用新版应用导入，或从新版导出 CSV。`, en: `the ledger file's format version ${String(version)} is newer than the ${LEDGER_FORMAT_VERSION} this app reads: import it in the newer app, or export CSV from it.` } };
  const ds = d['dataset'] as Record<string, unknown> | null | undefined;
  const dataset = ds && typeof ds['name'] === 'string' && typeof ds['hash'] === 'string' ? { name: ds['name'], hash: ds['hash'] } : null;
  return checked('json', dataset, d['entries'] as unknown[], parcelIds);
}

/** Excel rewrites 2022-06-30 as 2022/6/30: both are read as the same day. */
function normaliseDate(s: string): string {
  const m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(s);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : s;
}

function parseCsv(text: string, fileName: string, parcelIds: ReadonlySet<string>): LedgerFileResult {
  const [header, ...rows] = csvRows(text);
  const names = (header ?? []).map((h) => h.trim());
  const col = (i: number) => {
    const at = names.findIndex((n) => n === CSV_COLUMNS_ZH[i] || n.toLowerCase() === CSV_COLUMNS_EN[i]!.toLowerCase());
    return at;
  };
  const at = [0, 1, 2, 3, 4].map(col);
  const missing = [0, 1, 2].filter((i) => at[i] === -1);
  if (missing.length > 0) {
    const zh = missing.map((i) => CSV_COLUMNS_ZH[i]).join('、');
    const en = missing.map((i) => CSV_COLUMNS_EN[i]).join(', ');
    return fail(`“${fileName}”的第一行缺少列：${zh}（第一行须为 ${CSV_COLUMNS_ZH.join(',')}）`, `the first row of "${fileName}" lacks the column(s) ${en} (it must read ${CSV_COLUMNS_ZH.join(',')} or ${CSV_COLUMNS_EN.join(',')})`);
  }
  const raw = rows.map((r) => {
    const cell = (i: number) => (at[i] === -1 ? '' : unguard((r[at[i]!] ?? '').trim()));
    const o: Record<string, unknown> = { parcelId: cell(0), action: cell(1), status: cell(2) };
    if (cell(3)) o['date'] = normaliseDate(cell(3));
    if (cell(4)) o['note'] = cell(4);
    return o;
  });
  return checked('csv', null, raw, parcelIds);
}

/** Where `parcelId` appears the second time in the file (for the example's #n). */
function secondIndex(raw: readonly unknown[], parcelId: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i++) if ((raw[i] as { parcelId?: unknown } | null)?.parcelId === parcelId && ++n === 2) return i;
  return -1;
}

/** Checks the entries as the engine does (every date allowed: the file is a record, not an evaluation) and keeps one entry per parcel. */
function checked(kind: 'json' | 'csv', dataset: DatasetIdentity | null, raw: unknown[], parcelIds: ReadonlySet<string>): LedgerFileResult {
  const { valid, problems } = checkLedger(raw, parcelIds, '9999-12-31');
  const seen = new Set<string>();
  const entries: LedgerEntry[] = [];
  const dup: LedgerExample[] = [];
  let dupCount = 0;
  for (const e of valid) {
    if (seen.has(e.parcelId)) {
      dupCount++;
      if (dup.length < 3) dup.push({ index: secondIndex(raw, e.parcelId), parcelId: e.parcelId, value: JSON.stringify(e.parcelId) });
      continue;
    }
    seen.add(e.parcelId);
    entries.push(e);
  }
  const all: LedgerFileProblem[] = [...problems];
  if (dupCount > 0) {
    const ex = dup.map((d) => d.parcelId).join('、');
    all.push({
      code: 'duplicate-parcel', count: dupCount, examples: dup,
      message: { zh: `${dupCount} 条台账记录的地块已在前面出现，每宗地块只保留第一条（例：${ex}）。`, en: `${dupCount} ledger ${dupCount === 1 ? 'entry names a parcel' : 'entries name parcels'} already listed above; only the first entry per parcel is kept (e.g. ${dup.map((d) => d.parcelId).join(', ')}).` },
    });
  }
  return { ok: true, file: { kind, dataset, entries, problems: all, total: raw.length } };
}

export interface LedgerChange {
  before: LedgerEntry;
  after: LedgerEntry;
}

/** What an import would do to the ledger, per parcel. */
export interface LedgerDiff {
  added: LedgerEntry[];
  changed: LedgerChange[];
  /** In the current ledger, not in the file (removed when the file replaces the ledger). */
  removed: LedgerEntry[];
  unchanged: number;
}

export const sameEntry = (a: LedgerEntry | null | undefined, b: LedgerEntry | null | undefined): boolean =>
  (a ?? null) === (b ?? null) ||
  (!!a && !!b && a.parcelId === b.parcelId && a.action === b.action && a.status === b.status && (a.date ?? '') === (b.date ?? '') && (a.note ?? '') === (b.note ?? ''));

/** Compares the current ledger (one entry per parcel) with a file's entries. */
export function diffLedger(current: readonly LedgerEntry[], incoming: readonly LedgerEntry[]): LedgerDiff {
  const now = new Map(current.map((e) => [e.parcelId, e]));
  const next = new Set(incoming.map((e) => e.parcelId));
  const diff: LedgerDiff = { added: [], changed: [], removed: [], unchanged: 0 };
  for (const e of incoming) {
    const before = now.get(e.parcelId);
    if (!before) diff.added.push(e);
    else if (sameEntry(before, e)) diff.unchanged++;
    else diff.changed.push({ before, after: e });
  }
  for (const e of current) if (!next.has(e.parcelId)) diff.removed.push(e);
  return diff;
}

/** The ledger after an import: the file's entries, plus (when `keepOthers`) the current entries of parcels the file does not name. */
export function importedLedger(current: readonly LedgerEntry[], incoming: readonly LedgerEntry[], keepOthers: boolean): LedgerEntry[] {
  if (!keepOthers) return [...incoming];
  const named = new Set(incoming.map((e) => e.parcelId));
  return [...current.filter((e) => !named.has(e.parcelId)), ...incoming];
}
