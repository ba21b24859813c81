/**
 * A dataset manifest (data/<name>/manifest.json) is one more way of naming files for the loader: each
 * layer's file with its role, fetched relative to the manifest. Only same-origin relative paths are
 * accepted (the offline promise holds in the worker too, where the page's CSP does not reach), and what
 * was read is checked against the manifest's feature counts and SHA-256s, so a damaged or swapped file
 * is never taken for a shorter dataset.
 */
import { LAYER_IDS, type DatasetManifest, type LayerId } from '../dataset';
import type { InputFile } from '../source';
import type { LayerRole } from './roles';
import type { LoadReport } from './report';
import { responseBytes } from './response-bytes';

export type Fetcher = (url: string) => Promise<Response>;

/** The manifest's problem, or null when the loader can use it. */
export function manifestProblem(m: unknown): { zh: string; en: string } | null {
  const both = (zh: string, en: string) => ({ zh, en });
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return both('manifest.json 不是 JSON 对象', 'manifest.json is not a JSON object');
  const man = m as Partial<DatasetManifest>;
  if (man.version !== 1) return both(`不支持的数据清单版本 ${String(man.version)}（应为 1）`, `unsupported manifest version ${String(man.version)} (expected 1)`);
  if (!man.layers || typeof man.layers !== 'object' || !man.layers.parcels?.file) return both('数据清单中没有地块图层', 'the manifest has no parcels layer');
  for (const id of LAYER_IDS) {
    const file = man.layers[id]?.file;
    if (file === undefined) continue;
    if (typeof file !== 'string' || !isPlainRelative(file)) {
      return both(`图层「${id}」指向「${String(file)}」：只允许相对于数据清单的文件名（不可为网址、绝对路径或上级目录）`, `layer "${id}" names "${String(file)}": only a file name relative to the manifest is allowed (no URL, no absolute or parent path)`);
    }
  }
  const ledger = man.ledger?.file;
  if (ledger !== undefined && (typeof ledger !== 'string' || !isPlainRelative(ledger))) {
    return both(`台账指向「${String(ledger)}」：只允许相对于数据清单的文件名`, `the ledger names "${String(ledger)}": only a file name relative to the manifest is allowed`);
  }
  return null;
}

/** `parcels.fgb`, `2022/parcels.fgb` — not `http://…`, `//host/…`, `/abs`, `../up`, `data:`. */
export function isPlainRelative(path: string): boolean {
  return path !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(path) && !path.startsWith('/') && !path.startsWith('\\') && !path.split(/[\\/]/).includes('..');
}

/** Input files (fetched on demand, same origin only) and their roles, keyed as the loader keys layers. */
export function manifestInputs(manifest: DatasetManifest, manifestUrl: string, fetcher: Fetcher): { files: InputFile[]; roles: Record<string, LayerRole> } {
  const origin = new URL(manifestUrl).origin;
  const files: InputFile[] = [];
  const roles: Record<string, LayerRole> = {};
  for (const id of LAYER_IDS) {
    const entry = manifest.layers[id];
    if (!entry) continue;
    const url = new URL(entry.file, manifestUrl);
    if (url.origin !== origin) throw new Error(`manifest layer ${id} resolves off-origin: ${url.href}`);
    let cached: Promise<Uint8Array> | null = null;
    files.push({
      name: entry.file,
      size: 0,
      bytes: () => (cached ??= fetchBytes(fetcher, url.href)),
    });
    roles[entry.file] = id as LayerId;
  }
  return { files, roles };
}

/** The bytes at `url` (a failed fetch or an HTTP error throws FetchFailed's message). */
export async function fetchBytes(fetcher: Fetcher, url: string): Promise<Uint8Array> {
  const res = await fetcher(url);
  if (!res.ok) throw new FetchFailed(`${url}: HTTP ${res.status}`);
  return responseBytes(res);
}

/** A manifest file that could not be fetched (network, 404): the load fails with this message. */
export class FetchFailed extends Error {}

/** Differences between what the manifest promises and what was read: counts, then hashes. */
export function manifestMismatches(manifest: DatasetManifest, report: LoadReport, hashes: ReadonlyMap<string, string>): { zh: string; en: string }[] {
  const out: { zh: string; en: string }[] = [];
  for (const id of LAYER_IDS) {
    const entry = manifest.layers[id];
    if (!entry) continue;
    const layer = report.layers.find((l) => l.files.includes(entry.file));
    if (layer && entry.featureCount > 0 && layer.featureCount !== entry.featureCount) {
      out.push({
        zh: `${entry.file}：数据清单声明 ${entry.featureCount} 个要素，文件中有 ${layer.featureCount} 个`,
        en: `${entry.file}: the manifest promises ${entry.featureCount} features but the file holds ${layer.featureCount}`,
      });
    }
    const hash = hashes.get(entry.file);
    if (entry.sha256 && hash && hash !== entry.sha256) {
      out.push({ zh: `${entry.file}：SHA-256 与数据清单不符（文件被改动或已损坏）`, en: `${entry.file}: its SHA-256 is not the manifest's (the file was changed or damaged)` });
    }
  }
  return out;
}
