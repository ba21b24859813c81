/**
 * The parcel picture: below PICTURE_MAX_ZOOM (style.ts) every parcel is drawn by the analysis worker into
 * raster tiles (worker/veil.ts, from the same per-pixel parcel ids as the filter veil), so the map draws a
 * dozen textures instead of every parcel's fill and outline. The page gives the worker one RGBA pixel per
 * distinct colouring code (picture-colours.ts) and the worker draws each parcel in its own code's pixel. An
 * analysis (new codes) or a colouring change sends new pixels; the worker draws the view's tiles before it
 * answers, and only then are the tiles asked for again under a new URL: they come back at once, in one frame
 * (the old tiles stay drawn until then). Only datasets of PICTURE_MIN_PARCELS or more (style.ts).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { PictureColoursRequest } from '../worker/protocol';
import { COLOUR_MODES, type ColourMode } from './bands';
import { askTilesAgain } from './paint';
import { codePixels } from './picture-colours';
import { LAYER_MAX_ZOOM, LAYERS, modeLayerId, PICTURE_MAX_ZOOM, PICTURE_SOURCE, pictureUrl } from './style';

/**
 * Sends the worker the picture's pixels per code; the picture tiles asked for after it are drawn in them.
 * A promise settles once the worker has drawn the view's picture tiles (they are then asked for).
 */
export type SendPictureColours = (req: PictureColoursRequest) => Promise<unknown> | void;

/** The one code of every parcel before an analysis (0: drawn grey). */
const NO_ANALYSIS = new Float64Array(1);

export class ParcelPicture {
  private generation = 0;
  private cancel: (() => void) | null = null;
  /** The distinct codes of the worker's tiles (null: all grey, before an analysis), and the colouring shown. */
  private codes: Float64Array | null = null;
  private shown = false;
  private mode: ColourMode | null = null;

  /** `tilesKey` names the dataset's tiles (null: the dataset has none, no picture). */
  constructor(readonly map: MapLibreMap, readonly count: number, readonly tilesKey: string | null, private readonly send: SendPictureColours) {}

  /**
   * Draws every parcel in its packed code's colour (parcel-codes.ts) in colouring `mode`: `codes` are the
   * distinct codes the worker's tiles carry (AnalysisView.colourCodes), the worker draws each parcel from its
   * own; null (before an analysis): every parcel grey. `done` once the map has it.
   */
  show(codes: Float64Array | null, mode: ColourMode, done?: () => void): void {
    if (this.tilesKey === null) return void done?.();
    this.codes = codes;
    this.shown = true;
    this.mode = mode;
    this.redraw(done);
  }

  /** Shows colouring `mode`: the tiles drawn again in its colours; `done` once the map has them. */
  setMode(mode: ColourMode, done?: () => void): void {
    if (mode === this.mode || !this.shown) return void done?.();
    this.mode = mode;
    this.redraw(done);
  }

  /** Sends the pixels, and once the worker has drawn the view in them, asks for every tile again. */
  private redraw(done?: () => void): void {
    this.stop();
    const key = this.tilesKey!;
    const sent = this.send({ key, codes: this.codes, pixels: codePixels(this.codes ?? NO_ANALYSIS, this.mode!) });
    const ask = () => {
      this.cancel = askTilesAgain(this.map, PICTURE_SOURCE, pictureUrl(key, ++this.generation), () => {
        this.cancel = null;
        done?.();
      });
    };
    if (!sent) return ask();
    // The map is not touched until the worker has the view's tiles: no frame of half-new tiles meanwhile.
    let waiting = true;
    this.cancel = () => void (waiting = false);
    void sent.then(() => waiting && ask());
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
