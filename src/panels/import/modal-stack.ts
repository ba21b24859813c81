/**
 * The modals open now, the last one on top: a dialog can open over another (the import progress over the
 * printable report). Only the first one makes the page (#root) inert and only the last one closing gives it
 * back; a modal under another is inert itself meanwhile, and a modal closing gives focus back to where it was
 * opened from, inside the modal under it when that is where. A modal that replaces another (one import dialog
 * after the next) gives focus back to where the one it replaced was opened from.
 */

export interface OpenModal {
  readonly el: HTMLElement;
  /** Where focus goes back on close (null: nowhere known). */
  opener: HTMLElement | null;
}

/** Where focus was as a modal first rendered, and the open modal it was inside (null when none). */
export interface FocusAtOpen {
  active: HTMLElement | null;
  within: OpenModal | null;
}

const stack: OpenModal[] = [];

/** The modals open now, bottom first (a copy). */
export const openModals = (): readonly OpenModal[] => [...stack];

/** Read as a modal first renders (an autoFocus inside it has taken focus by the time effects run). */
export function focusAtOpen(active: HTMLElement | null): FocusAtOpen {
  let within: OpenModal | null = null;
  for (let i = stack.length - 1; i >= 0 && active; i--) {
    if (stack[i]!.el.contains(active)) {
      within = stack[i]!;
      break;
    }
  }
  return { active, within };
}

/**
 * A modal has mounted (`el`): it goes on top. `at` is focusAtOpen as it first rendered: focus was in a modal
 * closed since (this one replaced it) → back to that one's opener; else back to where focus was.
 */
export function openModal(el: HTMLElement, at: FocusAtOpen, root: HTMLElement | null): OpenModal {
  const opener = at.within && !stack.includes(at.within) ? at.within.opener : at.active;
  stack[stack.length - 1]?.el.setAttribute('inert', '');
  root?.setAttribute('inert', '');
  const modal: OpenModal = { el, opener };
  stack.push(modal);
  return modal;
}

/** A modal has gone: the one under it (or, the last one gone, the page) is live again, then focus goes back. */
export function closeModal(modal: OpenModal, root: HTMLElement | null): void {
  const i = stack.indexOf(modal);
  if (i < 0) return;
  stack.splice(i, 1);
  // Modals above this one that were opened from inside it go back to where it was opened from.
  for (const above of stack.slice(i)) {
    if (above.opener && modal.el.contains(above.opener)) above.opener = modal.opener;
  }
  if (i < stack.length) return; // not the top one: focus is in a modal above, which stays
  const under = stack[stack.length - 1];
  if (under) under.el.removeAttribute('inert');
  else root?.removeAttribute('inert');
  if (modal.opener?.isConnected) modal.opener.focus();
}
