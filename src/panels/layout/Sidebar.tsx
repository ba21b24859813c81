/**
 * The side panel beside the map: tabs for the overview (targets dashboard), exploring (filters and
 * the parcel list), zones, shortlists and rule settings. Beside the map, never over it; on a phone it
 * is a bottom sheet (layout.css). Only the open tab is rendered.
 */
import type { ComponentType } from 'react';
import type { MessageKey } from '../../i18n';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import type { SidebarTab } from '../../state/uiSlice';
import { Dashboard } from '../Dashboard';
import { CarryOver } from '../ledger/CarryOver';
import { LedgerSection } from '../ledger/LedgerSection';
import { ExplorePanel } from '../explore/ExplorePanel';
import { FilterSummary } from '../explore/FilterSummary';
import { RuleSettingsPanel } from '../settings/RuleSettingsPanel';
import { ShortlistPanel } from '../shortlist/ShortlistPanel';
import { ZonesPanel } from '../zones/ZonesPanel';
import { useAfterStart } from './after-start';
import './layout.css';

/** The overview tab: the targets dashboard, then the disposal ledger section under it. */
function Overview() {
  return (
    <>
      <CarryOver />
      <Dashboard />
      <LedgerSection />
    </>
  );
}

const TABS: { id: SidebarTab; label: MessageKey; Panel: ComponentType }[] = [
  { id: 'overview', label: 'tabOverview', Panel: Overview },
  { id: 'explore', label: 'tabExplore', Panel: ExplorePanel },
  { id: 'zones', label: 'tabZones', Panel: ZonesPanel },
  { id: 'shortlist', label: 'tabShortlist', Panel: ShortlistPanel },
  { id: 'settings', label: 'tabSettings', Panel: RuleSettingsPanel },
];

export function Sidebar() {
  const t = useT();
  const tab = useAppStore((s) => s.sidebarTab);
  const open = useAppStore((s) => s.sidebarOpen);
  const setTab = useAppStore((s) => s.setSidebarTab);
  const toggle = useAppStore((s) => s.toggleSidebar);
  const active = TABS.find((x) => x.id === tab) ?? TABS[0]!;
  // The open tab renders once the map has been created (after-start.ts); the panel's frame is there at once.
  const started = useAfterStart();
  return (
    <aside className={open ? 'sidebar' : 'sidebar sidebar-closed'} aria-label={t('sidebarLabel')}>
      <div className="sidebar-head">
        <button type="button" className="sidebar-toggle" aria-expanded={open} onClick={toggle} title={t(open ? 'sidebarHide' : 'sidebarShow')}>
          {open ? '‹' : '›'}
          <span className="visually-hidden">{t(open ? 'sidebarHide' : 'sidebarShow')}</span>
        </button>
        <div className="sidebar-tabs" role="tablist">
          {TABS.map((x) => (
            <button
              key={x.id} type="button" role="tab" id={`tab-${x.id}`} data-testid={`tab-${x.id}`}
              aria-selected={x.id === active.id} aria-controls="sidebar-body"
              className={x.id === active.id ? 'sidebar-tab active' : 'sidebar-tab'}
              onClick={() => setTab(x.id)}
            >
              {t(x.label)}
            </button>
          ))}
        </div>
      </div>
      {open && started && (
        <>
          <FilterSummary />
          <div className="sidebar-body" id="sidebar-body" role="tabpanel" aria-labelledby={`tab-${active.id}`}>
            <active.Panel />
          </div>
        </>
      )}
    </aside>
  );
}
