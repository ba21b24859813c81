/**
 * Drawing consolidation zones with terra-draw on the MapLibre map (loaded on demand: see lazy.ts).
 * The store's zone list is the truth; terra-draw shows and edits it. Finishing a shape adds a zone,
 * finishing an edit replaces its geometry (both undoable in the store); deleting in select mode
 * deletes the zone. While a shape is drawn or edited, its outline goes to `zone-stats` at most once
 * per animation frame. Self-intersecting outlines are refused with a message.
 */
import {
  TerraDraw, TerraDrawFreehandMode, TerraDrawModeUndoRedo, TerraDrawPolygonMode, TerraDrawRectangleMode, TerraDrawSelectMode,
  ValidateNotSelfIntersecting, type GeoJSONStoreFeatures, type SnapToCustom,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Polygon } from 'geojson';
import { useAppStore } from '../../state/store';
import { newZoneId, type DrawMode } from '../../state/zonesSlice';
import { LAYERS } from '../style';
import { drawMap, setDrawCapturesClicks } from './map-ref';
import { snapToRings, type Px } from './snap-math';
import { drawable, showStaticZones } from './static-zones';
import { discard, finishOrDiscard, unfinishedShape } from './leave-drawing';
import { holeNotice } from './hole-notice';

const SHAPES = ['polygon', 'rectangle', 'freehand'] as const;
const SNAP_PX = 12;
const DEFAULT_COLOUR = '#e6550d';

type Feature = GeoJSONStoreFeatures;
type Validation = NonNullable<ConstructorParameters<typeof TerraDrawPolygonMode>[0]>['validation'];

const colourOf = (f: Feature): `#${string}` => {
  const c = f.properties.zoneColour;
  return (typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c) ? c : DEFAULT_COLOUR) as `#${string}`;
};

const isZoneFeature = (f: Feature): f is GeoJSONStoreFeatures<Polygon> =>
  f.geometry.type === 'Polygon' && typeof f.id === 'string' && (SHAPES as readonly string[]).includes(String(f.properties.mode));

/** A closed ring with at least three distinct corners: worth measuring. */
const measurable = (g: Polygon): boolean => new Set((g.coordinates[0] ?? []).map((p) => `${p[0]},${p[1]}`)).size >= 3;

const sameGeometry = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface DrawController {
  /** Leaving a drawing tool finishes a shape of ≥ 3 corners as a zone (or keeps drawing when it is refused), else discards it. */
  setMode(mode: DrawMode): void;
  /** Discards the shape being drawn (取消) and leaves the drawing tools. */
  cancel(): void;
  /** Undoes the last vertex of a shape being drawn; false when nothing was being drawn. */
  undoVertex(): boolean;
  redoVertex(): boolean;
  setSnapping(on: boolean): void;
  /** Selects a zone for editing (select mode). */
  edit(id: string): void;
}

function snapper(map: MapLibreMap): SnapToCustom {
  return (event) => {
    if (!useAppStore.getState().snapping) return undefined;
    const x = event.containerX;
    const y = event.containerY;
    const hits = map.queryRenderedFeatures([[x - SNAP_PX, y - SNAP_PX], [x + SNAP_PX, y + SNAP_PX]], { layers: [LAYERS.parcelsFill] });
    const rings: Px[][] = [];
    for (const h of hits.slice(0, 40)) {
      const g = h.geometry;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      for (const poly of polys) for (const ring of poly) rings.push(ring.map((p) => { const q = map.project([p[0]!, p[1]!]); return [q.x, q.y] as Px; }));
    }
    const hit = snapToRings([x, y], rings, SNAP_PX);
    if (!hit) return undefined;
    const ll = map.unproject(hit.point);
    return [ll.lng, ll.lat];
  };
}

