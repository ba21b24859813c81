/**
 * The parcel picture: below PICTURE_MAX_ZOOM (style.ts) every parcel is drawn by the analysis worker into
 * raster tiles (worker/veil.ts, from the same per-pixel parcel ids as the filter veil), so the map draws a
 * dozen textures instead of every parcel's fill and outline. The tiles hold a KEY per pixel (the parcel's
 * colouring code in the palette, picture-colours.ts), read by a color-relief layer as a DEM: its colour ramp
 * turns keys into the colouring's colours on the GPU. A colouring change is a new ramp — one paint property,
 * one frame, no tile drawn or uploaded (the tiles were redrawn for each colouring: 0.2–0.5 s to the map idle
 * at 100k, several frames). An analysis (new codes) sends the new keys and asks for the tiles again; the old
 * tiles stay drawn, in the right colours (keys are only added), until the new ones are in. Only datasets of
 * PICTURE_MIN_PARCELS or more (style.ts).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { PictureColoursRequest } from '../worker/protocol';
import { COLOUR_MODES, type ColourMode } from './bands';
import { askTilesAgain } from './paint';
import { PicturePalette } from './picture-colours';
import { LAYER_MAX_ZOOM, LAYERS, modeLayerId, PICTURE_MAX_ZOOM, PICTURE_SOURCE, pictureUrl, SELECTED_OUTLINE_MIN_ZOOM } from './style';

/** Sends the worker the picture's pixels per fid; the picture tiles asked for after it are drawn in them. */
export type SendPictureColours = (req: PictureColoursRequest) => void;

/** The one code of every parcel before an analysis (0: drawn grey). */
const NO_ANALYSIS = new Float64Array(1);

export class ParcelPicture {
  private generation = 0;
  private cancel: (() => void) | null = null;
  /** The distinct codes of the worker's tiles (the palette's keys are made for them; null: all grey), and the colouring shown. */
  private codes: Float64Array | null = null;
  private shown = false;
  private mode: ColourMode | null = null;
  /** A ramp waits for the new tiles (keys given out again, or per colouring): no ramp set before they are in. */
  private rampPending = false;

  /**
   * `tilesKey` names the dataset's tiles (null: the dataset has none, no picture). `palette` is the map's, kept
   * from one dataset to the next (codes mean the same in any): the last dataset's tiles keep their colours
   * while the next one's load.
   */
  constructor(readonly map: MapLibreMap, readonly count: number, readonly tilesKey: string | null, private readonly send: SendPictureColours, private readonly palette = new PicturePalette()) {}

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
    this.palette.add(codes ?? NO_ANALYSIS);
    this.redraw(done);
  }

  /** Shows colouring `mode`: a new ramp (or, past the ramp's size, new tiles); `done` once the map has it. */
  setMode(mode: ColourMode, done?: () => void): void {
    if (mode === this.mode || !this.shown) return void done?.();
    this.mode = mode;
    if (this.palette.perMode) return this.redraw(done);
    // Tiles with keys given out again are coming: their ramp (in this colouring) is set when they are in.
    if (!this.rampPending) this.setRamp();
    done?.();
  }

  private setRamp(): void {
    // Not validated: the ramp is made here (tested), and validating its ~1,400 arguments was most of a switch's JS.
    this.map.setPaintProperty(LAYERS.parcelsPicture, 'color-relief-color', this.palette.rampOf(this.mode!), { validate: false });
  }

  /** Sends the pixels and asks for every tile again; the ramp is set at once (it holds the old tiles' keys too). */
  private redraw(done?: () => void): void {
    this.stop();
    const key = this.tilesKey!;
    // The pixels go before the tiles are asked for; the worker answers in order.
    // Keys per colouring, or keys given out again (also by a redraw these tiles replace): the old tiles'
    // keys mean other colours in the new ramp, which is set only once the new tiles are in, and a parcel
    // the pixels do not list keeps no old pixel.
    const rekeyed = this.palette.perMode || this.palette.restarted;
    this.send({ key, codes: this.codes, pixels: this.palette.pixels(this.codes ?? NO_ANALYSIS, this.mode!), keepUnlisted: !rekeyed });
    this.rampPending ||= rekeyed;
    if (!this.rampPending) this.setRamp();
    this.cancel = askTilesAgain(this.map, PICTURE_SOURCE, pictureUrl(key, ++this.generation), () => {
      this.cancel = null;
      if (this.rampPending) this.setRamp();
      this.rampPending = false;
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
  // No layer of the parcel tiles below the picture's zoom: MapLibre then loads none there. At 100k parcels
  // the few district-zoom tiles held every parcel, 2.5 s of parsing in MapLibre's worker after an import,
  // ahead of the picture's own tiles in its queue. Clicks there ask the worker (createMap.ts pickParcel).
  map.setLayerZoomRange(LAYERS.parcelsFill, on ? PICTURE_MAX_ZOOM : 0, LAYER_MAX_ZOOM);
  map.setLayerZoomRange(LAYERS.parcelsSelected, on ? Math.max(PICTURE_MAX_ZOOM, SELECTED_OUTLINE_MIN_ZOOM) : SELECTED_OUTLINE_MIN_ZOOM, LAYER_MAX_ZOOM);
  if ((map.getLayoutProperty(LAYERS.parcelsPicture, 'visibility') ?? 'visible') !== (on ? 'visible' : 'none')) {
    map.setLayoutProperty(LAYERS.parcelsPicture, 'visibility', on ? 'visible' : 'none');
  }
}
