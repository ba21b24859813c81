/**
 * A new version of the data starts with none of the user's work: when another dataset's saved ledger or
 * lists name its parcels, offer to bring them over (state/carry-over.ts), once per dataset.
 */
import { useEffect, useRef, useState } from 'react';
import { carryOver, declineCarryOver, declinedCarryOver, findCarryOver, type CarryOverOffer } from '../../state/carry-over';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';

export function CarryOver() {
  const t = useT();
  const dataset = useAppStore((s) => s.dataset);
  const ready = useAppStore((s) => s.analysisStatus === 'ready' && s.ledgerPersist === 'ready');
  const hash = dataset?.info.identity.hash ?? null;
  const [offer, setOffer] = useState<CarryOverOffer | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // The buttons go with the offer: focus moves to what was done, not to the page's body.
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  // Looked for once per dataset, when its own saved work is known (the ledger read, the first analysis done).
  const [searched, setSearched] = useState<string | null>(null);
  useEffect(() => {
    setOffer(null);
    setDone(null);
  }, [hash]);
  useEffect(() => {
    if (!hash || !ready || !dataset || searched === hash) return;
    setSearched(hash);
    if (declinedCarryOver(hash)) return;
    const ids = new Set(dataset.parcels.map((p) => p.attributes.parcelId));
    findCarryOver(hash, ids).then((o) => {
      if (useAppStore.getState().dataset?.info.identity.hash === hash) setOffer(o);
    }, () => undefined);
  }, [hash, ready, dataset, searched]);

  if (done) return <p ref={doneRef} tabIndex={-1} className="carry-over carry-over-done" role="status" data-testid="carry-over-done">{done}</p>;
  if (!offer || !hash) return null;
  const take = async () => {
    setBusy(true);
    try {
      const r = await carryOver(() => useAppStore.getState(), offer);
      const parts = [t('carryDone', { ledger: r.ledger, lists: r.lists })];
      if (r.notKept > 0) parts.push(t('ledgerNotKept', { count: r.notKept }));
      if (r.missing > 0) parts.push(t('carryMissing', { missing: r.missing }));
      setDone(parts.join(useAppStore.getState().lang === 'en' ? ' ' : ''));
    } catch (e) {
      setDone(t('carryFailed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
      setOffer(null);
    }
  };
  const decline = () => {
    declineCarryOver(hash);
    setOffer(null);
    setDone(t('carryDeclined'));
  };
  return (
    <section className="carry-over" data-testid="carry-over" aria-label={t('carryTitle')}>
      <p>
        {t('carryOffer', { date: offer.savedAt.slice(0, 10), ledger: offer.ledger, here: offer.ledgerHere, lists: offer.lists })}
        {offer.rules && ` ${t('carryRules')}`}
      </p>
      <div className="carry-over-buttons">
        <button type="button" className="btn btn-primary" data-testid="carry-over-take" disabled={busy} onClick={() => void take()}>{t('carryTake')}</button>
        <button type="button" className="btn" data-testid="carry-over-decline" disabled={busy} onClick={decline}>{t('carryDecline')}</button>
      </div>
    </section>
  );
}
