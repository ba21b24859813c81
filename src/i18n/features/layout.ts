/** UI strings of the layout feature: `zh` (default) and `en` must have the same keys (checked by the type of `en`). */
export const zh = {
  sidebarLabel: '侧栏',
  sidebarHide: '收起侧栏',
  sidebarShow: '展开侧栏',
  tabOverview: '概览',
  tabExplore: '筛选与清单',
  tabZones: '片区',
  tabShortlist: '名单导出',
  tabSettings: '规则设置',
  saveFailed: '浏览器未能读取或保存{what}（{why}）：本页中的修改只在本页有效，关闭或刷新后会丢失，请先用各自的“导出”保存为文件。',
  saveWhatSettings: '规则设置',
  saveWhatZones: '片区',
  saveWhatShortlists: '名单',
} as const;

export const en: Record<keyof typeof zh, string> = {
  sidebarLabel: 'Side panel',
  sidebarHide: 'Hide the side panel',
  sidebarShow: 'Show the side panel',
  tabOverview: 'Overview',
  tabExplore: 'Filter & list',
  tabZones: 'Zones',
  tabShortlist: 'Shortlists',
  tabSettings: 'Rule settings',
  saveFailed: 'The browser did not read or save the {what} ({why}): what you change holds in this page only and is lost when it is closed or reloaded; save it to a file with each one\'s Export first.',
  saveWhatSettings: 'rule settings',
  saveWhatZones: 'zones',
  saveWhatShortlists: 'lists',
};
