/**
 * Which generation of a tiled source's tiles (parcels, buildings) the map asks for (the `@<n>` of their URL,
 * one per dataset or analysis shown) and whether the tiles it ends with may be of an older one. MapLibre
 * does not fetch a tile that is still loading when its source's URL changes: once the old answer is in, it
 * re-parses those bytes for the new URL. A tile answered under an older URL may therefore stay: one answered
 * after the URL changed (a late worker), or one answered just before and still on its way to MapLibre (at
 * start-up, the empty tiles of no dataset as the dataset's URL is set: no parcel was drawn). Either makes the
 * generation stale, and tiled-sources.ts asks once more. No MapLibre here: data-source.ts notes answers,
 * tiled-sources.ts reads them.
 */
import { VEIL_SOURCE } from './style';

/** The path part of a veil tile URL after its `tenglong://<key>@<n>` (style.ts veilUrl). */
const VEIL_PATH = `/${VEIL_SOURCE}/`;

interface Generation {
  wanted: number;
  stale: boolean;
  /** Tiles answered since the source last had every tile in: some may still be on their way to MapLibre. */
  answered: number;
}
const generations = new Map<string, Generation>();
const generationFor = (source: string): Generation => {
  let g = generations.get(source);
  if (!g) generations.set(source, (g = { wanted: 0, stale: false, answered: 0 }));
  return g;
};

/**
 * The next generation's number for `source`. `loading`: the source has a tile loading now; with a tile
 * answered since it last had every tile in, that answer may be on its way and be kept, so the new
 * generation starts stale.
 */
export function nextTileGeneration(source: string, loading: boolean): number {
  const g = generationFor(source);
  g.stale = loading && g.answered > 0;
  return ++g.wanted;
}

/** The generation a tile URL names (`@<n>`; none: 0, the style's first URL). */
export const generationOf = (url: string): number => Number(/@(\d+)\//.exec(url)?.[1] ?? 0);

/** The generation `source` asks for now. */
export const wantedGeneration = (source: string): number => generationFor(source).wanted;

/** A tile of `source` was answered (its bytes handed to MapLibre) with the tiles of `generation`. */
export function noteTileAnswered(source: string, generation: number): void {
  const g = generationFor(source);
  g.answered++;
  if (generation < g.wanted) g.stale = true;
}

/** The source has every tile it needs in: no answer is on its way. */
export function noteTilesSettled(source: string): void {
  generationFor(source).answered = 0;
}

/** Whether a tile of `source` older than the generation asked for may have been kept since it was asked for. */
export const staleTileDelivered = (source: string): boolean => generationFor(source).stale;

/** The filter veil's tiles the map asks for now (`tenglong://<key>@<n>`, map/paint.ts); null: any. One map per page. */
let veilAsked: string | null = null;

/** The veil source now asks for tiles of URL template `url`: a veil tile of any other is answered blank (or fails with NoVeilTile while the veil is hidden: data-source.ts). */
export function askVeilTiles(url: string): void {
  veilAsked = url.slice(0, url.indexOf(VEIL_PATH));
}

/**
 * Whether veil tile `url` is of the URL the map asks for now. A tile of an older filter (or a cleared one)
 * still coming would be drawn from its mask, shown under the next filter until that one's tile replaced it.
 */
export const isVeilAsked = (url: string): boolean => veilAsked === null || url.startsWith(`${veilAsked}${VEIL_PATH}`);
