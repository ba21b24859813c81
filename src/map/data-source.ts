/**
 * The map's tiled sources (parcels, buildings) are served by the analysis worker: MapLibre asks for
 * `tenglong://<key>/<layer>/<z>/<x>/<y>` and this protocol handler forwards it as a `tile` request and
 * hands back the bytes the worker transferred. The page never holds the geometry. A tile of another
 * dataset (an older key) or of no dataset (`none`) is empty. The filter veil's and the parcel picture's
 * raster tiles come the same way (`veil-tile`), as ImageBitmaps drawn in the worker; the veil of no
 * dataset (hidden) has no tiles at all (NoVeilTile).
 */
import { addProtocol } from 'maplibre-gl';
import type { AnalysisClient } from '../worker/client';
import { PICTURE_KEY_SUFFIX, type TileRequest, type VeilTileRequest } from '../worker/protocol';
import { NO_DATASET_KEY, NO_PICTURE_KEY, NO_VEIL_URL, VEIL_SOURCE } from './style';
import { generationOf, isVeilAsked, noteTileAnswered, wantedGeneration } from './tile-generation';
import { WARM_UP_KEY, warmUpTile } from './warm-up';

export const TILE_PROTOCOL = 'tenglong';

/** `<dataset key>[@<analysis run>]`: the run only makes the URL new, so MapLibre fetches the tiles again. */
const PATTERN = /^tenglong:\/\/([^/@]+)(?:@\d+)?\/(parcels|buildings)\/(\d+)\/(\d+)\/(\d+)$/;

/**
 * The tile request named by a `tenglong://` URL, or null when the URL is not one. The worker answers with
 * its latest analysis' codes whatever run the URL names (the page asks for a run once it is in).
 */
export function parseTileUrl(url: string): TileRequest | null {
  const m = PATTERN.exec(url);
  if (!m) return null;
  return { key: m[1]!, layer: m[2] as TileRequest['layer'], z: Number(m[3]), x: Number(m[4]), y: Number(m[5]) };
}

/** `tenglong://<key>@<filter>/veil/<z>/<x>/<y>[@2x]`: a raster tile of the filter veil (worker/veil.ts). */
const VEIL_PATTERN = new RegExp(`^tenglong://([^/@]+)(?:@\\d+)?/${VEIL_SOURCE}/(\\d+)/(\\d+)/(\\d+)(@2x)?$`);

/** The veil tile named by a `tenglong://` URL, or null when the URL is not one. */
export function parseVeilUrl(url: string): VeilTileRequest | null {
  const m = VEIL_PATTERN.exec(url);
  if (!m) return null;
  return { key: m[1]!, z: Number(m[2]), x: Number(m[3]), y: Number(m[4]), ratio: m[5] ? 2 : 1 };
}

const EMPTY = (): ArrayBuffer => new ArrayBuffer(0);

/**
 * The hidden veil's answer: no tile. MapLibre draws an empty tile (a transparent texture over the whole
 * view, ~25 ms a frame on software WebGL) but not a failed one. Not a 404: after a 404 MapLibre looks for
 * the tile's parents at once, again at every failure, and in an e2e test the map was never idle; after
 * another error it reports it (reportMapError passes this one over) and looks for parents at its next
 * update only. Those parents fail too, and a filter's new URL drops them before any is asked of the worker.
 */
export class NoVeilTile extends Error {
  constructor() {
    super('no veil tile: nothing is veiled');
  }
}

/** Thrown for every hidden veil tile: one instance (a pan asks for a dozen, each would build a stack trace). */
const NO_VEIL_TILE = new NoVeilTile();

/** The map's error handler: the hidden veil's NoVeilTile is by design; any other error is logged, as MapLibre logs one with no handler. */
export function reportMapError(e: { error?: unknown }): void {
  if (!(e.error instanceof NoVeilTile)) console.error(e.error);
}

let registered = false;

/** The dataset tiles each tiled source (parcels, buildings) names now; absent: none (see `tileRequestNow`). */
const shownTiles = new Map<string, string>();

/** Notes the dataset whose tiles source `layer` names from now on (null: none). Called as the map's source URL is set. */
export function noteTilesShown(layer: string, key: string | null): void {
  if (key === null) shownTiles.delete(layer);
  else shownTiles.set(layer, key);
}

/**
 * The tile to answer for `req`. A tile asked for under the no-dataset URL after a dataset's was set is
 * answered from that dataset: MapLibre works a tile's URL out before it asks, and a tile it began to load
 * (the district fitted at a new zoom) as the URL changed is asked under the old one and not asked again,
 * so its parcels were never drawn (e2e, perf suite, at the district's zoom below 10).
 */
export function tileRequestNow(req: TileRequest): TileRequest {
  const shown = req.key === NO_DATASET_KEY ? shownTiles.get(req.layer) : undefined;
  return shown === undefined ? req : { ...req, key: shown };
}

/** Registers the protocol once; `client()` is the worker that holds the loaded dataset. */
export function registerTileProtocol(client: () => AnalysisClient | null): void {
  if (registered) return;
  registered = true;
  addProtocol(TILE_PROTOCOL, async (params, abort) => {
    const worker = client();
    const veil = parseVeilUrl(params.url);
    if (veil) {
      // An empty answer is a transparent tile; an ImageBitmap goes to the texture as it is.
      if (veil.key === WARM_UP_KEY) return { data: await warmUpTile() };
      // The hidden veil: no tile; the picture of no dataset: empty.
      if (veil.key === NO_DATASET_KEY) throw NO_VEIL_TILE;
      if (veil.key === NO_PICTURE_KEY || !worker) return { data: EMPTY() };
      // A filter veil tile of a URL the map no longer asks for: its mask is not the filter now. No tile when the
      // veil is hidden now (a blank one would stay drawn in the hidden source), else blank (a failed tile
      // would have MapLibre ask the worker for its parents).
      const current = () => veil.key.endsWith(PICTURE_KEY_SUFFIX) || isVeilAsked(params.url);
      const stale = (): { data: ArrayBuffer } => {
        if (isVeilAsked(NO_VEIL_URL)) throw NO_VEIL_TILE;
        return { data: EMPTY() };
      };
      if (!current()) return stale();
      const r = await worker.request('veil-tile', veil);
      if (abort.signal.aborted) {
        if (r.ok) r.value?.close();
        throw new DOMException('tile request aborted', 'AbortError');
      }
      if (!r.ok) throw new Error(r.error.message);
      if (!current()) {
        r.value?.close();
        return stale();
      }
      return { data: r.value ?? EMPTY() };
    }
    const asked = parseTileUrl(params.url);
    if (!asked) return { data: EMPTY() };
    const req = tileRequestNow(asked);
    // A tile answered from the dataset shown now is of the generation asked for now.
    const generation = req === asked ? generationOf(params.url) : wantedGeneration(req.layer);
    if (req.key === NO_DATASET_KEY || !worker) {
      noteTileAnswered(req.layer, generation);
      return { data: EMPTY() };
    }
    const r = await worker.request('tile', req);
    if (abort.signal.aborted) throw new DOMException('tile request aborted', 'AbortError');
    if (!r.ok) throw new Error(r.error.message);
    noteTileAnswered(req.layer, generation);
    return { data: r.value ?? EMPTY() };
  });
}
