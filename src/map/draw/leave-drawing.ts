/**
 * Leaving a drawing tool with a shape half drawn (完成/Done, another tool, a tablet with no Enter key):
 * terra-draw's own mode switch deletes the unfinished shape. Here a shape with at least 3 distinct
 * corners is finished instead, through the mode's own finish (as Enter would), so its validation and
 * the `finish` event — and so the zone list — treat it as any finished shape; fewer corners are discarded.
 */
import type { GeoJSONStoreFeatures, TerraDraw } from 'terra-draw';
import type { Position } from 'geojson';

/** What terra-draw needs of a drawing mode here: its keyboard finish (Enter by default). */
interface FinishableMode {
  onKeyUp(event: { key: string; heldKeys: string[]; preventDefault: () => void }): void;
}

type Draw = Pick<TerraDraw, 'getSnapshot' | 'getSnapshotFeature' | 'getMode' | 'removeFeatures'>;

/** The outcome: nothing was being drawn; finished and kept; refused by validation (still being drawn); too few corners (removed). */
export type LeaveOutcome = 'none' | 'finished' | 'refused' | 'discarded';

const FINISH_KEY = 'Enter';

/** The shape being drawn, and its committed corners (the polygon tool's moving guide point and the closing position left out). */
export function unfinishedShape(draw: Draw): { id: string; corners: Position[] } | null {
  const f = draw.getSnapshot().find((x: GeoJSONStoreFeatures) => x.properties.currentlyDrawing === true && x.geometry.type === 'Polygon');
  if (!f || f.id === undefined) return null;
  const ring = (f.geometry.coordinates as Position[][])[0] ?? [];
  // The polygon tool keeps [c0 … cn-1, guide, c0]; rectangle and freehand keep [c0 … cn-1, c0].
  const corners = f.properties.mode === 'polygon' ? ring.slice(0, -2) : ring.slice(0, -1);
  return { id: String(f.id), corners };
}

const distinct = (ps: readonly Position[]): number => new Set(ps.map((p) => `${p[0]},${p[1]}`)).size;

/**
 * Finishes the shape being drawn in the current mode (≥ 3 distinct corners), or removes it (fewer).
 * `modes`: the drawing modes by name. A shape the validation refuses is left being drawn ('refused').
 */
export function finishOrDiscard(draw: Draw, modes: Readonly<Record<string, FinishableMode>>): LeaveOutcome {
  const shape = unfinishedShape(draw);
  if (!shape) return 'none';
  const mode = modes[draw.getMode()];
  // A rectangle still being drawn has only its first click: its other corners follow the pointer, which has
  // left the map for the button, so they would stretch it to the map's edge.
  if (mode && draw.getMode() !== 'rectangle' && distinct(shape.corners) >= 3) {
    mode.onKeyUp({ key: FINISH_KEY, heldKeys: [], preventDefault: () => {} });
    const after = draw.getSnapshotFeature(shape.id);
    return after?.properties.currentlyDrawing === true ? 'refused' : 'finished';
  }
  discard(draw);
  return 'discarded';
}

/** Removes the shape being drawn (取消/Cancel); true when there was one. */
export function discard(draw: Draw): boolean {
  const shape = unfinishedShape(draw);
  if (!shape) return false;
  draw.removeFeatures([shape.id]);
  return true;
}
