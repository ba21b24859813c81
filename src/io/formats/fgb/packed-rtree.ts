/**
 * The layout of FlatGeobuf's packed Hilbert R-tree: how many nodes each level has and where it sits. The
 * flatgeobuf package's `calcTreeSize` loops forever for 0 items (`do n = ceil(n / size) while n !== 1`
 * never reaches 1 from 0), which a damaged or half-written header triggers; these functions refuse 0 items
 * and a node size below 2, so every loop ends after at most log2(items) + 1 levels.
 */

/** Bytes per node: minX, minY, maxX, maxY (float64) and an offset (uint64). */
export const NODE_BYTES = 40;

/** One tree level as node indices [start, end); level 0 is the leaves, the last level the root. */
export interface TreeLevel {
  start: number;
  end: number;
}

/** Levels of a tree over `items` features with `nodeSize` children per node, leaves first; nodes are
 *  stored root first, so the leaves are the last `items` nodes. Null when no such tree exists. */
export function treeLevels(items: number, nodeSize: number): TreeLevel[] | null {
  if (!Number.isSafeInteger(items) || items < 1 || !Number.isInteger(nodeSize) || nodeSize < 2) return null;
  const counts = [items];
  let n = items;
  while (n > 1) {
    n = Math.ceil(n / nodeSize);
    counts.push(n);
  }
  // A single feature still gets a root above its leaf (GDAL and the flatgeobuf package both write two nodes).
  if (counts.length === 1) counts.push(1);
  let end = counts.reduce((a, b) => a + b, 0);
  return counts.map((count) => {
    const level = { start: end - count, end };
    end -= count;
    return level;
  });
}

/** Size in bytes of the index, 0 for none (`nodeSize` 0); null when the header's numbers allow no tree. */
export function treeBytes(items: number, nodeSize: number): number | null {
  if (nodeSize === 0) return 0;
  const levels = treeLevels(items, nodeSize);
  return levels ? levels[0]!.end * NODE_BYTES : null;
}
