/**
 * Browsing a remote indexed FlatGeobuf by the map's view: the pure box arithmetic. A view is
 * [west, south, east, north] in lon/lat; what is loaded is the view grown by a margin on every side, and a
 * new view needs a fetch only when it leaves what is loaded.
 */
export type LonLatBox = [west: number, south: number, east: number, north: number];

/** Share of the view's width and height added on each side of what is fetched. */
export const STREAM_MARGIN = 0.25;
/** At most this many parcels are loaded at once; a view holding more asks the user to zoom in. */
export const STREAM_CAP = 50_000;
/** A view change waits this long for the map to settle before anything is fetched. */
export const STREAM_DEBOUNCE_MS = 250;

/** `box` grown by `margin` of its width / height on each side. */
export function grow(box: LonLatBox, margin = STREAM_MARGIN): LonLatBox {
  const dx = (box[2] - box[0]) * margin;
  const dy = (box[3] - box[1]) * margin;
  return [box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy];
}

/** `inner` lies wholly inside `outer`. */
export function inside(inner: LonLatBox, outer: LonLatBox): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/**
 * The box to fetch for `view`, or null when what is loaded already covers it. A view that is much smaller
 * than what is loaded (the user zoomed far in) fetches again too, so memory follows the view.
 */
export function boxToFetch(view: LonLatBox, loaded: LonLatBox | null, margin = STREAM_MARGIN): LonLatBox | null {
  if (loaded && inside(view, loaded)) {
    const area = (b: LonLatBox) => (b[2] - b[0]) * (b[3] - b[1]);
    if (area(view) * 16 >= area(loaded)) return null;
  }
  return grow(view, margin);
}

/** Whether a read of `count` parcels may be loaded. */
export const withinCap = (count: number, cap = STREAM_CAP): boolean => count <= cap;

/** The share of the file fetched, in per cent (0 when the size is unknown). */
export const fetchedPercent = (bytes: number, fileBytes: number | null): number => (fileBytes && fileBytes > 0 ? (100 * bytes) / fileBytes : 0);

/** Total size from a `Content-Range: bytes 0-0/12345` header, or null. */
export function totalFromContentRange(header: string | null): number | null {
  const m = /^bytes\s+\d+-\d+\/(\d+)$/i.exec(header ?? '');
  return m ? Number(m[1]) : null;
}
