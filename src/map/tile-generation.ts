/**
 * Which generation of the parcel tiles the map asks for (the `@<n>` of their URL, one per analysis shown)
 * and whether a parcel tile of an older generation was handed to MapLibre since: a tile still loading
 * when the URL changed is then re-parsed from those old bytes, not fetched again, so paint.ts asks once
 * more. No MapLibre here: data-source.ts notes deliveries, paint.ts reads them.
 */
import { VEIL_SOURCE } from './style';

/** The path part of a veil tile URL after its `tenglong://<key>@<n>` (style.ts veilUrl). */
const VEIL_PATH = `/${VEIL_SOURCE}/`;
let wanted = 0;
let stale = false;

/** The next generation's number; from now on a delivered tile of an older one is stale. */
export function nextTileGeneration(): number {
  stale = false;
  return ++wanted;
}

const generationOf = (url: string): number => Number(/@(\d+)\//.exec(url)?.[1] ?? 0);

/** A parcel tile of `url` was handed to MapLibre. */
export function noteParcelTileDelivered(url: string): void {
  if (generationOf(url) < wanted) stale = true;
}

/** Whether a tile older than the generation asked for was delivered since it was asked for. */
export const staleTileDelivered = (): boolean => stale;

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
