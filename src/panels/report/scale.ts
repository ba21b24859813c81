/** A scale bar of a round length (1, 2 or 5 × 10ⁿ m) at most `maxPx` wide, for `metresPerPixel`. */
export function scaleBar(metresPerPixel: number, maxPx = 120): { metres: number; px: number; label: string } {
  const max = metresPerPixel * maxPx;
  const pow = 10 ** Math.floor(Math.log10(max));
  const metres = [5, 2, 1].map((k) => k * pow).find((m) => m <= max) ?? pow;
  return { metres, px: metres / metresPerPixel, label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` };
}
