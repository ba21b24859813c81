/** The zones tab: draw, list, statistics, what-if and compare (issue 8). */
export function ZonesPanel() {
  return null;
}
