/**
 * The one import dialog shown at a time: the read progress, a read error, the preview (loaded on demand:
 * it brings the CRS tables), or the load report reopened from the status bar.
 */
import { lazy, Suspense, useEffect } from 'react';
import { useAppStore } from '../../state/store';
import { ImportErrorDialog, ImportProgressDialog } from './ImportStatusDialog';

const loadPreview = () => import('../ImportPreview');
const ImportPreview = lazy(loadPreview);
const LoadReportDialog = lazy(() => import('./LoadReportDialog'));

export function ImportDialogs() {
  const status = useAppStore((s) => s.importStatus);
  const hasPreview = useAppStore((s) => s.importPreview !== null);
  const reportOpen = useAppStore((s) => s.loadReportOpen);
  useEffect(() => {
    // Fetch the preview's code while the files are being read.
    if (status === 'reading') void loadPreview();
  }, [status]);
  if (status === 'reading') return <ImportProgressDialog />;
  if (status === 'error') return <ImportErrorDialog />;
  if ((status === 'preview' || status === 'committing') && hasPreview) {
    return <Suspense fallback={null}><ImportPreview /></Suspense>;
  }
  if (reportOpen) return <Suspense fallback={null}><LoadReportDialog /></Suspense>;
  return null;
}
