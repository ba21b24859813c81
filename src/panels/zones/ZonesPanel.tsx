/** The zones tab: draw, list, statistics, what-if, compare, import/export (issue 8). */
import { useCallback, useEffect, useRef, useState } from 'react';
import { loadDrawing } from '../../map/draw/lazy';
import type { DrawController } from '../../map/draw/controller';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { ZoneCompare } from './ZoneCompare';
import { ZoneFiles } from './ZoneFiles';
import { ZoneList } from './ZoneList';
import { ZoneMessageLine, type ZoneNotice } from './ZoneMessageLine';
import { ZoneStatsCard } from './ZoneStatsCard';
import { ZoneToolbar } from './ZoneToolbar';
import { ZoneWhatIf } from './ZoneWhatIf';
import './zones.css';

export function ZonesPanel() {
  const t = useT();
  const dataset = useAppStore((s) => s.dataset);
  const analysis = useAppStore((s) => s.analysis);
  const [ctl, setCtl] = useState<DrawController | null>(null);
  // "Deleted, 撤销 brings it back" on the message line; a message of the store's (newer) takes its place.
  // Only while the delete is the newest change: after another, the toolbar's 撤销 would take back that one.
  const [notice, setNotice] = useState<{ notice: ZoneNotice; step: unknown } | null>(null);
  const lastStep = useAppStore((s) => s.zoneHistory.past.at(-1));
  const deleted = useCallback((n: ZoneNotice) => setNotice({ notice: n, step: useAppStore.getState().zoneHistory.past.at(-1) }), []);
  const message = useAppStore((s) => s.zoneMessage);
  useEffect(() => {
    if (message) setNotice(null);
  }, [message]);
  // The stable place focus goes when the control that had it goes away (a message's ×, the last zone deleted).
  const listHeading = useRef<HTMLHeadingElement>(null);
  const dismissed = useCallback(() => {
    setNotice(null);
    listHeading.current?.focus();
  }, []);

  useEffect(() => {
    if (dataset) void useAppStore.getState().ensureZones();
  }, [dataset]);
  // A new analysis changes what the zones hold: ask their figures again.
  useEffect(() => {
    const s = useAppStore.getState();
    s.setActiveZone(s.activeZoneId);
  }, [analysis]);
  useEffect(() => {
    let live = true;
    void loadDrawing().then((c) => live && setCtl(c));
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="zones-panel" aria-labelledby="zones-title">
      <h2 id="zones-title" className="zones-title">{t('zonesTitle')}</h2>
      <p className="zones-intro">{t('zonesIntro')}</p>
      <ZoneToolbar ctl={ctl} />
      <ZoneMessageLine notice={notice && notice.step === lastStep ? notice.notice : null} onDismiss={dismissed} />
      <ZoneList ctl={ctl} headingRef={listHeading} onDeleted={deleted} />
      <ZoneStatsCard />
      <ZoneWhatIf />
      <ZoneCompare />
      <ZoneFiles />
    </section>
  );
}
