/**
 * The export buttons: each file is written in the analysis worker (request 'export', with progress) and
 * saved through a Blob URL; the report opens the printable view.
 */
import { useState } from 'react';
import type { ExportFormat } from '../../io/export/model';
import type { MessageKey } from '../../i18n';
import { useT } from '../../state/selectors';
import type { Shortlist } from '../../state/shortlistSlice';
import { useAppStore } from '../../state/store';
import { localToday, saveFile } from '../save-file';

const BUTTONS: { format: ExportFormat; label: MessageKey }[] = [
  { format: 'xlsx', label: 'exXlsx' },
  { format: 'csv', label: 'exCsv' },
  { format: 'geojson', label: 'exGeojson' },
  { format: 'fgb', label: 'exFgb' },
  { format: 'shp', label: 'exShp' },
];

type Status = { kind: 'idle' } | { kind: 'working'; format: string; pct: number } | { kind: 'done'; file: string } | { kind: 'failed'; message: string };

/** Always there (the spec's export hooks), disabled while there is no list or it is empty. */
export function ExportBar({ list, onReport }: { list: Shortlist | null; onReport(): void }) {
  const t = useT();
  const [encoding, setEncoding] = useState<'utf-8' | 'gbk'>('utf-8');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const ready = useAppStore((s) => s.analysis !== null);
  const empty = !list || list.fids.length === 0;

  const run = async (format: ExportFormat, label: string) => {
    const { client, dataset, analysis } = useAppStore.getState();
    if (!list) return;
    if (!client || !dataset || !analysis) {
      setStatus({ kind: 'failed', message: t('exNoAnalysis') });
      return;
    }
    setStatus({ kind: 'working', format: label, pct: 0 });
    const info = dataset.info;
    const r = await client.request('export', {
      format, fids: list.fids, listName: list.name, options: { encoding }, exportedOn: localToday(),
      dataset: { name: info.label || info.name, hash: info.identity.hash, synthetic: info.synthetic, asOf: info.asOf ?? null },
    }, (f) => setStatus({ kind: 'working', format: label, pct: Math.round(f * 100) }));
    if (!r.ok) {
      setStatus({ kind: 'failed', message: r.error.code === 'no-analysis' ? t('exNoAnalysis') : r.error.message });
      return;
    }
    saveFile(r.value.bytes, r.value.fileName, r.value.mime);
    setStatus({ kind: 'done', file: r.value.fileName });
  };

  const busy = status.kind === 'working';
  return (
    <section className="sl-exports" aria-label={t('slExports')}>
      <h3>{t('slExports')}</h3>
      <div className="sl-buttons">
        {BUTTONS.map((b) => (
          <button key={b.format} type="button" className="btn" data-testid={`export-${b.format}`} disabled={empty || !ready || busy} onClick={() => void run(b.format, t(b.label))}>
            {t(b.label)}
          </button>
        ))}
        <button type="button" className="btn btn-primary" data-testid="export-report" disabled={empty || !ready} onClick={onReport}>{t('exReport')}</button>
      </div>
      <label className="sl-field">
        <span>{t('exEncoding')}</span>
        <select data-testid="export-encoding" value={encoding} onChange={(e) => setEncoding(e.target.value === 'gbk' ? 'gbk' : 'utf-8')}>
          <option value="utf-8">UTF-8</option>
          <option value="gbk">GBK（936）</option>
        </select>
      </label>
      <p className="sl-status" role="status" aria-live="polite" data-testid="export-status" data-state={status.kind}>
        {status.kind === 'working' && t('exWorking', { format: status.format, pct: status.pct })}
        {status.kind === 'done' && t('exDone', { file: status.file })}
        {status.kind === 'failed' && t('exFailed', { message: status.message })}
      </p>
    </section>
  );
}
