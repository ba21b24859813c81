/**
 * Importing the user's files: read them in the worker (progress, cancel), show the loader's preview, let
 * the user correct role / CRS / encoding / mapping / units (each change re-evaluated in the worker, the
 * newest answer wins), then commit — the loaded dataset is replaced only when the commit succeeds.
 * A parcel layer's column mapping is remembered per set of column names (localStorage), so the next
 * export of the same table needs no corrections.
 */
import type { StateCreator } from 'zustand';
import { requestOf } from './analysisInputs';
import { restoreSavedWork } from './first-analysis';
import type { CrsCode } from '../geo/projection';
import { supersedeLoads } from './datasetSlice';
import type { GeometryMode } from '../io/loader/geometry-check';
import type { ImportOptions, LayerOptions, LayerReport } from '../io/loader/report';
import { analysisClient, type AnalysisClient } from '../worker/client';
import type { ImportPreview, ImportReadRequest, WorkerError } from '../worker/protocol';
import type { AppState } from './store';
import { keptSelection } from './selectionSlice';

export type ImportStatus = 'idle' | 'reading' | 'preview' | 'committing' | 'error';

/** A change to the import options: per layer, merged onto what the user chose before. */
export interface ImportOptionsPatch {
  layers?: Record<string, LayerOptions>;
  geometry?: GeometryMode;
}

/** What is remembered for a parcel table: its columns' targets and the units chosen. */
export interface RememberedMapping {
  mapping: Record<string, string | null>;
  factors: Record<string, number>;
}

export interface ImportSlice {
  importStatus: ImportStatus;
  /** Reading progress, 0–1. */
  importProgress: number;
  /** Names of the files being read (shown with the progress). */
  importFiles: string[];
  importPreview: ImportPreview | null;
  importOptions: ImportOptions;
  /** A re-evaluation of the preview is on its way. */
  importUpdating: boolean;
  /** The read, update or commit failed (a value; the loaded dataset is untouched). */
  importError: WorkerError | null;
  /** Layer keys whose mapping was taken from an earlier import of the same columns. */
  importRemembered: string[];
  /** The load-report dialog (the report of the loaded dataset) is open. */
  loadReportOpen: boolean;
  /** Reads `files` into a pending import; a newer start replaces an older one. */
  startImport(files: File[]): Promise<void>;
  /** Reads a FlatGeobuf from a static server, by bounding box when `bbox` is given. */
  /** Reads a FlatGeobuf by URL: all of it, or the features meeting `bbox` (in `bboxCrs`, or the file's CRS). */
  startImportUrl(href: string, bbox?: [number, number, number, number] | null, bboxCrs?: CrsCode, maxFeatures?: number): Promise<void>;
  /** Merges `patch` into the options and asks for the preview under them. */
  updateImportOptions(patch: ImportOptionsPatch): Promise<void>;
  /** Loads the pending import in place of the current dataset, then runs the analysis. */
  confirmImport(): Promise<void>;
  /** Stops a read, drops the pending import, closes the preview. */
  cancelImport(): Promise<void>;
  /** Closes the error shown after a failed read. */
  dismissImportError(): void;
  showLoadReport(open: boolean): void;
}

export const MAPPING_KEY_PREFIX = 'tenglong:mapping:';

/** The localStorage key of a table: its column names, sorted, joined with `|`. */
export const mappingKey = (fieldNames: readonly string[]): string => MAPPING_KEY_PREFIX + [...fieldNames].sort().join('|');

function readRemembered(key: string): RememberedMapping | null {
  try {
    const text = globalThis.localStorage?.getItem(key);
    if (!text) return null;
    const v = JSON.parse(text) as Partial<RememberedMapping>;
    if (typeof v !== 'object' || v === null || typeof v.mapping !== 'object' || v.mapping === null) return null;
    const mapping: Record<string, string | null> = {};
    for (const [k, t] of Object.entries(v.mapping)) if (typeof t === 'string' || t === null) mapping[k] = t;
    const factors: Record<string, number> = {};
    for (const [k, f] of Object.entries(v.factors ?? {})) if (typeof f === 'number' && Number.isFinite(f) && f > 0) factors[k] = f;
    return { mapping, factors };
  } catch {
    return null;
  }
}

function writeRemembered(key: string, value: RememberedMapping): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full store: remembering is a convenience only.
  }
}

/** Column choices of a layer under one role, kept while the user tries another role. */
export type ColumnChoices = Pick<LayerOptions, 'mapping' | 'factors'>;

/**
 * Per-layer merge: mapping and factors column by column. A new role starts the columns afresh (they mean
 * something else under it); the old role's choices go to `stash` and come back if the user returns to it.
 */
