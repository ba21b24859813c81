/**
 * Text typed into a field is saved when the field is left (blur). A tab closed, reloaded or sent to the
 * background fires no blur, so `save` (always the latest) also runs when the page is hidden: `visibilitychange`
 * comes first on a close, while the page can still write to IndexedDB, and `pagehide` covers the rest.
 */
import { useEffect, useRef } from 'react';

export function useSaveOnHide(save: () => void): void {
  const latest = useRef(save);
  latest.current = save;
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') latest.current();
    };
    const onPageHide = () => latest.current();
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, []);
}
