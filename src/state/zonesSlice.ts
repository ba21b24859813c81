import type { StateCreator } from 'zustand';
import type { MultiPolygon, Polygon } from 'geojson';
import type { ZoneStats, ZoneWhatIfInput } from '../domain/zone-stats';
import { usableSavedZones, type SavedZone } from '../io/zones-file';
import type { AnalysisView } from '../worker/protocol';
import { deleteRecord, getRecord, listRecords, onOtherTabChange, putRecord } from './persist/idb';
import type { AppState } from './store';
import { defaultZoneName, highestNumber, nameUnnamedZones } from './zone-names';

/**
 * Consolidation zones (issue 8): the kept list (undo/redo over add, delete, rename, recolour and
 * geometry edits; kept in IndexedDB under one dataset-independent key — zones are lon/lat outlines, not
 * parcels, so a new version of the data files shows the same zones; the per-dataset records of earlier
 * versions are taken over when their dataset is read), the active zone, and the engine's
 * `zone-stats` answers. A newer request (seq) supersedes an older one: live requests while drawing
 * or editing go out at once; the kept zones' figures are fetched one at a time behind them.
 */
export type ZoneGeometry = Polygon | MultiPolygon;
/** Whether the map's drawing tool can show and edit a zone: one polygon without holes (others are shown read-only). */
export const zoneDrawable = (zone: { geometry: ZoneGeometry }): boolean => zone.geometry.type === 'Polygon' && zone.geometry.coordinates.length === 1;

export type DrawMode = 'static' | 'polygon' | 'rectangle' | 'freehand' | 'select';
export type ZoneMessage =
  | { code: 'self-intersection' | 'no-draw' | 'hole-not-drawn' }
  /** Leaving a drawing tool with fewer than 3 corners drawn: the shape was discarded. */
  | { code: 'too-few-corners' }
  | { code: 'import-failed'; text: string }
  /** `notes`: what the user should check about the file read (both languages). */
  | { code: 'imported'; count: number; notes?: { zh: string; en: string }[] }
  /** Saved zones that could not be used (damaged, or from another version): left out of the list, kept in the record. */
  | { code: 'dropped-saved'; count: number };

interface StatsEntry {
  geometry: ZoneGeometry;
  whatIfKey: string;
  analysis: AnalysisView | null;
  stats: ZoneStats;
}

export interface ZonesSlice {
  zones: SavedZone[];
  /** Entries of the saved record this version cannot use: written back as they were with every save. */
  unusableZones: unknown[];
  /** Dataset hash the zones were read for (null = not read yet). */
  zonesFor: string | null;
  activeZoneId: string | null;
  zoneHistory: { past: SavedZone[][]; future: SavedZone[][] };
  zoneStats: Record<string, StatsEntry>;
  /** Figures of an outline being drawn or edited (not yet kept). */
  liveZoneStats: ZoneStats | null;
  zoneWhatIf: ZoneWhatIfInput;
  zoneMessage: ZoneMessage | null;
  drawMode: DrawMode;
  snapping: boolean;
  /** Reads the zones kept for the loaded dataset (once per dataset). */
  ensureZones(): Promise<void>;
  addZone(geometry: ZoneGeometry, id: string): void;
  addZones(zones: SavedZone[]): void;
  updateZoneGeometry(id: string, geometry: ZoneGeometry): void;
  renameZone(id: string, name: string): void;
  recolourZone(id: string, colour: string): void;
  deleteZone(id: string): void;
  undoZones(): void;
  redoZones(): void;
  setActiveZone(id: string | null): void;
  setZoneWhatIf(w: ZoneWhatIfInput): void;
  setZoneMessage(m: ZoneMessage | null): void;
  setDrawMode(m: DrawMode): void;
  setSnapping(on: boolean): void;
  /** Figures for an outline while it is drawn/edited; called at most once per animation frame. */
  requestLiveZoneStats(zoneId: string, geometry: ZoneGeometry): void;
}

const HISTORY = 50;
export const ZONE_COLOURS = ['#e6550d', '#3182bd', '#31a354', '#756bb1', '#d6616b', '#8c6d31', '#17becf', '#e377c2'] as const;
const paletteColour = (n: number): string => ZONE_COLOURS[n % ZONE_COLOURS.length]!;