function mergeLayer(key: string, prev: LayerOptions | undefined, patch: LayerOptions, currentRole: string | undefined, stash?: Map<string, ColumnChoices>): LayerOptions {
  const base: LayerOptions = { ...prev };
  const oldRole = prev?.role ?? currentRole;
  if (patch.role !== undefined && patch.role !== oldRole) {
    if (oldRole !== undefined && (base.mapping || base.factors)) stash?.set(`${key}\u0000${oldRole}`, { mapping: base.mapping, factors: base.factors });
    delete base.mapping;
    delete base.factors;
    const back = stash?.get(`${key}\u0000${patch.role}`);
    if (back?.mapping) base.mapping = back.mapping;
    if (back?.factors) base.factors = back.factors;
  }
  const out: LayerOptions = { ...base, ...patch };
  if (patch.mapping) {
    // A field has one column: the column just given a field takes it from any other (unmapped there), and
    // comes last, so the latest choice wins where the mapping is read in order (loader/fields.ts).
    const mapping: Record<string, string | null> = { ...base.mapping };
    for (const [column, target] of Object.entries(patch.mapping)) {
      if (target !== null) for (const [other, t] of Object.entries(mapping)) if (other !== column && t === target) mapping[other] = null;
      delete mapping[column];
      mapping[column] = target;
    }
    out.mapping = mapping;
  }
  if (patch.factors) out.factors = { ...base.factors, ...patch.factors };
  return out;
}

export function mergeImportOptions(options: ImportOptions, patch: ImportOptionsPatch, layers: readonly LayerReport[] = [], stash?: Map<string, ColumnChoices>): ImportOptions {
  const out: ImportOptions = { ...options };
  if (patch.geometry) out.geometry = patch.geometry;
  if (patch.layers) {
    const merged = { ...options.layers };
    for (const [key, p] of Object.entries(patch.layers)) {
      merged[key] = mergeLayer(key, merged[key], p, layers.find((l) => l.key === key)?.role, stash);
    }
    out.layers = merged;
  }
  return out;
}

/**
 * The mapping in force for a parcel layer: the preview's rows, with the user's latest choices over them. Of
 * the units only the user's own choices are remembered: a unit the header names is read again from the next
 * file's header, and one the values suggested (m², 元) must be judged again on the next file's values, which
 * may be in another unit (a remembered 元 would make next month's 万元 ten thousand times too small).
 */
function effectiveMapping(layer: LayerReport, options: LayerOptions | undefined): RememberedMapping {
  const mapping: Record<string, string | null> = {};
  for (const f of layer.fields) mapping[f.name] = f.target;
  Object.assign(mapping, options?.mapping);
  return { mapping, factors: { ...options?.factors } };
}

