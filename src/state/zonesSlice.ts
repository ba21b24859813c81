import type { StateCreator } from 'zustand';
import type { MultiPolygon, Polygon } from 'geojson';
import type { ZoneStats, ZoneWhatIfInput } from '../domain/zone-stats';
import { usableSavedZones, type SavedZone } from '../io/zones-file';
import type { AnalysisView } from '../worker/protocol';
import { getRecord, onOtherTabChange, putRecord } from './persist/idb';
import type { AppState } from './store';

/**
 * Consolidation zones (issue 8): the kept list (undo/redo over add, delete, rename, recolour and
 * geometry edits; kept in IndexedDB per dataset identity), the active zone, and the engine's
 * `zone-stats` answers. A newer request (seq) supersedes an older one: live requests while drawing
 * or editing go out at once; the kept zones' figures are fetched one at a time behind them.
 */
export type ZoneGeometry = Polygon | MultiPolygon;
/** Whether the map's drawing tool can show and edit a zone: one polygon without holes (others are shown read-only). */
export const zoneDrawable = (zone: { geometry: ZoneGeometry }): boolean => zone.geometry.type === 'Polygon' && zone.geometry.coordinates.length === 1;

export type DrawMode = 'static' | 'polygon' | 'rectangle' | 'freehand' | 'select';
export type ZoneMessage =
  | { code: 'self-intersection' | 'no-draw' | 'hole-not-drawn' }
  | { code: 'import-failed'; text: string }
  /** `notes`: what the user should check about the file read (both languages). */
  | { code: 'imported'; count: number; notes?: { zh: string; en: string }[] }
  /** Saved zones that could not be used (damaged, or from another version): left out. */
  | { code: 'dropped-saved'; count: number };

interface StatsEntry {
  geometry: ZoneGeometry;
  whatIfKey: string;
  analysis: AnalysisView | null;
  stats: ZoneStats;
}

export interface ZonesSlice {
  zones: SavedZone[];
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
const storageKey = (hash: string) => `${hash}/zones`;

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

export const createZonesSlice: StateCreator<AppState, [], [], ZonesSlice> = (set, get) => {
  let seq = 0;
  let liveSeq = 0;
  let pumping = false;
  let version = 0;
  let saving: Promise<void> = Promise.resolve();
  let stopListening: (() => void) | null = null;

  const hash = () => get().dataset?.info.identity.hash ?? null;

  function save(): void {
    const h = get().zonesFor;
    if (!h) return;
    saving = saving.then(async () => {
      try {
        const zones = get().zones;
        let r = await putRecord('zones', storageKey(h), zones, version);
        if (!r.ok) {
          // Another tab wrote first: keep both tabs' zones, then write on top of its version.
          const merged = mergeZones(r.current?.value ?? [], zones);
          if (get().zonesFor === h) set({ zones: merged });
          r = await putRecord('zones', storageKey(h), merged, r.current?.version ?? 0);
        }
        if (r.ok) version = r.record.version;
      } catch {
        /* storage unavailable (private mode): the zones stay for this visit */
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

  async function readZones(h: string): Promise<void> {
    try {
      const rec = await getRecord<SavedZone[]>('zones', storageKey(h));
      if (hash() !== h) return;
      version = rec?.version ?? 0;
      const { zones, dropped } = usableSavedZones(rec?.value);
      set({ zones, zonesFor: h, zoneHistory: { past: [], future: [] }, zoneStats: {}, liveZoneStats: null, activeZoneId: zones[0]?.id ?? null, ...(dropped > 0 ? { zoneMessage: { code: 'dropped-saved', count: dropped } } : {}) });
    } catch {
      set({ zones: [], zonesFor: h });
    }
    void pump();
  }

  return {
    zones: [],
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
        if (c.store === 'zones' && cur && c.key === storageKey(cur)) void readZones(cur);
      });
      if (get().zonesFor === h) {
        void pump();
        return;
      }
      await readZones(h);
    },
    addZone(geometry, id) {
      const zones = get().zones;
      const n = zones.length + 1;
      // Unnamed zones show as 片区 N (by position) until the user names them.
      const zone: SavedZone = { id, name: '', colour: paletteColour(n - 1), geometry };
      commit([...zones, zone], { activeZoneId: id });
    },
    addZones(added) {
      if (added.length === 0) return;
      const zones = get().zones;
      const coloured = added.map((z, i) => (z.colour ? z : { ...z, colour: paletteColour(zones.length + i) }));
      commit([...zones, ...coloured], { activeZoneId: coloured[0]!.id });
    },
    updateZoneGeometry(id, geometry) {
      commit(get().zones.map((z) => (z.id === id ? { ...z, geometry } : z)));
    },
    renameZone(id, name) {
      commit(get().zones.map((z) => (z.id === id ? { ...z, name } : z)));
    },
    recolourZone(id, colour) {
      commit(get().zones.map((z) => (z.id === id ? { ...z, colour } : z)));
    },
    deleteZone(id) {
      const s = get();
      commit(s.zones.filter((z) => z.id !== id), s.activeZoneId === id ? { activeZoneId: null } : {});
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
