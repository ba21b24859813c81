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
};
