/**
 * What makes a panel modal (Dialog, the printable report): the page behind made inert, focus moved in on
 * open and given back to where it was on close, Tab kept inside, Esc = `onEscape`.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

/** The opener of the modal open now: a modal that replaces it (one dialog after another) gives focus back there. */
let openModalOpener: HTMLElement | null = null;

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** `ref`: the modal's element (tabIndex −1); returns its keydown handler. */
export function useModal(ref: RefObject<HTMLElement | null>, onEscape: () => void): (e: KeyboardEvent<HTMLElement>) => void {
  const escape = useRef(onEscape);
  useEffect(() => {
    escape.current = onEscape;
  });

  // Where focus was as the modal first rendered: an autoFocus inside it has taken it by the time effects run.
  const [opener] = useState(() => {
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Focus still in the modal this one replaces (about to go): back to where that one was opened from.
    return active?.closest('[aria-modal="true"]') ? openModalOpener : active;
  });
  useEffect(() => {
    openModalOpener = opener;
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    if (!ref.current?.contains(document.activeElement)) ref.current?.focus();
    return () => {
      if (openModalOpener === opener) openModalOpener = null;
      root?.removeAttribute('inert');
      if (opener?.isConnected) opener.focus();
    };
  }, [ref, opener]);

  return (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      escape.current();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && (document.activeElement === first || document.activeElement === ref.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
}
