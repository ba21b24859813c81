/**
 * The parcel picture: below PICTURE_MAX_ZOOM (style.ts) every parcel is drawn in its colouring by the
 * analysis worker into raster tiles (worker/veil.ts, from the same per-pixel parcel ids as the filter
 * veil), so the map draws a dozen textures instead of every parcel's fill and outline. A colouring or an
 * analysis sends the parcels' colours (picture-colours.ts) and points the source at a new URL; the old
 * tiles stay drawn until the new ones are in. Only datasets of PICTURE_MIN_PARCELS or more (style.ts).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { PictureColoursRequest } from '../worker/protocol';
import { COLOUR_MODES } from './bands';
import { askTilesAgain } from './paint';
import { LAYER_MAX_ZOOM, LAYERS, modeLayerId, PICTURE_MAX_ZOOM, PICTURE_SOURCE, pictureUrl } from './style';

/** Sends the worker the picture's colours; the picture tiles asked for after it are drawn in them. */
export type SendPictureColours = (req: PictureColoursRequest) => void;

export class ParcelPicture {
  private generation = 0;
  private cancel: (() => void) | null = null;

  /** `tilesKey` names the dataset's tiles (null: the dataset has none, no picture). */
  constructor(readonly map: MapLibreMap, readonly count: number, private readonly tilesKey: string | null, private readonly send: SendPictureColours) {}

  /** Draws parcel `fid` in `colours[fid]` (opaque RGBA pixels); `done` once the map has the new tiles. */
  show(colours: Uint32Array, done?: () => void): void {
    this.stop();
    const key = this.tilesKey;
    if (key === null || colours.length !== this.count) return void done?.();
    // The colours go before the tiles are asked for; the worker answers in order.
    this.send({ key, colours });
    this.cancel = askTilesAgain(this.map, PICTURE_SOURCE, pictureUrl(key, ++this.generation), () => {
      this.cancel = null;
      done?.();
    });
  }

  /** Stops waiting for the tiles in progress. */
  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }
}

/**
 * Whether the parcels below PICTURE_MAX_ZOOM are the picture (`on`) or the vector colour layers: their zoom
 * range (0 puts them in one bucket with the picking layer again) and the picture layer's visibility. Called
 * when a dataset is shown, before its tiles are parsed; a no-op when nothing changes.
 */
export function showPicture(map: MapLibreMap, on: boolean): void {
  for (const mode of COLOUR_MODES) map.setLayerZoomRange(modeLayerId(mode), on ? PICTURE_MAX_ZOOM : 0, LAYER_MAX_ZOOM);
  if ((map.getLayoutProperty(LAYERS.parcelsPicture, 'visibility') ?? 'visible') !== (on ? 'visible' : 'none')) {
    map.setLayoutProperty(LAYERS.parcelsPicture, 'visibility', on ? 'visible' : 'none');
  }
}
