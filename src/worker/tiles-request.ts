/** The `tile` request: one vector tile of the session's dataset, as bytes the worker can transfer. */
import { requestsHeld } from './analyze';
import type { Result, TileRequest } from './protocol';
import type { Session } from './session';
import { TILE_LAYERS } from './tiles';

/**
 * The tile's bytes. While the first analysis is still being made (its overlay in the other thread) the
 * tile's geometry is cut (geojson-vt's drill-down, the costly part of a first tile) and the encoding,
 * which carries the analysis' codes, waits for it: no tile is served without them.
 */
export async function tileOf(session: Session, req: TileRequest): Promise<Result<ArrayBuffer | null>> {
  const valid = (tiles: Session['tiles']) => tiles && tiles.key === req.key && (TILE_LAYERS as readonly string[]).includes(req.layer);
  // rawTile cuts nothing for a tile address out of the grid (a hostile or broken request).
  if (valid(session.tiles)) session.tiles!.rawTile(req.layer, req.z, req.x, req.y);
  await requestsHeld();
  const tiles = session.tiles;
  if (!tiles || tiles.key !== req.key) return { ok: true, value: null };
  if (!(TILE_LAYERS as readonly string[]).includes(req.layer)) return { ok: false, error: { code: 'bad-request', message: `no tiled layer "${String(req.layer)}"` } };
  const bytes = tiles.tile(req.layer, req.z, req.x, req.y);
  // Its own buffer, exactly the tile's bytes, so it can be transferred.
  return { ok: true, value: bytes ? bytes.slice().buffer : null };
}
