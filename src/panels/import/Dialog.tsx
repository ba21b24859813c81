/**
 * A modal dialog: drawn over the page (portal into <body>), the page behind made inert, focus moved in on
 * open and given back on close, Tab kept inside, Esc = `onEscape`. On a phone it is a full-screen sheet
 * (app.css `.modal`).
 */
import { useId, useRef, type ReactNode } from 'react';
import { useModal } from './use-modal';
import { createPortal } from 'react-dom';

interface Props {
  title: ReactNode;
  /** Under the title: totals, a status line. */
  subtitle?: ReactNode;
  /** Esc (and nothing else: there is no click-outside, a stray click must not drop an import). */
  onEscape(): void;
  footer?: ReactNode;
  testId?: string;
  className?: string;
  /** Busy: `aria-busy` while the preview is being recomputed. */
  busy?: boolean;
  children: ReactNode;
}

export function Dialog({ title, subtitle, onEscape, footer, testId, className, busy, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const onKeyDown = useModal(ref, onEscape);

  return createPortal(
    <div className="modal-backdrop">
      <div
        ref={ref}
        className={`modal${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-busy={busy || undefined}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="modal-head">
          <h2 id={titleId}>{title}</h2>
          {subtitle}
        </header>
        <div className="modal-body">{children}</div>
        {footer && <footer className="modal-foot">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}
