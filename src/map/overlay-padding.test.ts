import { describe, expect, it } from 'vitest';
import { fitPadding, grownExtent, type Rect } from './overlay-padding';

/** The map's rectangle at 1024 × 768 (the side panel takes the left 340 px, the bars the top 42 and bottom 26). */
const map: Rect = { left: 340, top: 42, right: 1024, bottom: 742 };
/** The district's box: wider than high. */
const district = { width: 1.4, height: 1 };
/** The open legend at the map's bottom left. */
const legend: Rect = { left: 350, top: 397, right: 665, bottom: 732 };

describe('fitPadding', () => {
  it('keeps every side at the base margin when nothing covers the map', () => {
    expect(fitPadding(map, [], district, 24)).toEqual({ top: 24, bottom: 24, left: 24, right: 24 });
    // A panel outside the map, or folded away to nothing, is no reason either.
    expect(fitPadding(map, [{ left: 0, top: 42, right: 340, bottom: 742 }, { left: 400, top: 500, right: 400, bottom: 500 }], district, 24)).toEqual({ top: 24, bottom: 24, left: 24, right: 24 });
  });

  it('fits a wide district above a legend at the bottom left, where it is drawn larger than beside it', () => {
    const pad = fitPadding(map, [legend], district, 24);
    expect(pad).toEqual({ top: 24, bottom: 742 - 397 + 24, left: 24, right: 24 });
  });

  it('clears the zoom buttons and the legend together, each on the side that leaves room for the other', () => {
    // Clearing the buttons at the top took the height the legend needs: the buttons are cleared at the left.
    const buttons: Rect = { left: 340, top: 42, right: 448, bottom: 142 };
    expect(fitPadding(map, [buttons, legend], district, 24)).toEqual({ top: 24, bottom: 742 - 397 + 24, left: 448 - 340 + 24, right: 24 });
  });

  it('fits a tall box beside the legend instead', () => {
    const pad = fitPadding(map, [legend], { width: 1, height: 3 }, 24);
    expect(pad).toEqual({ top: 24, bottom: 24, left: 665 - 340 + 24, right: 24 });
  });

  it('gives up on a panel it could dodge only by drawing the box at less than the share asked', () => {
    // A legend covering most of a small map: dodging it would leave the district tiny.
    const small: Rect = { left: 0, top: 0, right: 390, bottom: 300 };
    const big: Rect = { left: 10, top: 60, right: 300, bottom: 290 };
    expect(fitPadding(small, [big], district, 24)).toEqual({ top: 24, bottom: 24, left: 24, right: 24 });
    // With no floor (a parcel beside its card), any room left will do: here the 42 px beside it.
    expect(fitPadding(small, [big], district, 24, 0)).toEqual({ top: 24, bottom: 24, left: 300 + 24, right: 24 });
  });

  it('keeps a parcel clear of its card at the right', () => {
    const card: Rect = { left: 1024 - 10 - 360, top: 52, right: 1014, bottom: 732 };
    const pad = fitPadding(map, [card], { width: 1, height: 1 }, 80, 0);
    // Beside it, a margin of 24 px (not the 80 kept from the map's edges).
    expect(pad).toEqual({ top: 80, bottom: 80, left: 80, right: 1024 - card.left + 24 });
    // On a map too narrow for 80 px beside the card too (840 px wide, the side panel open), it is still cleared.
    const narrow: Rect = { left: 340, top: 42, right: 840, bottom: 742 };
    const narrowCard: Rect = { left: 840 - 10 - 360, top: 52, right: 830, bottom: 732 };
    expect(fitPadding(narrow, [narrowCard], { width: 1, height: 1 }, 80, 0).right).toBe(840 - narrowCard.left + 24);
  });

  it('keeps the base padding on a map too small for any clearing, and clears an overlay partly outside the map', () => {
    const tiny: Rect = { left: 0, top: 0, right: 40, bottom: 40 };
    expect(fitPadding(tiny, [{ left: 0, top: 20, right: 20, bottom: 40 }], district, 24)).toEqual({ top: 24, bottom: 24, left: 24, right: 24 });
    // A legend reaching below the map's bottom edge: cleared from its top to the map's edge.
    const low: Rect = { left: 350, top: 600, right: 665, bottom: 900 };
    expect(fitPadding(map, [low], district, 24)).toEqual({ top: 24, bottom: 742 - 600 + 24, left: 24, right: 24 });
  });
});

describe('grownExtent', () => {
  it('takes a sheet held to the window bottom at its max-height, and leaves any other panel as it is', () => {
    // The phone's card as it opens (its rules not in yet), max-height 62vh of 844 px.
    const sheet: Rect = { left: 0, top: 700, right: 390, bottom: 844 };
    expect(grownExtent(sheet, 523, 844)).toEqual({ ...sheet, top: 844 - 523 });
    // Already taller than that (it scrolls inside): as it is.
    expect(grownExtent({ ...sheet, top: 200 }, 523, 844).top).toBe(200);
    // No max-height, or not at the window's bottom (the desktop card, the legend): as it is.
    expect(grownExtent(sheet, Number.NaN, 844)).toEqual(sheet);
    const legend: Rect = { left: 350, top: 397, right: 665, bottom: 732 };
    expect(grownExtent(legend, 500, 768)).toEqual(legend);
  });
});
