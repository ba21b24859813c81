/** UI strings of the loading feature: `zh` (default) and `en` must have the same keys (checked by the type of `en`). */
export const zh = {
  /** The map is fetching / drawing the parcels (tiles cut in the analysis worker). */
  mapDrawing: '地图绘制中…',
  /** While the worker reads the data: which step. */
  loadingStepData: '正在读取地块数据…',
} as const;

export const en: Record<keyof typeof zh, string> = {
  mapDrawing: 'Drawing the map…',
  loadingStepData: 'Reading the parcel data…',
};
