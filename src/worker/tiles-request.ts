/** The `tile` request: one vector tile of the session's dataset, as bytes the worker can transfer. */
import type { Result, TileRequest } from './protocol';
import type { Session } from './session';
import { TILE_LAYERS } from './tiles';

export function tileOf(session: Session, req: TileRequest): Result<ArrayBuffer | null> {
  const tiles = session.tiles;
  if (!tiles || tiles.key !== req.key) return { ok: true, value: null };
  if (!(TILE_LAYERS as readonly string[]).includes(req.layer)) return { ok: false, error: { code: 'bad-request', message: `no tiled layer "${String(req.layer)}"` } };
  const bytes = tiles.tile(req.layer, req.z, req.x, req.y);
  // Its own buffer, exactly the tile's bytes, so it can be transferred.
  return { ok: true, value: bytes ? bytes.slice().buffer : null };
}