export const createImportSlice: StateCreator<AppState, [], [], ImportSlice> = (set, get) => {
  // Tickets: a newer read, update or cancel makes older answers stale.
  let readTicket = 0;
  let updateTicket = 0;
  // Column choices per layer and role, for the pending import.
  let stash = new Map<string, ColumnChoices>();
  const clientOf = (): AnalysisClient => get().client ?? analysisClient();

  async function sendUpdate(importId: number, options: ImportOptions): Promise<void> {
    const ticket = ++updateTicket;
    const read = readTicket;
    set({ importUpdating: true });
    const result = await clientOf().request('import-update', { importId, options });
    if (ticket !== updateTicket || read !== readTicket || get().importStatus !== 'preview') return;
    if (!result.ok) {
      if (result.error.code === 'cancelled') return;
      set({ importUpdating: false, importError: result.error, ...(result.error.code === 'no-import' ? { importStatus: 'error' as const } : {}) });
      return;
    }
    set({ importUpdating: false, importPreview: result.value, importError: null });
  }

  /** After a fresh preview: applies remembered mappings of the parcel layers the user has not touched. */
  async function applyRemembered(preview: ImportPreview): Promise<void> {
    const patch: Record<string, LayerOptions> = {};
    const remembered: string[] = [];
    const options = get().importOptions;
    for (const layer of preview.layers) {
      if (layer.role !== 'parcels' || options.layers?.[layer.key]) continue;
      const stored = readRemembered(mappingKey(layer.fields.map((f) => f.name)));
      if (!stored) continue;
      const same = layer.fields.every((f) => (stored.mapping[f.name] ?? null) === f.target)
        && Object.entries(stored.factors).every(([target, factor]) => layer.fields.find((f) => f.target === target)?.unit?.factor === factor);
      remembered.push(layer.key);
      if (same) continue;
      patch[layer.key] = { mapping: stored.mapping, ...(Object.keys(stored.factors).length > 0 ? { factors: stored.factors } : {}) };
    }
    set({ importRemembered: remembered });
    if (Object.keys(patch).length === 0) return;
    const merged = mergeImportOptions(options, { layers: patch }, preview.layers);
    set({ importOptions: merged });
    await sendUpdate(preview.importId, merged);
  }

  async function read(request: ImportReadRequest, names: string[]): Promise<void> {
    const ticket = ++readTicket;
    updateTicket++;
    stash = new Map();
    set({
      importStatus: 'reading', importProgress: 0, importFiles: names, importPreview: null, importOptions: {},
      importUpdating: false, importError: null, importRemembered: [], loadReportOpen: false,
    });
    const result = await clientOf().request('import-read', request, (fraction) => {
      if (ticket === readTicket) set({ importProgress: fraction });
    });
    if (ticket !== readTicket) return;
    if (!result.ok) {
      if (result.error.code === 'cancelled') set({ importStatus: 'idle', importProgress: 0 });
      else set({ importStatus: 'error', importError: result.error });
      return;
    }
    set({ importStatus: 'preview', importProgress: 1, importPreview: result.value });
    await applyRemembered(result.value);
  }

  return {
    importStatus: 'idle',
    importProgress: 0,
    importFiles: [],
    importPreview: null,
    importOptions: {},
    importUpdating: false,
    importError: null,
    importRemembered: [],
    loadReportOpen: false,

    startImport(files) {
      if (get().importStatus === 'committing') return Promise.resolve();
      return read({ files }, files.map((f) => f.name));
    },

    startImportUrl(href, bbox = null, bboxCrs, maxFeatures) {
      if (get().importStatus === 'committing') return Promise.resolve();
      return read({ url: { href, bbox, ...(bbox && bboxCrs ? { bboxCrs } : {}), ...(maxFeatures !== undefined ? { maxFeatures } : {}) } }, [href]);
    },

    async updateImportOptions(patch) {
      const { importPreview, importStatus, importOptions } = get();
      if (!importPreview || importStatus !== 'preview') return;
      const merged = mergeImportOptions(importOptions, patch, importPreview.layers, stash);
      set({ importOptions: merged });
      await sendUpdate(importPreview.importId, merged);
    },

    async confirmImport() {
      const { importPreview: preview, importStatus, importOptions: options, importUpdating } = get();
      // Not while the preview is being checked again with the newest options: the user has not seen that yet.
      if (!preview || importStatus !== 'preview' || importUpdating) return;
      const ticket = readTicket;
      updateTicket++;
      set({ importStatus: 'committing', importError: null, importUpdating: false });
      const client = clientOf();
      const result = await client.request('import-commit', { importId: preview.importId, options });
      if (ticket !== readTicket) return;
      if (!result.ok) {
        // The pending import is still there (a blocker, a bug): back to the preview, checked again with the
        // options the commit was refused for (it shows the blockers); else it is gone.
        set({ importStatus: result.error.code === 'no-import' ? 'error' : 'preview', importError: result.error });
        if (result.error.code === 'import-blocked') {
          await sendUpdate(preview.importId, options);
          if (ticket === readTicket && get().importStatus === 'preview') set({ importError: result.error });
        }
        return;
      }
      for (const layer of preview.layers) {
        const role = options.layers?.[layer.key]?.role ?? layer.role;
        if (role !== 'parcels') continue;
        writeRemembered(mappingKey(layer.fields.map((f) => f.name)), effectiveMapping(layer, options.layers?.[layer.key]));
      }
      // Browse by view: the confirmed URL is followed from here on (streamSlice.ts); any other import stops it.
      get().streamConfirmed(get().importFiles[0], options, preview.bytesFetched, result.value.totals.count);
      readTicket++;
      supersedeLoads();
      set({
        importStatus: 'idle', importProgress: 0, importFiles: [], importPreview: null, importOptions: {}, importError: null, importRemembered: [],
        loadStatus: 'ready', loadError: null, dataset: result.value, selectedFid: keptSelection(get(), result.value), analysis: null, analysisStatus: 'idle', analysisError: null, detail: null,
      });
      // The user's saved ledger and settings of this dataset are read first: one analysis, with them.
      await restoreSavedWork(get);
      if (get().dataset !== result.value) return;
      await get().runAnalysis(requestOf(get()), client);
    },

    async cancelImport() {
      const { importPreview, importStatus } = get();
      if (importStatus === 'committing') return;
      readTicket++;
      updateTicket++;
      set({ importStatus: 'idle', importProgress: 0, importFiles: [], importPreview: null, importOptions: {}, importUpdating: false, importError: null, importRemembered: [] });
      if (importStatus === 'reading' || importPreview) {
        await clientOf().request('import-cancel', importPreview ? { importId: importPreview.importId } : {});
      }
    },

    dismissImportError() {
      if (get().importStatus === 'error') set({ importStatus: 'idle', importError: null, importFiles: [], importPreview: null, importOptions: {}, importRemembered: [] });
    },

    showLoadReport(open) {
      set({ loadReportOpen: open });
    },
  };
};
