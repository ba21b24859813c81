/** Another tab changed the same field(s) of this parcel's record: per field, keep this tab's value or the other's. */
import { useState } from 'react';
import type { MessageKey } from '../../i18n';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { ownValue } from '../../state/own-keys';
import { ledgerValueWords } from './disposal-words';

const FIELD_LABEL: Record<string, MessageKey> = {
  entry: 'disposalConflictEntry', action: 'disposalAction', status: 'disposalStatus', date: 'disposalDate', note: 'disposalNote',
};

export function ConflictChoice({ parcelId }: { parcelId: string }) {
  const t = useT();
  const conflict = useAppStore((s) => ownValue(s.ledgerConflicts, parcelId));
  const resolve = useAppStore((s) => s.resolveLedgerConflict);
  const [choice, setChoice] = useState<Record<string, 'mine' | 'theirs'>>({});
  if (!conflict) return null;
  const shown = (v: string | null, field: string) => (v === null ? t(field === 'entry' ? 'disposalRemoved' : 'disposalEmpty') : ledgerValueWords(v, t));
  return (
    <div className="disposal-conflict" role="alert" data-testid="disposal-conflict">
      <p>{t('disposalConflictTitle')}</p>
      {conflict.conflicts.map((c) => (
        <fieldset key={c.field}>
          <legend>{t(FIELD_LABEL[c.field]!)}</legend>
          {(['mine', 'theirs'] as const).map((side) => (
            <label key={side}>
              <input
                type="radio" name={`conflict-${parcelId}-${c.field}`} value={side}
                checked={(choice[c.field] ?? 'theirs') === side}
                onChange={() => setChoice({ ...choice, [c.field]: side })}
              />
              {t(side === 'mine' ? 'disposalKeepMine' : 'disposalKeepTheirs', { value: shown(side === 'mine' ? c.mine : c.theirs, c.field) })}
            </label>
          ))}
        </fieldset>
      ))}
      <button type="button" onClick={() => void resolve(parcelId, choice)}>{t('disposalConflictSave')}</button>
    </div>
  );
}
