/**
 * Parcel lists as a file, to keep, send to a colleague and import back (product.md: the user's work can be
 * exported and imported back): the app's own JSON (every list, by parcel id), or any CSV with a 地块编号
 * column — the app's people's CSV, an Excel sheet saved as CSV — read as one list named after the file.
 */
import type { DatasetIdentity } from './loader/report';
import { csvRows, decodeText, unguard } from './text-table';

export const SHORTLISTS_FORMAT = 'tenglong-shortlists';
export const SHORTLISTS_FORMAT_VERSION = 1;

type Bilingual = { zh: string; en: string };

export interface ShortlistFileList {
  name: string;
  parcelIds: string[];
}

export interface ShortlistsFileDoc {
  format: typeof SHORTLISTS_FORMAT;
  version: number;
  dataset: DatasetIdentity | null;
  exportedAt: string;
  lists: ShortlistFileList[];
}

export type ShortlistsFileResult = { ok: true; lists: ShortlistFileList[]; dataset: DatasetIdentity | null } | { ok: false; message: Bilingual };

/** Column names a parcel id is found under in a CSV: the app's own, then what bureaus' tables use. */
const ID_COLUMNS = ['地块编号', 'parcelId', 'parcel_id', '宗地编号', '宗地代码', '地块代码', 'DKBH', 'DKDM', 'ZDBH', 'ZDDM'];

const MAX_NAME = 80;
/** Lists one file may bring (a person's files hold a few; a larger count is not a lists file of this app's). */
export const MAX_LISTS = 500;

export function serialiseShortlists(lists: readonly ShortlistFileList[], dataset: DatasetIdentity | null, exportedAt: string): string {
  const doc: ShortlistsFileDoc = { format: SHORTLISTS_FORMAT, version: SHORTLISTS_FORMAT_VERSION, dataset, exportedAt, lists: lists.map((l) => ({ name: l.name, parcelIds: [...l.parcelIds] })) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Whether an imported list is added, given how many parcel ids it named and how many the data holds: a list
 * saved empty was made so on purpose and comes back empty; one none of whose parcels these data hold does not
 * (its ids are named to the user instead).
 */
export const keepsImportedList = (named: number, found: number): boolean => named === 0 || found > 0;

const FIX: Bilingual = { zh: '请导入本应用“导出名单”得到的 .json 文件，或第一行含“地块编号”列的 CSV', en: 'import a .json file from this app\'s "Export lists", or a CSV whose first row has a 地块编号 (parcelId) column' };
const fail = (zh: string, en: string): ShortlistsFileResult => ({ ok: false, message: { zh: `${zh}：${FIX.zh}。`, en: `${en}: ${FIX.en}.` } });

/** Reads a list file's bytes (JSON or CSV, UTF-8 or GBK). */
export function parseShortlistsFile(bytes: Uint8Array, fileName: string): ShortlistsFileResult {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (ext === 'xlsx' || ext === 'xls') return fail(`无法直接读取 Excel 工作簿（.${ext}），请在 Excel 中“另存为 CSV UTF-8”`, `an Excel workbook (.${ext}) cannot be read directly; in Excel, "Save As" CSV UTF-8`);
  const text = decodeText(bytes);
  if (text === null) return fail(`“${fileName}”不是文本文件`, `"${fileName}" is not a text file`);
  if (text.trim() === '') return fail(`“${fileName}”是空文件`, `"${fileName}" is empty`);
  const looksJson = ext === 'json' || (ext !== 'csv' && /^\s*[[{]/.test(text));
  return looksJson ? parseJson(text, fileName) : parseCsv(text, fileName);
}

function parseJson(text: string, fileName: string): ShortlistsFileResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return fail(`“${fileName}”不是有效的 JSON（${why}），文件可能被截断或改坏`, `"${fileName}" is not valid JSON (${why}); it may be cut short or edited by hand`);
  }
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  if (d['format'] !== SHORTLISTS_FORMAT || !Array.isArray(d['lists']))
    return fail(`“${fileName}”不是名单文件（缺少 format: "${SHORTLISTS_FORMAT}" 和 lists 数组）`, `"${fileName}" is not a lists file (no format: "${SHORTLISTS_FORMAT}" with a lists array)`);
  const version = d['version'];
  if (typeof version !== 'number' || version > SHORTLISTS_FORMAT_VERSION)
    return { ok: false, message: { zh: `名单文件的格式版本 ${String(version)} 比本应用支持的 ${SHORTLISTS_FORMAT_VERSION} 新：请用新版应用导入。`, en: `the lists file's format version ${String(version)} is newer than the ${SHORTLISTS_FORMAT_VERSION} this app reads: import it in the newer app.` } };
  const all = d['lists'] as unknown[];
  if (all.length > MAX_LISTS)
    return fail(`“${fileName}”有 ${all.length} 个名单，超过一次可导入的 ${MAX_LISTS} 个`, `"${fileName}" holds ${all.length} lists, more than the ${MAX_LISTS} one import takes`);
  const lists: ShortlistFileList[] = [];
  for (const raw of all) {
    const l = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const ids = Array.isArray(l['parcelIds']) ? l['parcelIds'].filter((x): x is string => typeof x === 'string' && x.trim() !== '') : null;
    if (!ids) continue;
    lists.push({ name: typeof l['name'] === 'string' ? l['name'].trim().slice(0, MAX_NAME) : '', parcelIds: [...new Set(ids)] });
  }
  if (lists.length === 0) return fail(`“${fileName}”中没有可读的名单`, `"${fileName}" holds no readable list`);
  const ds = d['dataset'] as Record<string, unknown> | null | undefined;
  const dataset = ds && typeof ds['name'] === 'string' && typeof ds['hash'] === 'string' ? { name: ds['name'], hash: ds['hash'] } : null;
  return { ok: true, lists, dataset };
}

function parseCsv(text: string, fileName: string): ShortlistsFileResult {
  const [header, ...rows] = csvRows(text);
  const names = (header ?? []).map((h) => unguard(h.trim()).toLowerCase());
  const at = ID_COLUMNS.map((c) => names.indexOf(c.toLowerCase())).find((i) => i >= 0) ?? -1;
  if (at === -1) return fail(`“${fileName}”的第一行没有“地块编号”列`, `the first row of "${fileName}" has no 地块编号 (parcelId) column`);
  const ids = [...new Set(rows.map((r) => unguard((r[at] ?? '').trim())).filter((id) => id !== ''))];
  if (ids.length === 0) return fail(`“${fileName}”的“地块编号”列是空的`, `the 地块编号 column of "${fileName}" is empty`);
  const name = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').slice(0, MAX_NAME);
  return { ok: true, lists: [{ name, parcelIds: ids }], dataset: null };
}
