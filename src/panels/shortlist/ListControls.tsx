/** Choosing, creating, renaming and deleting shortlists. */
import { useEffect, useState, type RefObject } from 'react';
import { useT } from '../../state/selectors';
import { nextListName, type Shortlist } from '../../state/shortlistSlice';
import { useAppStore } from '../../state/store';
import { useSaveOnHide } from '../use-save-on-hide';
import type { ShortlistChange } from './ShortlistPanel';

/**
 * `newRef`: 新建名单, the control that is always there (focus goes to the panel's stable controls when 删除名单
 * goes with the last list). `onChange`: says what changed in the panel's status line.
 */
export function ListControls({ active, newRef, onChange }: { active: Shortlist | null; newRef?: RefObject<HTMLButtonElement | null>; onChange?: (c: ShortlistChange) => void }) {
  const t = useT();
  const lists = useAppStore((s) => s.shortlists);
  const setActive = useAppStore((s) => s.setActiveShortlist);
  const create = useAppStore((s) => s.createShortlist);
  const rename = useAppStore((s) => s.renameShortlist);
  const remove = useAppStore((s) => s.deleteShortlist);
  const [draft, setDraft] = useState(active?.name ?? '');
  useEffect(() => setDraft(active?.name ?? ''), [active?.id, active?.name]);
  const commit = () => {
    if (active && draft.trim() && draft !== active.name) rename(active.id, draft);
    else setDraft(active?.name ?? '');
  };
  useSaveOnHide(() => {
    if (active && draft.trim() && draft !== active.name) rename(active.id, draft);
  });
  return (
    <div className="sl-controls">
      {lists.length > 0 && active && (
        <>
          <label className="sl-field">
            <span>{t('slListLabel')}</span>
            <select data-testid="shortlist-select" value={active.id} onChange={(e) => setActive(e.target.value)}>
              {lists.map((l) => <option key={l.id} value={l.id}>{`${l.name}（${l.fids.length}）`}</option>)}
            </select>
          </label>
          <label className="sl-field">
            <span>{t('slRename')}</span>
            <input
              data-testid="shortlist-name" value={draft} maxLength={80}
              onChange={(e) => setDraft(e.target.value)} onBlur={commit}
              onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') setDraft(active.name); }}
            />
          </label>
        </>
      )}
      <div className="sl-buttons">
        <button
          type="button" className="btn" data-testid="shortlist-new" ref={newRef}
          onClick={() => {
            const name = nextListName(lists, t('slNewName'));
            create(name);
            onChange?.({ kind: 'created', name });
          }}
        >
          {t('slNew')}
        </button>
        {active && (
          <button
            type="button" className="btn" data-testid="shortlist-delete"
            onClick={() => {
              if (active.fids.length > 0 && !window.confirm(t('slDeleteConfirm', { name: active.name, count: active.fids.length }))) return;
              remove(active.id);
              onChange?.({ kind: 'deleted', name: active.name });
            }}
          >
            {t('slDelete')}
          </button>
        )}
      </div>
    </div>
  );
}
