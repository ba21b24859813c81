import { afterEach, describe, expect, it } from 'vitest';
import { closeModal, focusAtOpen, openModal, openModals } from './modal-stack';

/** A stand-in for an element: its attributes, what it holds, and where focus is. */
let focused: unknown = null;
class Fake {
  readonly attrs = new Set<string>();
  readonly kids: Fake[] = [];
  isConnected = true;
  constructor(readonly name: string, parent?: Fake) {
    parent?.kids.push(this);
  }
  setAttribute(n: string) { this.attrs.add(n); }
  removeAttribute(n: string) { this.attrs.delete(n); }
  contains(other: unknown): boolean { return other === this || this.kids.some((k) => k.contains(other)); }
  focus() { focused = this as unknown; }
  get inert() { return this.attrs.has('inert'); }
}
const el = (f: Fake) => f as unknown as HTMLElement;
const at = () => focusAtOpen(focused instanceof Fake ? el(focused) : null);

afterEach(() => {
  for (const m of [...openModals()].reverse()) closeModal(m, null);
  focused = null;
});

describe('modals opened over one another', () => {
  it('closing the inner one (Esc on the import progress over the report) keeps the page inert and focus in the outer', () => {
    const root = new Fake('root');
    const printButton = new Fake('打印报告', root);
    const report = new Fake('report');
    const reportClose = new Fake('关闭', report);
    const progress = new Fake('import-progress');
    printButton.focus();
    const outer = openModal(el(report), at(), el(root));
    reportClose.focus(); // autoFocus
    expect(root.inert).toBe(true);

    const inner = openModal(el(progress), at(), el(root));
    expect(report.inert).toBe(true); // the report under it is out of reach meanwhile
    closeModal(inner, el(root));
    expect(root.inert).toBe(true); // was: the page came back while the report was still open
    expect(report.inert).toBe(false);
    expect(focused).toBe(reportClose); // was: focus went behind the report

    closeModal(outer, el(root));
    expect(root.inert).toBe(false);
    expect(focused).toBe(printButton);
  });

  it('a modal that replaces another (the preview after the progress) gives focus back to where the first was opened from', () => {
    const root = new Fake('root');
    const importButton = new Fake('导入', root);
    const progress = new Fake('import-progress');
    const progressCancel = new Fake('取消', progress);
    importButton.focus();
    const first = openModal(el(progress), at(), el(root));
    progressCancel.focus();
    // The preview renders while focus is still in the progress dialog; the progress is gone by its effects.
    const when = at();
    closeModal(first, el(root));
    progress.isConnected = false;
    const preview = new Fake('import-preview');
    const second = openModal(el(preview), when, el(root));
    expect(root.inert).toBe(true);
    closeModal(second, el(root));
    expect(root.inert).toBe(false);
    expect(focused).toBe(importButton);
  });

  it('the outer one closed first: the inner one goes back to where the outer was opened from, and the last one gives the page back', () => {
    const root = new Fake('root');
    const opener = new Fake('打印报告', root);
    const outerEl = new Fake('report');
    const inside = new Fake('关闭', outerEl);
    opener.focus();
    const outer = openModal(el(outerEl), at(), el(root));
    inside.focus();
    const inner = openModal(el(new Fake('dialog')), at(), el(root));
    closeModal(outer, el(root));
    expect(root.inert).toBe(true);
    closeModal(inner, el(root));
    expect(root.inert).toBe(false);
    expect(focused).toBe(opener);
  });
});