/** A fresh zone id (no crypto needed: an intranet page over plain http has no crypto.randomUUID). */
export const newZoneId = (): string => `z${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
const whatIfKeyOf = (w: ZoneWhatIfInput) => `${w.targetTaxPerMu ?? ''}|${w.targetFar ?? ''}`;
/** The zones of every dataset (IndexedDB store 'zones'). */
export const ZONES_KEY = 'shared/zones';
/* Versions before the shared key kept a dataset's zones under `${hash}/zones`: read once, taken over, then deleted (readShared). */

/** True when `entry` answers `zone` under the current what-if and analysis. */
export const statsCurrent = (s: AppState, zone: SavedZone): StatsEntry | null => {
  const e = s.zoneStats[zone.id];
  return e && e.geometry === zone.geometry && e.whatIfKey === whatIfKeyOf(s.zoneWhatIf) && e.analysis === s.analysis ? e : null;
};

/** The figures to show for the active zone: the newest of its live and kept answers. */
export function activeZoneStats(s: AppState): ZoneStats | null {
  const id = s.activeZoneId;
  if (!id) return null;
  const live = s.liveZoneStats?.zoneId === id ? s.liveZoneStats : null;
  const kept = s.zoneStats[id]?.stats ?? null;
  if (live && kept) return live.seq > kept.seq ? live : kept;
  return live ?? kept;
}

/** The active zone after undo/redo: kept if still there, else a zone the step brought back, else null. */
function activeAfter(active: string | null, before: readonly SavedZone[], after: readonly SavedZone[]): string | null {
  if (active && after.some((z) => z.id === active)) return active;
  const had = new Set(before.map((z) => z.id));
  return after.find((z) => !had.has(z.id))?.id ?? null;
}

/** Zones merged by id, ours winning: another tab's write never drops a zone of this tab. */
export function mergeZones(theirs: readonly SavedZone[], ours: readonly SavedZone[]): SavedZone[] {
  const mine = new Set(ours.map((z) => z.id));
  return [...theirs.filter((z) => !mine.has(z.id)), ...ours];
}

/** Unusable entries of two records, each once (by their JSON text). */
function mergeUnusable(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  const seen = new Set(a.map((x) => JSON.stringify(x)));
  return [...a, ...b.filter((x) => !seen.has(JSON.stringify(x)))];
}

export const createZonesSlice: StateCreator<AppState, [], [], ZonesSlice> = (set, get, api) => {
  let seq = 0;
  let liveSeq = 0;
  let pumping = false;
  let version = 0;
  let saving: Promise<void> = Promise.resolve();
  let stopListening: (() => void) | null = null;
  /** The highest N of a default name 片区 N given this visit: only goes up. */
  let highest = 0;

  const hash = () => get().dataset?.info.identity.hash ?? null;

  /** The next default name: one past every 片区 N in the list, its undo/redo steps and this visit. */
  function nextDefaultName(): string {
    const { zones, zoneHistory } = get();
    highest = Math.max(highest, highestNumber([zones, ...zoneHistory.past, ...zoneHistory.future])) + 1;
    return defaultZoneName(highest);
  }

  function save(): void {
    if (!get().zonesFor) return;
    saving = saving.then(async () => {
      try {
        const zones = get().zones;
        let r = await putRecord<unknown[]>('zones', ZONES_KEY, [...zones, ...get().unusableZones], version);
        if (!r.ok) {
          // Another tab wrote first: keep both tabs' zones (and what neither can read), then write on top of its version.
          const theirs = usableSavedZones(r.current?.value);
          const merged = mergeZones(theirs.zones, zones);
          const unusable = mergeUnusable(get().unusableZones, theirs.unusable);
          if (get().zonesFor) set({ zones: merged, unusableZones: unusable });
          r = await putRecord<unknown[]>('zones', ZONES_KEY, [...merged, ...unusable], r.current?.version ?? 0);
        }
        if (r.ok) {
          version = r.record.version;
          get().reportSave('zones', null);
        }
      } catch (e) {
        // Storage unavailable (private mode, full): the zones stay for this visit, and the status bar says so.
        get().reportSave('zones', e);
      }
    });
  }

  /** Replaces the zone list as one undoable step. */
  function commit(next: SavedZone[], extra: Partial<ZonesSlice> = {}): void {
    const { zones, zoneHistory } = get();
    set({ zones: next, zoneHistory: { past: [...zoneHistory.past, zones].slice(-HISTORY), future: [] }, ...extra });
    save();
    void pump();
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    const s = get();
    const client = s.client;
    if (!client || !s.analysis) return;
    const todo = s.zones.find((z) => z.id === s.activeZoneId && !statsCurrent(s, z)) ?? s.zones.find((z) => !statsCurrent(s, z));
    if (!todo) return;
    pumping = true;
    const whatIf = s.zoneWhatIf;
    const analysis = s.analysis;
    const mySeq = ++seq;
    const r = await client.request('zone-stats', { zoneId: todo.id, seq: mySeq, geometry: todo.geometry, whatIf });
    pumping = false;
    if (r.ok) {
      set((st) => ({ zoneStats: { ...st.zoneStats, [todo.id]: { geometry: todo.geometry, whatIfKey: whatIfKeyOf(whatIf), analysis, stats: r.value } } }));
      void pump();
    } else if (r.error.code === 'cancelled') {
      setTimeout(() => void pump(), 120); // a live edit overtook it: ask again once the edits pause
    }
    // Other errors (no dataset/analysis yet): the next change of zones or analysis asks again.
  }

  /**
   * The shared record, with every dataset's record of an earlier version taken over (their zones added, by
   * id; not only the loaded dataset's: zones drawn on last month's files belong here too) and then deleted,
   * once the shared record holds them. Returns the record's value and version.
   */
  async function readShared(attempt = 0): Promise<{ value: unknown; version: number }> {
    const rec = await getRecord<unknown>('zones', ZONES_KEY);
    const legacy = (await listRecords<unknown>('zones')).filter((r) => r.key !== ZONES_KEY && r.key.endsWith('/zones'));
    if (legacy.length === 0) return { value: rec?.value, version: rec?.version ?? 0 };
    const shared = usableSavedZones(rec?.value);
    const zones = [...shared.zones];
    let unusable = shared.unusable;
    const have = new Set(zones.map((z) => z.id));
    for (const l of legacy) {
      const old = usableSavedZones(l.value);
      for (const z of old.zones) {
        if (have.has(z.id)) continue;
        have.add(z.id);
        zones.push(z);
      }
      unusable = mergeUnusable(unusable, old.unusable);
    }
    const value = [...zones, ...unusable];
    const r = await putRecord<unknown[]>('zones', ZONES_KEY, value, rec?.version ?? 0);
    // Another tab wrote (or took them over) meanwhile: again, on its record; the old records stay until it lands.
    if (!r.ok) return attempt < 3 ? readShared(attempt + 1) : { value: r.current?.value, version: r.current?.version ?? 0 };
    for (const l of legacy) await deleteRecord('zones', l.key);
    return { value, version: r.record.version };
  }

  async function readZones(h: string): Promise<void> {
    try {
      const rec = await readShared();
      if (hash() !== h) return;
      version = rec.version;
      const { dropped, unusable, ...read } = usableSavedZones(rec.value);
      const zones = nameUnnamedZones(read.zones);
      const active = get().activeZoneId;
      set({
        zones, unusableZones: unusable, zonesFor: h, zoneHistory: { past: [], future: [] }, zoneStats: {}, liveZoneStats: null,
        activeZoneId: active && zones.some((z) => z.id === active) ? active : zones[0]?.id ?? null,
        ...(dropped > 0 ? { zoneMessage: { code: 'dropped-saved', count: dropped } } : {}),
      });
    } catch (e) {
      set({ zones: [], unusableZones: [], zonesFor: h });
      get().reportSave('zones', e);
    }
    void pump();
  }

  // Another dataset: the figures of the zones were of the other one's parcels; drop them (and the analyses they hold).
  api.subscribe((s, prev) => {
    if (s.dataset !== prev.dataset && (Object.keys(s.zoneStats).length > 0 || s.liveZoneStats !== null)) set({ zoneStats: {}, liveZoneStats: null });
  });

  return {
    zones: [],
    unusableZones: [],
    zonesFor: null,
    activeZoneId: null,
    zoneHistory: { past: [], future: [] },
    zoneStats: {},
    liveZoneStats: null,
    zoneWhatIf: {},
    zoneMessage: null,
    drawMode: 'static',
    snapping: true,
    async ensureZones() {
      const h = hash();
      if (!h) return;
      stopListening ??= onOtherTabChange((c) => {
        const cur = get().zonesFor;
        if (c.store === 'zones' && cur && c.key === ZONES_KEY) void readZones(cur);
      });
      if (get().zonesFor === h) {
        void pump();
        return;
      }
      await readZones(h);
    },
    addZone(geometry, id) {
      const zones = get().zones;
      // A fixed default name, saved with the zone: deleting another zone never renumbers it.
      const zone: SavedZone = { id, name: nextDefaultName(), colour: paletteColour(zones.length), geometry };
      commit([...zones, zone], { activeZoneId: id });
    },
    addZones(added) {
      if (added.length === 0) return;
      const zones = get().zones;
      const coloured = added.map((z, i) => ({ ...z, colour: z.colour || paletteColour(zones.length + i), name: z.name || nextDefaultName() }));
      commit([...zones, ...coloured], { activeZoneId: coloured[0]!.id });
    },
    updateZoneGeometry(id, geometry) {
      commit(get().zones.map((z) => (z.id === id ? { ...z, geometry } : z)));
    },
    renameZone(id, name) {
      // A name cleared: the zone gets a default name again (a fresh number), not one by its position.
      const given = name.trim() === '' ? nextDefaultName() : name;
      commit(get().zones.map((z) => (z.id === id ? { ...z, name: given } : z)));
    },
    recolourZone(id, colour) {
      commit(get().zones.map((z) => (z.id === id ? { ...z, colour } : z)));
    },
    deleteZone(id) {
      const s = get();
      // Its figures go too (they hold the analysis they were computed on); undo asks for them again.
      const { [id]: _gone, ...zoneStats } = s.zoneStats;
      commit(s.zones.filter((z) => z.id !== id), {
        zoneStats, ...(s.liveZoneStats?.zoneId === id ? { liveZoneStats: null } : {}), ...(s.activeZoneId === id ? { activeZoneId: null } : {}),
      });
    },
    undoZones() {
      const { zones, zoneHistory } = get();
      const prev = zoneHistory.past.at(-1);
      if (!prev) return;
      set({ zones: prev, zoneHistory: { past: zoneHistory.past.slice(0, -1), future: [zones, ...zoneHistory.future] }, activeZoneId: activeAfter(get().activeZoneId, zones, prev) });
      save();
      void pump();
    },
    redoZones() {
      const { zones, zoneHistory } = get();
      const next = zoneHistory.future[0];
      if (!next) return;
      set({ zones: next, zoneHistory: { past: [...zoneHistory.past, zones], future: zoneHistory.future.slice(1) }, activeZoneId: activeAfter(get().activeZoneId, zones, next) });
      save();
      void pump();
    },
    setActiveZone(activeZoneId) {
      set({ activeZoneId });
      void pump();
    },
    setZoneWhatIf(zoneWhatIf) {
      set({ zoneWhatIf });
      void pump();
    },
    setZoneMessage: (zoneMessage) => set({ zoneMessage }),
    setDrawMode: (drawMode) => set({ drawMode }),
    setSnapping: (snapping) => set({ snapping }),
    requestLiveZoneStats(zoneId, geometry) {
      const client = get().client;
      if (!client || !get().analysis) return;
      const mySeq = ++seq;
      liveSeq = mySeq;
      void client.request('zone-stats', { zoneId, seq: mySeq, geometry, whatIf: get().zoneWhatIf }).then((r) => {
        if (r.ok && mySeq === liveSeq) set({ liveZoneStats: r.value });
      });
    },
  };
};
