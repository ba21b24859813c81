/**
 * Files dropped anywhere on the app start an import; while files are dragged over the window a
 * full-window overlay says 松开以导入. A dropped folder is read with everything in it (a Shapefile's
 * .shp/.dbf/.prj/.cpg usually sit together in one).
 */
import { useEffect, useRef, useState } from 'react';
import { useT } from '../state/selectors';
import { useAppStore, type AppState } from '../state/store';

/**
 * What files dropped now do: `import`; `wait` while an import is being committed (the overlay shows, the drop
 * is refused); `ignore` while a modal that is not the import's own is open (the printable report): no overlay,
 * the browser's no-drop cursor, nothing changes — an import under it would stack a dialog over what the user is
 * reading. The import's own dialogs (progress, error, preview, load report) are replaced by a new import as
 * before (a preview being corrected asks first).
 */
export function dropAction(s: Pick<AppState, 'importStatus' | 'loadReportOpen'>, modalOpen: boolean): 'import' | 'wait' | 'ignore' {
  if (s.importStatus === 'committing') return 'wait';
  if (modalOpen && s.importStatus === 'idle' && !s.loadReportOpen) return 'ignore';
  return 'import';
}

const currentDropAction = () => dropAction(useAppStore.getState(), document.querySelector('[aria-modal="true"]') !== null);

const hasFiles = (e: DragEvent): boolean => [...(e.dataTransfer?.types ?? [])].includes('Files');

/** Every file of a dropped entry: a file itself, or a folder's files, recursively. */
async function filesOfEntry(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    return new Promise((resolve) => (entry as FileSystemFileEntry).file((f) => resolve([f]), () => resolve([])));
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const entries: FileSystemEntry[] = [];
  // readEntries answers in batches (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve) => reader.readEntries(resolve, () => resolve([])));
    if (batch.length === 0) break;
    entries.push(...batch);
  }
  return (await Promise.all(entries.map(filesOfEntry))).flat();
}

async function droppedFiles(data: DataTransfer): Promise<File[]> {
  // Entries must be taken while the drop event is being handled; reading them may come later.
  const entries = [...data.items].map((i) => (i.kind === 'file' ? i.webkitGetAsEntry?.() : null));
  if (entries.length > 0 && entries.every((e) => e)) {
    const files = (await Promise.all(entries.map((e) => filesOfEntry(e!)))).flat();
    if (files.length > 0) return files;
  }
  return [...data.files];
}

export function DropZone() {
  const t = useT();
  const tRef = useRef(t);
  tRef.current = t;
  const [active, setActive] = useState(false);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setActive(currentDropAction() !== 'ignore');
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = currentDropAction() === 'import' ? 'copy' : 'none';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setActive(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // Never let the browser open the file in place of the app.
      e.preventDefault();
      depth = 0;
      setActive(false);
      if (!e.dataTransfer || currentDropAction() !== 'import') return;
      void droppedFiles(e.dataTransfer).then((files) => {
        // (A folder takes a while to read: a modal may have opened meanwhile.)
        if (files.length === 0 || currentDropAction() !== 'import') return;
        // A preview being corrected (CRS, encoding, columns) is not replaced unasked.
        if (useAppStore.getState().importPreview && !window.confirm(tRef.current('importDropReplace'))) return;
        void useAppStore.getState().startImport(files);
      });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!active) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-card">
        <svg viewBox="0 0 16 16" width="40" height="40" aria-hidden="true" focusable="false">
          <path d="M8 1.5v9M4.5 5 8 1.5 11.5 5M2 10.5v3h12v-3" fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <strong>{t('importDrop')}</strong>
        <span>{t('importDropHint')}</span>
      </div>
    </div>
  );
}
