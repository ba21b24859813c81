import { describe, expect, it } from 'vitest';
import { dropAction } from './DropZone';

describe('files dropped on the window', () => {
  it('are ignored while a modal that is not the import\'s own is open (the printable report): no import dialog stacked over it', () => {
    expect(dropAction({ importStatus: 'idle', loadReportOpen: false }, true)).toBe('ignore');
  });

  it('start an import otherwise, replacing the import\'s own dialog (progress, error, preview, load report) as before', () => {
    expect(dropAction({ importStatus: 'idle', loadReportOpen: false }, false)).toBe('import');
    for (const importStatus of ['reading', 'error', 'preview'] as const) expect(dropAction({ importStatus, loadReportOpen: false }, true)).toBe('import');
    expect(dropAction({ importStatus: 'idle', loadReportOpen: true }, true)).toBe('import');
  });

  it('wait while an import is being committed', () => {
    expect(dropAction({ importStatus: 'committing', loadReportOpen: false }, true)).toBe('wait');
  });
});
