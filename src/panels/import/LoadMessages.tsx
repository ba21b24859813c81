/**
 * `load-messages`: every blocker, unreadable file, blocked layer and problem of a load report, one line
 * each, errors red and warnings amber. The same list in the import preview and in the load report.
 */
import type { LoadReport } from '../../io/loader/report';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { reportMessages, type Message } from './text';

interface Props {
  report: LoadReport;
  /** Further warnings of the loaded dataset (LoadedDataset.warnings), as they were given. */
  extra?: readonly string[];
}

export function LoadMessages({ report, extra = [] }: Props) {
  const t = useT();
  const lang = useAppStore((s) => s.lang);
  const messages: Message[] = [
    ...reportMessages(report, lang, t),
    ...extra.map((text, i) => ({ key: `w${i}`, severity: 'warning' as const, source: report.identity.name, text })),
  ];
  const errors = messages.filter((m) => m.severity === 'error').length;
  return (
    <section className="load-messages" data-testid="load-messages" aria-label={t('loadMessages')}>
      <h3>
        {t('loadMessages')}
        {messages.length > 0 && (
          <span className={`msg-count${errors > 0 ? ' msg-count-error' : ''}`}>{messages.length}</span>
        )}
      </h3>
      {messages.length === 0 ? (
        <p className="import-muted">{t('loadMessagesNone')}</p>
      ) : (
        <ul>
          {messages.map((m) => (
            <li key={m.key} className={`msg msg-${m.severity}`} data-severity={m.severity}>
              <span className="msg-mark">{m.severity === 'error' ? t('severityError') : t('severityWarning')}</span>
              <span className="msg-body">
                <span className="msg-source">{m.source}</span>
                <span className="msg-text">{m.text}</span>
                {m.fix && <span className="msg-fix">{t('importFix', { fix: m.fix })}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
