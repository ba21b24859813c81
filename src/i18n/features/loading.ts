/** UI strings of the loading feature: `zh` (default) and `en` must have the same keys (checked by the type of `en`). */
export const zh = {
  /** The map is fetching / drawing the parcels (tiles cut in the analysis worker). */
  mapDrawing: '地图绘制中…',
  /** While the worker reads the data: which step. */
  loadingStepData: '正在读取地块数据…',
  /** The URL entry's option: keep reading the file by the map's view (streamSlice.ts). */
  streamFollow: '随视图加载（平移、缩放时按范围读取，只保留视图附近的地块）',
  /** The status bar while following a remote file's view. */
  streamStatus: '按视图加载：{count} 宗 · 已取 {fetched} MB / {total} MB（{percent} %）',
  streamStatusNoSize: '按视图加载：{count} 宗 · 已取 {fetched} MB',
  streamLoading: '正在读取视图内的地块…',
  streamTooMany: '视图内至少有 {count} 宗地块，超过 {cap} 宗上限：请放大地图',
  streamFailed: '按视图读取失败：{message}',
} as const;

export const en: Record<keyof typeof zh, string> = {
  mapDrawing: 'Drawing the map…',
  loadingStepData: 'Reading the parcel data…',
  streamFollow: 'Follow the view (read by range as you pan and zoom; keep only the parcels near the view)',
  streamStatus: 'Following the view: {count} {count|parcel|parcels} · fetched {fetched} MB / {total} MB ({percent} %)',
  streamStatusNoSize: 'Following the view: {count} {count|parcel|parcels} · fetched {fetched} MB',
  streamLoading: 'Reading the parcels in view…',
  streamTooMany: 'The view holds at least {count} {count|parcel|parcels}, over the limit of {cap}: zoom in',
  streamFailed: 'Reading the view failed: {message}',
};
