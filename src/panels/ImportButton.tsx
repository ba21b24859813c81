/**
 * 导入数据: opens the file picker (the hidden `import-input`, several files or a .zip), and a small "URL"
 * entry that reads a FlatGeobuf from a static server. Reading and the preview are the import slice's.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../state/selectors';
import { useAppStore } from '../state/store';

/** What the loader reads: Shapefile parts (or a .zip of them), GeoJSON, FlatGeobuf, CSV. */
export const IMPORT_ACCEPT = '.zip,.shp,.shx,.dbf,.prj,.cpg,.geojson,.json,.fgb,.csv';

export function ImportButton() {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const startImport = useAppStore((s) => s.startImport);
  const busy = useAppStore((s) => s.importStatus === 'committing');
  return (
    <div className="import-actions">
      <button
        type="button"
        className="import-button"
        data-testid="import-open"
        title={t('importButtonTitle')}
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        <svg className="import-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
          <path d="M8 1.5v9M4.5 5 8 1.5 11.5 5M2 10.5v3h12v-3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="label-long">{t('importButton')}</span>
        <span className="label-short">{t('importButtonShort')}</span>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={IMPORT_ACCEPT}
        data-testid="import-input"
        hidden
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          // Cleared so that choosing the same files again reads them again.
          e.target.value = '';
          if (files.length > 0) void startImport(files);
        }}
      />
      <UrlEntry disabled={busy} />
    </div>
  );
}

/** A FlatGeobuf on a static server, read in ranges (`import-read` with `url`). */
function UrlEntry({ disabled }: { disabled: boolean }) {
  const t = useT();
  const id = useId();
  const details = useRef<HTMLDetailsElement>(null);
  const [href, setHref] = useState('');
  const [invalid, setInvalid] = useState(false);
  const startImportUrl = useAppStore((s) => s.startImportUrl);
  // Only what the map shows (plus nothing else): a city or province need not fit in one tab.
  const [inView, setInView] = useState(true);
  // Keep following the view after the first read (streamSlice.ts).
  const [follow, setFollow] = useState(false);
  const startStream = useAppStore((s) => s.startStream);

  useEffect(() => {
    // Closes on a click outside or Esc, like a menu.
    const onPointer = (e: PointerEvent) => {
      if (details.current?.open && !details.current.contains(e.target as Node)) details.current.open = false;
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, []);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    let url: URL | null;
    try {
      url = new URL(href.trim(), document.baseURI);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (details.current) details.current.open = false;
    if (follow) {
      void startStream(url.href);
      return;
    }
    const view = useAppStore.getState().viewBounds;
    void startImportUrl(url.href, inView && view ? view : null, 'EPSG:4326');
  };

  return (
    <details
      ref={details}
      className="import-url"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && details.current?.open) {
          details.current.open = false;
          details.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary className="import-url-toggle" title={t('importUrlTitle')} aria-disabled={disabled || undefined}>
        {t('importUrl')}
      </summary>
      <form className="import-url-form" onSubmit={submit} noValidate>
        <label htmlFor={`${id}-url`}>{t('importUrlLabel')}</label>
        <div className="import-url-row">
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            placeholder="https://…/parcels.fgb"
            value={href}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `${id}-err` : undefined}
            onChange={(e) => setHref(e.target.value)}
          />
          <button type="submit" className="btn btn-primary" disabled={disabled || href.trim() === ''}>{t('importUrlRead')}</button>
        </div>
        <label className="import-url-view">
          <input type="checkbox" data-testid="import-url-view" checked={inView} onChange={(e) => setInView(e.target.checked)} />
          {t('importUrlInView')}
        </label>
        <label className="import-url-view">
          <input type="checkbox" data-testid="import-url-follow" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          {t('streamFollow')}
        </label>
        {invalid && <p id={`${id}-err`} className="import-url-error" role="alert">{t('importUrlInvalid')}</p>}
      </form>
    </details>
  );
}
