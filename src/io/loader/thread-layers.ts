/**
 * What a second thread (the CLI's building thread, cli/buildings-thread.ts; the app's overlay thread,
 * worker/overlay-thread-work.ts) reads through the one loader on its own, and how the thread that waits
 * for it checks the small layers were read alike before it uses the thread's overlay.
 */
import { packPolygons, type PackedPolygons } from '../../geo/packed';
import type { InputFile } from '../source';
import { assemble, evaluate, readInputs } from './index';
import type { ImportedLayers } from './index';
import type { LayerReport } from './report';
import type { LayerRole } from './roles';

/** The building layer as the loader evaluated it, or `ok: false` when it has anything to report (then the waiting thread reads it, for a whole report). */
export type BuildingsAnswer =
  | { ok: true; report: LayerReport; buildings: PackedPolygons; hashes: [string, string][] }
  | { ok: false };

/** Reads `files` (the building file and its sidecars) as one building layer, as loadFiles would. */
export async function readBuildingLayer(files: readonly InputFile[]): Promise<BuildingsAnswer> {
  const read = await readInputs(files, {}, 'buildings');
  const { evaluations } = evaluate(read, {}, Object.fromEntries(files.map((f) => [f.name, 'buildings' as const])));
  const e = evaluations[0];
  if (read.fileProblems.length > 0 || evaluations.length !== 1 || !e || e.report.blocked || e.report.role !== 'buildings' || !e.content.buildings) return { ok: false };
  return { ok: true, report: e.report, buildings: packPolygons(e.content.buildings), hashes: [...read.fileHashes] };
}

export type SmallLayers = Pick<ImportedLayers, 'blocklines' | 'parks' | 'towns'>;

/** The block lines, parks and towns in `files` (by `roles`), read through the loader; null if any has a problem to report. */
export async function readSmallLayers(files: readonly InputFile[], roles: Record<string, LayerRole>): Promise<SmallLayers | null> {
  const read = await readInputs(files, {}, 'layers');
  const { evaluations } = evaluate(read, {}, roles);
  if (read.fileProblems.length > 0 || evaluations.some((e) => e.report.blocked)) return null;
  const { blocklines, parks, towns } = assemble(evaluations);
  return { ...(blocklines ? { blocklines } : {}), ...(parks ? { parks } : {}), ...(towns ? { towns } : {}) };
}

/** What the small layers held, as a thread reports it with its overlay: block-line count (-1 none), distinct park and town names. */
export interface SmallLayersSeen { blocklines: number; parks: string[] | null; towns: string[] | null }

/** Only what smallLayersSeen looks at (the overlay's input types and ImportedLayers both fit). */
type Named = { blocklines?: readonly unknown[]; parks?: readonly { name: string }[]; towns?: readonly { name: string }[] };

const namesOf = (l: readonly { name: string }[] | undefined): string[] | null => (l ? [...new Set(l.map((f) => f.name))] : null);
const sameNames = (a: string[] | null, b: string[] | null): boolean => (a === null ? b === null : b !== null && a.length === b.length && a.every((x, i) => x === b[i]));

export const smallLayersSeen = (l: Named): SmallLayersSeen => ({ blocklines: l.blocklines?.length ?? -1, parks: namesOf(l.parks), towns: namesOf(l.towns) });

/** True when a thread saw the small layers as `layers` holds them (same block-line count, same park and town names in order). */
export function sameSmallLayers(seen: SmallLayersSeen, layers: Named): boolean {
  const here = smallLayersSeen(layers);
  return seen.blocklines === here.blocklines && sameNames(seen.parks, here.parks) && sameNames(seen.towns, here.towns);
}