export async function startDrawing(): Promise<DrawController> {
  const map = await drawMap();
  const store = useAppStore;
  const refuse = () => store.getState().setZoneMessage({ code: 'self-intersection' });
  // Adding a corner or closing the shape must leave a simple outline; the moving guide point may cross.
  const validation: Validation = (feature, { updateType }) => {
    if (updateType !== 'finish' && updateType !== 'commit') return { valid: true };
    const r = ValidateNotSelfIntersecting(feature);
    if (!r.valid) refuse();
    return r;
  };
  const editValidation: Validation = (feature) => {
    const r = ValidateNotSelfIntersecting(feature);
    if (!r.valid) refuse();
    return r;
  };
  const zoneStyles = { fillColor: colourOf, outlineColor: colourOf, fillOpacity: 0.18, outlineWidth: 2 };
  const snapping = { toCoordinate: true, toCustom: snapper(map) };
  const editFlags = {
    feature: {
      draggable: true, selfIntersectable: false, validation: editValidation,
      coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping },
    },
  };
  const drawModes = {
    polygon: new TerraDrawPolygonMode({ validation, snapping, styles: zoneStyles }),
    rectangle: new TerraDrawRectangleMode({ validation, styles: zoneStyles }),
    freehand: new TerraDrawFreehandMode({ validation, styles: zoneStyles }),
  };
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'zones' }),
    idStrategy: { getId: newZoneId, isValidId: (id) => typeof id === 'string' && id.length > 0 },
    undoRedo: { modeLevel: new TerraDrawModeUndoRedo() },
    modes: [
      drawModes.polygon,
      drawModes.rectangle,
      drawModes.freehand,
      new TerraDrawSelectMode({ flags: { polygon: editFlags, rectangle: editFlags, freehand: editFlags }, styles: { selectedPolygonFillOpacity: 0.25, selectedPolygonOutlineWidth: 3 } }),
    ],
  });
  draw.start();
  draw.setMode('static');

  let syncing = false;
  /** Zones the "cannot be edited on the map" message was raised for (once each, never over another message). */
  const warned = new Set<string>();
  /** The store's zones → terra-draw (after load, undo, import, delete, recolour). */
  function sync(): void {
    const zones = store.getState().zones;
    const want = new Map(zones.map((z) => [z.id, z]));
    syncing = true;
    try {
      const have = new Map(draw.getSnapshot().filter(isZoneFeature).map((f) => [f.id as string, f]));
      const gone = [...have.values()].filter((f) => !want.has(f.id as string) && !f.properties.currentlyDrawing).map((f) => f.id!);
      if (gone.length) draw.removeFeatures(gone);
      for (const z of zones) {
        const f = have.get(z.id);
        // terra-draw edits simple polygons only: the others are shown read-only (static-zones.ts), listed and measured.
        if (!drawable(z) || z.geometry.type !== 'Polygon') continue;
        if (!f) {
          draw.addFeatures([{ type: 'Feature', id: z.id, geometry: z.geometry, properties: { mode: 'polygon', zoneColour: z.colour } }]);
          continue;
        }
        if (!sameGeometry(f.geometry.coordinates, z.geometry.coordinates)) draw.updateFeatureGeometry(z.id, z.geometry);
        if (f.properties.zoneColour !== z.colour) draw.updateFeatureProperties(z.id, { zoneColour: z.colour });
      }
      showStaticZones(map, zones);
      if (holeNotice(zones, warned, store.getState().zoneMessage)) store.getState().setZoneMessage({ code: 'hole-not-drawn' });
    } finally {
      syncing = false;
    }
  }

  let frame = 0;
  let liveId: string | null = null;
  const sendLive = () => {
    frame = 0;
    const f = liveId ? draw.getSnapshotFeature(liveId) : undefined;
    if (f && isZoneFeature(f) && measurable(f.geometry)) store.getState().requestLiveZoneStats(f.id as string, f.geometry);
  };

  draw.on('change', (ids, type) => {
    if (syncing) return;
    if (type === 'delete') {
      const s = store.getState();
      for (const id of ids) {
        if (s.zones.some((z) => z.id === id)) s.deleteZone(String(id));
        else if (s.activeZoneId === id) s.setActiveZone(s.zones[0]?.id ?? null); // a shape cancelled while drawn
      }
      return;
    }
    for (const id of ids) {
      const f = draw.getSnapshotFeature(id);
      if (!f || !isZoneFeature(f)) continue;
      if (store.getState().activeZoneId !== id) store.getState().setActiveZone(String(id));
      liveId = String(id);
      frame ||= requestAnimationFrame(sendLive);
    }
  });

  draw.on('finish', (id, ctx) => {
    const f = draw.getSnapshotFeature(id);
    if (!f || !isZoneFeature(f)) return;
    const s = store.getState();
    if (ctx.action === 'draw') {
      s.setZoneMessage(null);
      s.addZone(f.geometry, String(id));
      controller.setMode('static');
    } else if (s.zones.some((z) => z.id === id)) {
      s.updateZoneGeometry(String(id), f.geometry);
    }
  });

  const isDrawing = (m: string) => (SHAPES as readonly string[]).includes(m);
  /** Before leaving a drawing tool: the half-drawn shape kept as a zone or discarded; false = stay (the outline was refused). */
  const leaveShape = (): boolean => {
    if (!unfinishedShape(draw)) return true;
    // An earlier refused corner's message must not be taken for this finish's refusal.
    if (store.getState().zoneMessage?.code === 'self-intersection') store.getState().setZoneMessage(null);
    const out = finishOrDiscard(draw, drawModes);
    if (out === 'refused') {
      if (store.getState().zoneMessage?.code === 'self-intersection') return false; // the planner fixes it, or cancels
      discard(draw);
    }
    if (out === 'discarded' || out === 'refused') store.getState().setZoneMessage({ code: 'too-few-corners' });
    return true;
  };

  const controller: DrawController = {
    setMode(mode) {
      const from = draw.getMode();
      if (isDrawing(from) && mode === from) return; // the same tool again: the shape being drawn stays
      if (isDrawing(from) && !leaveShape()) return;
      // Finishing the shape may have switched to static already (the finish handler).
      if (draw.getMode() !== mode || mode === 'select') draw.setMode(mode);
      // Off only after the click that finished the shape has passed (MapLibre's click comes after pointerup).
      if (mode !== 'static') setDrawCapturesClicks(true);
      else setTimeout(() => setDrawCapturesClicks(store.getState().drawMode !== 'static'), 50);
      store.getState().setDrawMode(mode);
    },
    cancel() {
      discard(draw);
      controller.setMode('static');
    },
    undoVertex: () => (draw.canUndo() ? draw.undo() : false),
    redoVertex: () => (draw.canRedo() ? draw.redo() : false),
    setSnapping(on) {
      store.getState().setSnapping(on);
    },
    edit(id) {
      if (!draw.hasFeature(id)) return;
      controller.setMode('select');
      // A refused outline being drawn keeps its tool (setMode stayed): selecting would force terra-draw out of it.
      if (draw.getMode() !== 'select') return;
      draw.selectFeature(id);
    },
  };

  sync();
  store.subscribe((s, prev) => {
    if (s.zones !== prev.zones) sync();
  });
  return controller;
}
