/**
 * What makes a panel modal (Dialog, the printable report): the page behind made inert, focus moved in on
 * open and given back to where it was on close, Tab kept inside, Esc = `onEscape`. Modals opened over
 * one another stack (modal-stack.ts): only the last one closing gives the page back.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { closeModal, focusAtOpen, openModal } from './modal-stack';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** `ref`: the modal's element (tabIndex −1); returns its keydown handler. */
export function useModal(ref: RefObject<HTMLElement | null>, onEscape: () => void): (e: KeyboardEvent<HTMLElement>) => void {
  const escape = useRef(onEscape);
  useEffect(() => {
    escape.current = onEscape;
  });

  // Where focus was as the modal first rendered: an autoFocus inside it has taken it by the time effects run.
  const [at] = useState(() => focusAtOpen(document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // A stack (modal-stack.ts): a dialog opened over another leaves the page inert and focus in the one under it.
    const root = document.getElementById('root');
    const modal = openModal(el, at, root);
    if (!el.contains(document.activeElement)) el.focus();
    return () => closeModal(modal, root);
  }, [ref, at]);

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
